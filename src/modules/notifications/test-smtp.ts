import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server for tests and the bench: keeps every message it accepts (raw and, on demand, parsed). */
export interface SmtpSink {
  port: number;
  url: string;
  /** Every accepted message, in order: envelope recipients and the raw text. */
  received: Array<{ rcpt: string[]; raw: Buffer; messageId: string | null }>;
  parsed(): Promise<ParsedMail[]>;
  /** Resolves when `n` messages have been accepted. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { keepRaw?: boolean; onMessage?: (count: number) => void } = {}): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    maxClients: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const head = raw.subarray(0, Math.min(raw.length, 8192)).toString('latin1');
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? null;
        received.push({ rcpt: session.envelope.rcptTo.map((r) => r.address), raw: options.keepRaw === false ? Buffer.alloc(0) : raw, messageId });
        options.onMessage?.(received.length);
        for (const w of [...waiters]) {
          if (received.length < w.n) continue;
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
        callback(null, `2.0.0 Ok: queued as T${received.length}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    parsed: () => Promise.all(received.map((r) => simpleParser(r.raw))),
    waitFor: (n, timeoutMs = 30_000) =>
      received.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} messages arrived`)), timeoutMs);
            waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
          }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
