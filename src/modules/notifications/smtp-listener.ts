import { SMTPServer } from 'smtp-server';
import type { Deps } from '../../deps.ts';
import { MAX_MESSAGE_BYTES, receiveEmail } from './inbound.ts';

/**
 * The inbound SMTP listener (off unless FRONTDOOR_INBOUND_SMTP_PORT is set): the city's mail
 * exchanger, or a relay in front of it, hands mail for the 311 address to this port. It takes mail
 * for the configured address (and its +tags) only, never relays, and files each message through
 * receiveEmail; a message that cannot be filed is refused with a temporary error (451), so the
 * sending server tries again. TLS and authentication belong to the relay in front of it.
 */
export interface ListenerOptions {
  port: number;
  host: string;
  /** The 311 address; null = take mail for any address (tests, a dedicated relay). */
  address: string | null;
  log?: { error(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export async function startInboundSmtp(deps: Deps, options: ListenerOptions): Promise<{ port: number; close(): Promise<void> }> {
  const [local, domain] = options.address ? options.address.split('@') : [null, null];
  const ours = (address: string) => {
    if (!local || !domain) return true;
    const [l = '', d = ''] = address.toLowerCase().split('@');
    return d === domain && (l === local || l.startsWith(`${local}+`));
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    banner: 'Frontdoor 311 inbound mail',
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!ours(address.address)) return callback(Object.assign(new Error(`5.1.1 <${address.address}>: not a mailbox here`), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }));
        }
        receiveEmail(deps, Buffer.concat(chunks), { via: 'smtp', envelopeTo: session.envelope.rcptTo.map((r) => r.address) }).then(
          (r) => {
            options.log?.info({ inbound: r.id, kind: r.kind, duplicate: r.duplicate }, 'inbound e-mail filed');
            callback(null, `2.0.0 filed as ${r.id}`);
          },
          (error: unknown) => {
            options.log?.error({ err: error instanceof Error ? error.message : String(error) }, 'inbound e-mail could not be filed');
            callback(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const bound = server.server.address();
  return {
    port: typeof bound === 'object' && bound ? bound.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
