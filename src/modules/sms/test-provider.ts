import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server speaking the part of Twilio's Messages API Frontdoor uses, for tests: it checks
 * the path, the Basic credentials and the form body, records what arrived, and answers like Twilio
 * (201 with a message resource, or a JSON error), or as told: a status code, or no answer at all.
 */

export interface ReceivedSms {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  to: string;
  from: string;
  body: string;
}

export type Behaviour = { status: number; code?: number; message?: string } | 'hang';

export interface FakeProvider {
  url: string;
  received: ReceivedSms[];
  /** Answers for the next requests, in order; afterwards, 201. */
  plan: Behaviour[];
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

export async function startFakeProvider(accountSid: string, authToken: string): Promise<FakeProvider> {
  const received: ReceivedSms[] = [];
  const plan: Behaviour[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return json(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = new URLSearchParams(raw);
    const message: ReceivedSms = {
      path: req.url,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      to: form.get('To') ?? '',
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
    };
    const behaviour = plan.shift();
    if (behaviour === 'hang') {
      hanging.add(res);
      return;
    }
    if (behaviour && behaviour.status >= 300) return json(behaviour.status, { code: behaviour.code ?? behaviour.status * 100, message: behaviour.message ?? 'refused', more_info: 'https://www.twilio.com/docs/errors', status: behaviour.status });
    if (!message.to || !message.body) return json(400, { code: 21604, message: "A 'To' phone number and a 'Body' are required.", status: 400 });
    received.push(message);
    json(201, { sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued', to: message.to, from: message.from, body: message.body, num_segments: '1' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    plan,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
