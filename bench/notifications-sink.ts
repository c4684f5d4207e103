/** A local SMTP server for the notification bench, in a process of its own: prints its port, and its count when stopped. */
import { startSmtpSink } from '../src/modules/notifications/test-smtp.ts';

const sink = await startSmtpSink({ keepRaw: false });
process.stdout.write(`port ${sink.port}\n`);
process.on('SIGTERM', () => {
  const distinct = new Set(sink.received.map((r) => r.messageId)).size;
  process.stdout.write(`received ${sink.received.length} distinct ${distinct}\n`);
  void sink.close().then(() => process.exit(0));
});
