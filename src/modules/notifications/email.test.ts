import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import { buildApp } from '../../app.ts';
import { Worker } from '../../jobs/queue.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { addNote, followRequest, getTimeline, mergeServiceRequests, transitionServiceRequest } from '../requests/index.ts';
import { createEmailChannel } from './email.ts';
import { ChannelRegistry, enqueueNotifications, notificationJobHandlers } from './outbox.ts';
import { startInboundSmtp } from './smtp-listener.ts';
import { startSmtpSink, type SmtpSink } from './test-smtp.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const INBOUND = '311@testville.gov';
const SECRET = 'inbound-secret-for-tests-0123456789';
const app = await buildApp({
  deps: t.deps,
  handle: t.handle,
  config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: 'https://311.testville.gov', notifications: { inboundAddress: INBOUND, inboundSmtpPort: null, inboundSmtpHost: '127.0.0.1', inboundSecret: SECRET, smtpConnections: 2, workers: 1 } },
});
let sink: SmtpSink;
let channel: ReturnType<typeof createEmailChannel>;
let worker: Worker;
before(async () => {
  sink = await startSmtpSink();
  channel = createEmailChannel({ smtpUrl: sink.url, from: 'Testville 311 <noreply@testville.gov>', publicUrl: 'https://311.testville.gov', inboundAddress: INBOUND, maxConnections: 2 });
  const registry = new ChannelRegistry();
  registry.register('email', channel.deliver);
  worker = new Worker(t.deps, { handlers: notificationJobHandlers(registry), batchSize: 50 });
});
after(async () => {
  channel.close();
  await sink.close();
  await app.close();
});

/** Runs the outbox until it is empty; returns the messages that arrived meanwhile, parsed. */
async function deliver(): Promise<ParsedMail[]> {
  const start = sink.received.length;
  while ((await worker.runOnce()) > 0);
  return Promise.all(sink.received.slice(start).map((r) => simpleParser(r.raw)));
}
const rawHeader = (m: ParsedMail | undefined, name: string) => m?.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '') ?? '';
const toOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;
const fixture = (name: string, values: Record<string, string>) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? `{{${k}}}`);
let nonce = 0;
const webhook = (raw: string, headers: Record<string, string> = { 'x-frontdoor-inbound-secret': SECRET }) =>
  app.inject({ method: 'POST', url: '/api/v1/inbound/email', headers: { 'content-type': 'message/rfc822', ...headers }, payload: raw });

describe('e-mail notifications over a real SMTP server', () => {
  let request: Awaited<ReturnType<typeof createPothole>>['request'];
  let resolvedMail: ParsedMail;

  test('request received: in the requester\'s language, plain text and HTML, tracking link, unsubscribe headers, reply token', async () => {
    request = (await createPothole(t.deps, { requester: { name: 'Ana', email: 'Ana.Resident@example.org' }, locale: 'es' })).request;
    const [mail, ...rest] = await deliver();
    assert.equal(rest.length, 0);
    assert.ok(mail);
    assert.equal(toOf(mail), 'ana.resident@example.org');
    assert.equal(mail.subject, `Recibimos su solicitud ${request.trackingNumber}`);
    assert.match(mail.text ?? '', new RegExp(`número de seguimiento es ${request.trackingNumber}`));
    assert.match(mail.text ?? '', new RegExp(`https://311\\.testville\\.gov/track/${request.trackingNumber}`));
    assert.match(String(mail.html), /<html lang="es">/);
    assert.match(String(mail.html), new RegExp(`href="https://311.testville.gov/track/${request.trackingNumber}"`));
    assert.match(mail.messageId ?? '', /^<n\d+\.[0-9a-f]{16}@testville\.gov>$/);
    const unsubscribe = rawHeader(mail, 'list-unsubscribe');
    assert.match(unsubscribe, /^<https:\/\/311\.testville\.gov\/notifications\/unsubscribe\/\d+\.[0-9a-f]{20}>$/);
    assert.equal(rawHeader(mail, 'list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.equal(String(mail.headers.get('auto-submitted')), 'auto-generated');
    assert.match(mail.replyTo?.value[0]?.address ?? '', /^311\+r\.\d+\.[0-9a-f]{20}@testville\.gov$/);
    assert.ok(request.description.length > 5 && !(mail.text ?? '').includes(request.description), 'no description in the mail');
    assert.doesNotMatch(mail.text ?? '', /\bAna\b/, 'no name in the mail');
  });

  test('status change and public note reach the requester and followers (each in their language); HTML is escaped; internal notes notify nobody', async () => {
    await followRequest(t.deps, request.id, { email: 'neighbour@example.org', locale: 'vi' });
    await transitionServiceRequest(t.deps, { request: request.id, to: 'acknowledged', expectedVersion: request.version, actor: 'staff:1', publicNote: 'Crew <script>alert(1)</script> & cones tomorrow' });
    const mails = await deliver();
    assert.deepEqual(mails.map(toOf).sort(), ['ana.resident@example.org', 'neighbour@example.org']);
    const es = mails.find((m) => toOf(m) === 'ana.resident@example.org');
    const vi = mails.find((m) => toOf(m) === 'neighbour@example.org');
    assert.equal(es?.subject, `Solicitud ${request.trackingNumber}: vista por el equipo que la atiende`);
    assert.match(vi?.subject ?? '', /đã được nhóm phụ trách xem/);
    assert.match(es?.text ?? '', /Crew\s+& cones tomorrow/, 'plain text as written (markup was cleaned at the note)');
    assert.match(String(es?.html), /Crew\s+&amp; cones tomorrow/, 'escaped in HTML');
    assert.doesNotMatch(String(es?.html), /<script>/);
    await addNote(t.deps, { request: request.id, actor: 'staff:1', internalNote: 'call the contractor' });
    assert.equal((await deliver()).length, 0, 'an internal note is not sent');
    await addNote(t.deps, { request: request.id, actor: 'staff:1', publicNote: 'The crew is on its way.' });
    const notes = await deliver();
    assert.equal(notes.length, 2);
    assert.ok(notes.every((m) => /The crew is on its way\./.test(m.text ?? '')));
  });

  test('resolved: survey link; the survey page takes one answer per recipient, editable; bad ratings are a 400', async () => {
    const current = (await getTimeline(t.deps, request.id)) && (await import('../requests/index.ts')).getServiceRequest(t.deps, request.id);
    const r = await current;
    await transitionServiceRequest(t.deps, { request: request.id, to: 'in_progress', expectedVersion: r.version, actor: 'staff:1' });
    await transitionServiceRequest(t.deps, { request: request.id, to: 'resolved', expectedVersion: r.version + 1, actor: 'staff:1', publicNote: 'Filled.' });
    const mails = await deliver();
    resolvedMail = mails.find((m) => toOf(m) === 'ana.resident@example.org' && /resuelta/.test(m.subject ?? '')) as ParsedMail;
    assert.ok(resolvedMail, 'the resolved mail');
    const survey = /https:\/\/311\.testville\.gov(\/notifications\/survey\/[\w.]+)/.exec(resolvedMail.text ?? '')?.[1];
    assert.ok(survey);
    const page = await app.inject({ method: 'GET', url: survey });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="es">/);
    assert.match(page.body, /<legend>¿Qué tan satisfecho está/);
    assert.match(page.body, /<label for="rating-5">5 – muy satisfecho<\/label>/);
    const bad = await app.inject({ method: 'POST', url: survey, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=9' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /role="alert"/);
    const ok = await app.inject({ method: 'POST', url: survey, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=2&comment=Slow+but+fixed' });
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /role="status"/);
    const again = await app.inject({ method: 'POST', url: survey, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=4' });
    assert.equal(again.statusCode, 200);
    const rows = await t.deps.db.selectFrom('survey_responses').selectAll().execute();
    assert.equal(rows.length, 1, 'one answer per request and recipient');
    assert.equal(rows[0]?.rating, 4);
    assert.equal(rows[0]?.subject_id, request.id);
    assert.equal((await app.inject({ method: 'GET', url: survey.replace(/.$/, (c) => (c === '0' ? '1' : '0')) })).statusCode, 404, 'a tampered token');
    const analyst = (await staffSession(app, t.deps, ['analyst'])).session.headers;
    const summary = await app.inject({ method: 'GET', url: '/api/v1/notifications/surveys/summary', headers: analyst });
    assert.deepEqual(summary.json(), { kind: 'request', answers: 1, average: 4 });
  });

  test('a reply to a notification becomes an internal note with the quoted text stripped; auto-replies do not', async () => {
    const raw = fixture('reply-quoted.eml', { TO: INBOUND, SUBJECT: resolvedMail.subject ?? '', MESSAGE_ID: resolvedMail.messageId ?? '', NONCE: String(++nonce) });
    assert.equal((await webhook(raw, {})).statusCode, 401);
    assert.equal((await webhook(raw, { 'x-frontdoor-inbound-secret': 'wrong-secret-0123456789' })).statusCode, 401);
    assert.equal((await webhook('not a mail at all')).statusCode, 400);
    const res = await webhook(raw);
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().kind, 'reply');
    assert.equal(res.json().requestId, request.id);
    assert.equal((await webhook(raw)).json().duplicate, true, 'the same message again is filed once');
    const timeline = await getTimeline(t.deps, request.id);
    const note = timeline.filter((e) => e.actor === 'resident:email-reply');
    assert.equal(note.length, 1);
    assert.equal(note[0]?.public_note, null, 'internal, not published');
    assert.match(note[0]?.internal_note ?? '', /^E-mail reply from the resident \(ana\.resident@example\.org\):/);
    assert.match(note[0]?.internal_note ?? '', /still there, and it got deeper/);
    assert.doesNotMatch(note[0]?.internal_note ?? '', /wrote:|is resolved|track\//);
    for (const name of ['auto-reply.eml', 'vacation-no-headers.eml']) {
      const auto = await webhook(fixture(name, { TO: INBOUND, SUBJECT: resolvedMail.subject ?? '', MESSAGE_ID: resolvedMail.messageId ?? '', NONCE: String(++nonce) }));
      assert.equal(auto.json().kind, 'auto_reply', name);
    }
    assert.equal((await getTimeline(t.deps, request.id)).filter((e) => e.actor === 'resident:email-reply').length, 1, 'no note from an auto-reply');
  });

  test('the SMTP listener threads by reply token: HTML-only reply with an attachment kept', async () => {
    const listener = await startInboundSmtp(t.deps, { port: 0, host: '127.0.0.1', address: INBOUND });
    try {
      const replyTo = resolvedMail.replyTo?.value[0]?.address as string;
      const raw = fixture('reply-html-attachment.eml', { TO: replyTo, SUBJECT: resolvedMail.subject ?? '', NONCE: String(++nonce) });
      const client = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
      await client.sendMail({ envelope: { from: 'bao@example.net', to: [replyTo] }, raw });
      await assert.rejects(client.sendMail({ envelope: { from: 'x@example.net', to: ['someone@elsewhere.example'] }, raw }), /550|not a mailbox/);
      client.close();
      const message = await t.deps.db.selectFrom('inbound_messages').selectAll().where('from_address', '=', 'bao@example.net').executeTakeFirstOrThrow();
      assert.equal(message.kind, 'reply');
      assert.equal(message.received_via, 'smtp');
      assert.equal(message.request_id, request.id);
      assert.match(message.reply_text ?? '', /photo of the pothole & the cone/);
      assert.doesNotMatch(message.reply_text ?? '', /There is news/);
      assert.deepEqual(message.attachments.map((a) => [a.filename, a.contentType, a.kept]), [['pothole.jpg', 'image/jpeg', true]]);
      const stored = await t.deps.db.selectFrom('inbound_attachments').selectAll().where('message_id', '=', message.id).execute();
      assert.equal(Buffer.from(stored[0]?.content ?? []).subarray(0, 2).toString('hex'), 'ffd8', 'the JPEG itself');
      const note = (await getTimeline(t.deps, request.id)).filter((e) => e.actor === 'resident:email-reply').at(-1);
      assert.match(note?.internal_note ?? '', /^E-mail reply to a notification sent to ana\.resident@example\.org, from bao@example\.net:/);
      assert.match(note?.internal_note ?? '', /pothole\.jpg \(image\/jpeg/);
    } finally {
      await listener.close();
    }
  });

  test('new mail is kept for the contact log (HTML-only, attachments); nothing is added to any request', async () => {
    const html = await webhook(fixture('new-html-only.eml', { NONCE: String(++nonce) }));
    assert.equal(html.json().kind, 'new');
    const row = await t.deps.db.selectFrom('inbound_messages').selectAll().where('id', '=', html.json().id).executeTakeFirstOrThrow();
    assert.equal(row.from_name, 'María López');
    assert.equal(row.subject, 'Basura sin recoger en la calle Olmo');
    assert.match(row.text_body ?? '', /no se ha recogido desde hace dos semanas/);
    assert.doesNotMatch(row.text_body ?? '', /alert\(1\)|<p>/);
    assert.equal(row.request_id, null);
    const json = await app.inject({
      method: 'POST',
      url: '/api/v1/inbound/email',
      headers: { 'x-frontdoor-inbound-secret': SECRET },
      payload: { rawBase64: Buffer.from(fixture('new-with-attachment.eml', { NONCE: String(++nonce) })).toString('base64') },
    });
    assert.equal(json.statusCode, 201);
    const withFiles = await t.deps.db.selectFrom('inbound_messages').selectAll().where('id', '=', json.json().id).executeTakeFirstOrThrow();
    assert.deepEqual(withFiles.attachments.map((a) => [a.filename, a.contentType]), [['map.pdf', 'application/pdf'], ['notes.txt', 'text/plain']]);
    assert.match(withFiles.text_body ?? '', /out for a week/);
  });

  test('a bounce marks the address: nothing more is queued for it', async () => {
    const victim = (await createPothole(t.deps, { requester: { email: 'gone@example.com' } })).request;
    const [mail] = await deliver();
    assert.equal(toOf(mail as ParsedMail), 'gone@example.com');
    const res = await webhook(fixture('bounce-dsn.eml', { BOUNCED: 'gone@example.com', SUBJECT: mail?.subject ?? '', MESSAGE_ID: mail?.messageId ?? '', NONCE: String(++nonce) }));
    assert.equal(res.json().kind, 'bounce');
    assert.equal(res.json().bouncedRecipient, 'gone@example.com');
    const suppression = await t.deps.db.selectFrom('notification_suppressions').selectAll().where('recipient', '=', 'gone@example.com').executeTakeFirstOrThrow();
    assert.equal(suppression.reason, 'bounced');
    await transitionServiceRequest(t.deps, { request: victim.id, to: 'acknowledged', expectedVersion: victim.version, actor: 'staff:1' });
    assert.equal((await deliver()).length, 0);
    assert.equal((await getTimeline(t.deps, victim.id)).some((e) => e.kind === 'note'), false, 'a bounce is no note');
  });

  test('unsubscribe: the GET page asks; one-click POST (RFC 8058) stops mail about that request only; the form can stop all', async () => {
    const other = (await createPothole(t.deps, { requester: { email: 'ana.resident@example.org' } })).request;
    await deliver();
    const last = (await t.deps.db.selectFrom('notification_outbox').select('id').where('event_key', '=', `request:${request.id}:received`).executeTakeFirstOrThrow()).id;
    const received = (await sink.parsed()).find((m) => m.messageId?.startsWith(`<n${last}.`));
    const url = /<https:\/\/311\.testville\.gov(\/[^>]+)>/.exec(rawHeader(received, 'list-unsubscribe'))?.[1] as string;
    const page = await app.inject({ method: 'GET', url });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /a••@example\.org/);
    assert.doesNotMatch(page.body, /ana\.resident/);
    assert.equal(
      (await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })).statusCode,
      200,
    );
    const now = await (await import('../requests/index.ts')).getServiceRequest(t.deps, request.id);
    await transitionServiceRequest(t.deps, { request: request.id, to: 'closed', expectedVersion: now.version, actor: 'staff:1' });
    const otherNow = await (await import('../requests/index.ts')).getServiceRequest(t.deps, other.id);
    await transitionServiceRequest(t.deps, { request: other.id, to: 'acknowledged', expectedVersion: otherNow.version, actor: 'staff:1' });
    const mails = await deliver();
    assert.deepEqual(mails.map((m) => `${toOf(m)} ${m.subject}`).sort(), [
      `ana.resident@example.org Request ${other.trackingNumber}: seen by the team that handles it`,
      `neighbour@example.org Yêu cầu ${request.trackingNumber}: đã đóng`,
    ]);
    await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'which=all' });
    await addNote(t.deps, { request: other.id, actor: 'staff:1', publicNote: 'Scheduled.' });
    assert.equal((await deliver()).length, 0, 'unsubscribed from everything');
  });

  test('follow without an account: a confirmation mail first; confirmed, the address gets updates; merges carry followers', async () => {
    const a = (await createPothole(t.deps, { requester: { email: 'child.requester@example.org' }, locale: 'ru' })).request;
    const b = (await createPothole(t.deps)).request;
    await deliver();
    const res = await app.inject({ method: 'POST', url: `/api/v1/requests/${a.trackingNumber}/email-followers`, payload: { email: 'Watcher@Example.org', locale: 'es' } });
    assert.equal(res.statusCode, 202);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/requests/${a.trackingNumber}/email-followers`, payload: { email: 'nope' } })).statusCode, 400);
    const [confirm] = await deliver();
    assert.equal(confirm?.subject, `Confirme: seguir la solicitud ${a.trackingNumber}`);
    const link = /https:\/\/311\.testville\.gov(\/notifications\/follow\/[\w.]+)/.exec(confirm?.text ?? '')?.[1] as string;
    assert.equal((await app.inject({ method: 'GET', url: link })).statusCode, 200);
    const before = await t.deps.db.selectFrom('request_followers').selectAll().where('request_id', '=', a.id).execute();
    assert.equal(before.length, 0, 'a GET (a mail scanner) follows nothing');
    assert.equal((await app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })).statusCode, 200);
    await mergeServiceRequests(t.deps, { child: a.id, parent: b.id, expectedChildVersion: a.version, actor: 'staff:1' });
    const merged = await deliver();
    assert.deepEqual(merged.map((m) => toOf(m)).sort(), ['child.requester@example.org', 'watcher@example.org']);
    assert.match(merged.find((m) => toOf(m) === 'child.requester@example.org')?.subject ?? '', new RegExp(`объединено с ${b.trackingNumber}`));
    const bNow = await (await import('../requests/index.ts')).getServiceRequest(t.deps, b.id);
    await transitionServiceRequest(t.deps, { request: b.id, to: 'acknowledged', expectedVersion: bNow.version, actor: 'staff:1' });
    const parentMails = await deliver();
    assert.deepEqual(parentMails.map((m) => toOf(m)).sort(), ['ana@example.org', 'child.requester@example.org', 'watcher@example.org'], "the parent's requester, and the merged request's requester and follower");
    assert.match(parentMails.find((m) => toOf(m) === 'child.requester@example.org')?.subject ?? '', /Обращение/, 'in the language the requester chose');
  });

  test('a survey after a contact (the kind issue 6 sends): same page, stored as kind contact', async () => {
    await t.deps.db.transaction().execute((trx) =>
      enqueueNotifications(trx, [{ eventKey: 'contact:77:survey', channel: 'email', recipient: 'caller@example.org', locale: 'zh-Hant', template: 'contact.survey', data: { contactId: 77 } }], t.clock.now()),
    );
    const [mail] = await deliver();
    assert.equal(mail?.subject, '我們的服務如何？');
    const url = /https:\/\/311\.testville\.gov(\/notifications\/survey\/[\w.]+)/.exec(mail?.text ?? '')?.[1] as string;
    const page = await app.inject({ method: 'GET', url });
    assert.match(page.body, /您對 311 提供的協助滿意嗎？/);
    await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=5' });
    const row = await t.deps.db.selectFrom('survey_responses').selectAll().where('kind', '=', 'contact').executeTakeFirstOrThrow();
    assert.deepEqual([row.subject_id, row.rating, row.respondent, row.locale], [77, 5, 'caller@example.org', 'zh-Hant']);
    t.clock.advance(91 * 86_400_000);
    const late = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'rating=1' });
    assert.equal(late.statusCode, 410, 'closed after 90 days');
    assert.match(late.body, /此問卷已結束/);
  });

  test('dead letters: administrators list and retry them; others may not', async () => {
    await t.deps.db.transaction().execute((trx) =>
      enqueueNotifications(trx, [{ eventKey: 'test:unknown-template', channel: 'email', recipient: 'x@example.org', locale: 'en', template: 'no.such.template', data: {} }], t.clock.now()),
    );
    await deliver();
    const admin = (await staffSession(app, t.deps, ['administrator'])).session.headers;
    const agent = (await staffSession(app, t.deps, ['agent'])).session.headers;
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/notifications/dead-letters', headers: agent })).statusCode, 403);
    const list = await app.inject({ method: 'GET', url: '/api/v1/notifications/dead-letters', headers: admin });
    const dead = list.json().items.find((d: { eventKey: string }) => d.eventKey === 'test:unknown-template');
    assert.match(dead.lastError, /no e-mail template "no.such.template"/);
    const retry = await app.inject({ method: 'POST', url: `/api/v1/notifications/dead-letters/${dead.id}/retry`, headers: admin });
    assert.equal(retry.statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/notifications/dead-letters/${dead.id}/retry`, headers: admin })).statusCode, 404);
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'notification.retried').execute();
    assert.equal(audit.length, 1);
  });
});
