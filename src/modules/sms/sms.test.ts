import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import { LOCALES, MESSAGE_KEYS, t } from '../../i18n/index.ts';
import { Worker } from '../../jobs/queue.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';
import { ChannelRegistry, enqueueNotifications, notificationJobHandlers } from '../notifications/outbox.ts';
import { addNote, getServiceRequest, transitionServiceRequest } from '../requests/index.ts';
import { DIALOGUE_TIMEOUT_MS, PermanentSmsError, REQUEST_UPDATE_TEMPLATE, TemporarySmsError, fitSms, sendSms, smsDelivery, smsEncoding, smsItemsForRequestChange, twilioSignature, verifyTwilioSignature } from './index.ts';
import { startFakeProvider } from './test-provider.ts';

const t0 = await openTestDatabase();
const db = t0.deps.db;
await seedTestville(t0.deps);

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-auth-token-0123456789';
const FROM = '+15035550000';
const PUBLIC_URL = 'https://311.testville.example';
const provider = await startFakeProvider(SID, TOKEN);
const sms = { accountSid: SID, authToken: TOKEN, from: FROM, apiUrl: provider.url };
const app = await buildApp({ deps: t0.deps, handle: t0.handle, config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: PUBLIC_URL, sms } });
after(async () => {
  await app.close();
  await provider.close();
});

let sidCounter = 0;
/** Sends a text to the webhook as the provider would, signed (or with `signature` instead). */
async function text(from: string, body: string, options: { signature?: string | null; sid?: string } = {}) {
  const params: Record<string, string> = { MessageSid: options.sid ?? `SM${String(++sidCounter).padStart(32, 'f')}`, AccountSid: SID, From: from, To: FROM, Body: body, NumMedia: '0' };
  const signature = options.signature === undefined ? twilioSignature(TOKEN, `${PUBLIC_URL}/sms/inbound`, params) : options.signature;
  const res = await app.inject({
    method: 'POST',
    url: '/sms/inbound',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== null && { 'x-twilio-signature': signature }) },
    payload: new URLSearchParams(params).toString(),
  });
  const reply = /<Message>([\s\S]*)<\/Message>/.exec(res.body)?.[1]?.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') ?? null;
  return { status: res.statusCode, body: res.body, reply, type: res.headers['content-type'] };
}
const countMessages = async () => Number((await db.selectFrom('sms_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('SMS length: GSM-7 and UCS-2', () => {
  test('encodings and segments', () => {
    assert.deepEqual(smsEncoding('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1 });
    assert.deepEqual(smsEncoding('a'.repeat(161)), { encoding: 'GSM-7', units: 161, segments: 2 });
    assert.deepEqual(smsEncoding('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 }, 'an extension character takes two septets');
    assert.deepEqual(smsEncoding('ñé¿¡ü'), { encoding: 'GSM-7', units: 5, segments: 1 }, 'Spanish ñ, é, ¿, ¡ are in GSM-7');
    assert.deepEqual(smsEncoding('á'.repeat(70)), { encoding: 'UCS-2', units: 70, segments: 1 }, 'á is not');
    assert.deepEqual(smsEncoding('á'.repeat(71)), { encoding: 'UCS-2', units: 71, segments: 2 });
    assert.equal(smsEncoding('😀').units, 2, 'an emoji is two UTF-16 units');
  });

  test('fitSms keeps a message within two segments: 306 septets or 134 units, never splitting a character', () => {
    const long = fitSms('word '.repeat(200));
    assert.ok(smsEncoding(long).segments <= 2 && long.endsWith('...') && long.length <= 306 && long.length > 250, long);
    const ucs = fitSms('Cảnh báo '.repeat(40));
    assert.equal(smsEncoding(ucs).encoding, 'UCS-2');
    assert.ok(ucs.length <= 134 && ucs.length > 100, String(ucs.length));
    const emoji = fitSms('😀'.repeat(100));
    assert.ok(emoji.length <= 134 && !/[\uD800-\uDBFF]\.\.\.$/.test(emoji), 'no lone surrogate before the ellipsis');
    assert.equal(fitSms('short  text'), 'short text');
  });

  test('every reply in every language fits two segments without being cut (320 characters at most)', () => {
    const values = { tracking: 'PDX-2026-000123', service: 'Abandoned vehicle', status: 'referred', address: '1221 SW 4th Ave and Main St', answer: 'x', menu: '1 Pothole, 2 Graffiti, 3 Streetlight out', question: 'How big is it?', note: '', severity: 'extreme', kind: 'Update', title: 'Boil water notice', body: 'x', area: 'East Portland', url: 'x', expires: 'x', city: 'Portland' };
    for (const locale of LOCALES) {
      for (const key of MESSAGE_KEYS.filter((k) => k.startsWith('sms.') || /^alerts\.(confirmSms|newRequestSms)$/.test(k))) {
        const out = t(locale, key, values);
        const enc = smsEncoding(out);
        assert.ok(enc.segments <= 2 && out.length <= 320, `${locale} ${key}: ${enc.encoding} ${enc.units} units, ${enc.segments} segments: ${out}`);
      }
    }
  });
});

describe('Twilio signatures', () => {
  test("Twilio's documented example signs to its documented value", () => {
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
    assert.equal(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    assert.ok(verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ='));
    assert.ok(!verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=3', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ='), 'another URL');
    assert.ok(!verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', { ...params, Digits: '1235' }, '0/KCTR6DLpKmkAf8muzZqo1nDgQ='), 'another parameter');
    assert.ok(!verifyTwilioSignature('54321', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, '0/KCTR6DLpKmkAf8muzZqo1nDgQ='), 'another token');
    assert.ok(!verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, undefined));
    assert.ok(!verifyTwilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params, 'short'));
  });
});

describe('the provider API client against a local server speaking it', () => {
  test('a message arrives as form fields with Basic credentials at the account’s Messages.json', async () => {
    const sent = await sendSms(sms, { to: '+15035550111', body: 'Hola, ¿qué tal? Straße', idempotencyKey: 'outbox-1' });
    assert.match(sent.sid, /^SM/);
    const got = provider.received.at(-1);
    assert.equal(got?.path, `/2010-04-01/Accounts/${SID}/Messages.json`);
    assert.equal(got?.contentType, 'application/x-www-form-urlencoded');
    assert.equal(got?.authorization, `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
    assert.deepEqual([got?.to, got?.from, got?.body, got?.idempotencyKey], ['+15035550111', FROM, 'Hola, ¿qué tal? Straße', 'outbox-1']);
  });

  test('4xx is permanent, 5xx and 429 are temporary, so are timeouts and refused connections', async () => {
    provider.plan.push({ status: 400, code: 21211, message: "The 'To' number +1555 is not a valid phone number." });
    await assert.rejects(sendSms(sms, { to: '+1555', body: 'x' }), (e: unknown) => e instanceof PermanentSmsError && e.providerCode === 21211 && /not a valid phone number/.test(e.message));
    await assert.rejects(sendSms({ ...sms, authToken: 'wrong-token-123' }, { to: '+15035550111', body: 'x' }), (e: unknown) => e instanceof PermanentSmsError && e.status === 401);
    provider.plan.push({ status: 503 });
    await assert.rejects(sendSms(sms, { to: '+15035550111', body: 'x' }), (e: unknown) => e instanceof TemporarySmsError && e.status === 503);
    provider.plan.push({ status: 429, code: 20429 });
    await assert.rejects(sendSms(sms, { to: '+15035550111', body: 'x' }), TemporarySmsError);
    provider.plan.push('hang');
    await assert.rejects(sendSms(sms, { to: '+15035550111', body: 'x' }, 300), (e: unknown) => e instanceof TemporarySmsError && /no answer within 300 ms/.test(e.message));
    await assert.rejects(sendSms({ ...sms, apiUrl: 'http://127.0.0.1:9' }, { to: '+15035550111', body: 'x' }), (e: unknown) => e instanceof TemporarySmsError && e.status === null);
  });

  test('through the outbox: delivered once; a 4xx is a dead letter at once; a 5xx is retried until it passes', async () => {
    const registry = new ChannelRegistry();
    registry.register('sms', smsDelivery(sms));
    const worker = new Worker(t0.deps, { handlers: notificationJobHandlers(registry), batchSize: 20 });
    const item = (eventKey: string, recipient: string) => ({ eventKey, channel: 'sms' as const, recipient, locale: 'es', template: REQUEST_UPDATE_TEMPLATE, data: { trackingNumber: 'TV-2026-000009', status: 'resolved', note: null } });
    await db.transaction().execute((trx) => enqueueNotifications(trx, [item('o:ok', '+15035550120'), item('o:bad', '+15035550121'), item('o:flaky', '+15035550122')], t0.clock.now()));
    const before = provider.received.length;
    provider.plan.push({ status: 201 }, { status: 400, code: 21211 }, { status: 500 });
    await worker.runOnce();
    const rows = async (key: string) => (await db.selectFrom('notification_outbox').selectAll().where('event_key', '=', key).executeTakeFirstOrThrow());
    assert.equal((await rows('o:ok')).status, 'delivered');
    assert.match(String((await rows('o:ok')).provider_id), /^SM/);
    assert.equal((await rows('o:bad')).status, 'failed', '4xx: dead letter, not retried');
    assert.equal((await rows('o:bad')).attempts, 1);
    assert.equal((await rows('o:flaky')).status, 'pending');
    t0.clock.advance(60_000);
    await worker.runOnce();
    assert.equal((await rows('o:flaky')).status, 'delivered');
    const arrived = provider.received.slice(before);
    assert.deepEqual(arrived.map((m) => m.to).sort(), ['+15035550120', '+15035550122']);
    assert.equal(arrived[0]?.body, '311: su reporte TV-2026-000009 ahora está resuelto.', 'in the recipient’s language');
  });
});

describe('the inbound webhook', () => {
  test('a valid signature is answered with TwiML; a forged, missing or other-URL signature is a 403 and nothing is stored', async () => {
    const ok = await text('+15035550200', 'HELP');
    assert.equal(ok.status, 200, ok.body);
    assert.match(String(ok.type), /^text\/xml/);
    assert.match(ok.body, /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>311: text what is wrong/);
    const stored = await countMessages();
    const forged = await text('+15035550200', 'HELP', { signature: twilioSignature('not-the-token', `${PUBLIC_URL}/sms/inbound`, { From: '+15035550200' }) });
    assert.equal(forged.status, 403);
    assert.equal(JSON.parse(forged.body).error.code, 'invalid_signature');
    assert.equal((await text('+15035550200', 'HELP', { signature: null })).status, 403);
    const params = { MessageSid: 'SMx', From: '+15035550200', To: FROM, Body: 'HELP' };
    const wrongUrl = twilioSignature(TOKEN, 'http://localhost:3311/sms/inbound', params);
    const res = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': wrongUrl }, payload: new URLSearchParams(params).toString() });
    assert.equal(res.statusCode, 403, 'signed for another URL than the public one');
    const tampered = twilioSignature(TOKEN, `${PUBLIC_URL}/sms/inbound`, params);
    const res2 = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': tampered }, payload: new URLSearchParams({ ...params, Body: 'STOP' }).toString() });
    assert.equal(res2.statusCode, 403, 'a body changed after signing');
    assert.equal(await countMessages(), stored, 'nothing stored for any refused request');
    assert.equal((await db.selectFrom('notification_suppressions').selectAll().where('recipient', '=', '+15035550200').execute()).length, 0);
  });

  test('bad requests are 4xx, not crashes; without SMS settings the webhook says so', async () => {
    const noFrom = { MessageSid: 'SMnofrom', To: FROM, Body: 'hi' };
    const res = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}/sms/inbound`, noFrom) }, payload: new URLSearchParams(noFrom).toString() });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.field, 'From');
    const badFrom = { MessageSid: 'SMbadfrom', From: 'not a phone', To: FROM, Body: 'hi' };
    const res2 = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}/sms/inbound`, badFrom) }, payload: new URLSearchParams(badFrom).toString() });
    assert.equal(res2.statusCode, 400);
    const json = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(json.statusCode, 415);
    const off = await buildApp({ deps: t0.deps, handle: t0.handle, config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: PUBLIC_URL } });
    const res3 = await off.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'From=%2B15035550200&Body=hi' });
    assert.equal(res3.statusCode, 503);
    assert.equal(res3.json().error.code, 'sms_not_configured');
    await off.close();
  });

  test('a webhook repeated by the provider (same MessageSid) is handled once', async () => {
    const first = await text('+15035550201', 'HELP', { sid: 'SMrepeat0000000000000000000000001' });
    const again = await text('+15035550201', 'HELP', { sid: 'SMrepeat0000000000000000000000001' });
    assert.ok(first.reply);
    assert.equal(again.status, 200);
    assert.equal(again.reply, null);
    assert.equal((await db.selectFrom('sms_messages').selectAll().where('provider_sid', '=', 'SMrepeat0000000000000000000000001').execute()).length, 1);
  });
});

describe('the SMS dialogue, end to end over the webhook', () => {
  test('what → which → the service’s question → where → confirm → a request with a tracking number', async () => {
    const phone = '+15035550300';
    const what = await text(phone, 'There is a huge pothole outside my house');
    assert.match(String(what.reply), /^pothole: How big is it\? Reply with a number: 1 Small, 2 Large$/, String(what.reply));
    const wrong = await text(phone, '7');
    assert.match(String(wrong.reply), /^We could not use that answer\. How big is it\?/);
    const size = await text(phone, '2');
    assert.equal(size.reply, 'pothole: where is it? Text the address or the nearest cross streets.');
    const where = await text(phone, 'SE 5th Ave & Main St');
    assert.equal(where.reply, 'Report pothole at SE 5th Ave & Main St? Reply YES to send it or NO to cancel.');
    const unclear = await text(phone, 'maybe');
    assert.match(String(unclear.reply), /^Reply YES to send the report/);
    const yes = await text(phone, 'yes!');
    const tracking = /Your report number is (TV-2026-\d{6})\./.exec(String(yes.reply))?.[1];
    assert.ok(tracking, String(yes.reply));
    assert.ok(yes.reply && yes.reply.length <= 160, 'one segment');

    const request = await getServiceRequest(t0.deps, tracking);
    assert.equal(request.channel, 'sms');
    assert.equal(request.serviceCode, 'POTHOLE');
    assert.equal(request.address, 'SE 5th Ave & Main St');
    assert.equal(request.description, 'There is a huge pothole outside my house');
    assert.deepEqual(request.attributes, { SIZE: 'large' });
    assert.equal(request.requester?.phone, phone);
    // The phone number is private: not on the public Open311 API.
    const open311 = await app.inject({ url: `/open311/v2/requests/${tracking}.json` });
    assert.equal(open311.statusCode, 200, open311.body);
    assert.ok(!open311.body.includes('5035550300'), open311.body);
    // The exchange is logged, the reply linked to the request.
    const log = await db.selectFrom('sms_messages').selectAll().where('phone', '=', phone).orderBy('id').execute();
    assert.equal(log.length, 12);
    assert.equal(log.at(-1)?.direction, 'out');
    assert.equal(Number(log.at(-1)?.request_id), request.id);

    const status = await text(phone, `status ${tracking.toLowerCase()}`);
    assert.equal(status.reply, `${tracking} (pothole): received.`);
  });

  test('several matches: a numbered menu; NO cancels and nothing is created', async () => {
    const phone = '+15035550301';
    const before = await db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const menu = await text(phone, 'zzzz qqqq');
    assert.match(String(menu.reply), /^We could not tell which service that is\. Reply with a number: 1 /);
    const options = String(menu.reply).split(': ')[1]?.split(', ') ?? [];
    const streetlight = options.find((o) => o.endsWith('streetlight'));
    assert.ok(streetlight, String(menu.reply));
    const chosen = await text(phone, streetlight.split(' ')[0] ?? '');
    assert.equal(chosen.reply, 'streetlight: where is it? Text the address or the nearest cross streets.');
    await text(phone, 'Oak and 3rd');
    const no = await text(phone, 'NO');
    assert.equal(no.reply, 'Cancelled: nothing was sent. Text us any time.');
    const after = await db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('in Spanish when the resident writes in Spanish', async () => {
    const phone = '+15035550302';
    const what = await text(phone, 'Hay una luz de la calle rota, streetlight');
    assert.equal(what.reply, 'es STREETLIGHT: ¿dónde está? Escriba la dirección o las calles que cruzan.', 'the service’s Spanish name');
    const where = await text(phone, 'Calle Oak y 3ra');
    assert.match(String(where.reply), /^¿Reportar es STREETLIGHT en Calle Oak y 3ra\? Responda SI/);
    const yes = await text(phone, 'Sí');
    assert.match(String(yes.reply), /^Gracias\. Su número de reporte es TV-2026-\d{6}\. Escriba ESTADO TV-2026-\d{6} para consultarlo\.$/);
    const help = await text(phone, 'AYUDA');
    assert.match(String(help.reply), /^311: escriba qué pasa/);
  });

  test('a question the catalog answers is answered at once; words instead of a menu number start over', async () => {
    const reply = await text('+15035550303', 'trash day');
    assert.equal(reply.reply, 'trash day: Trash is picked up weekly');
    const menu = await text('+15035550306', 'zzzz qqqq');
    assert.match(String(menu.reply), /Reply with a number/);
    assert.equal((await text('+15035550306', '9')).reply?.startsWith('Please reply with one of the numbers: 1 '), true, 'a number not on the menu');
    assert.equal((await text('+15035550306', 'trash day')).reply, 'trash day: Trash is picked up weekly');
    assert.equal((await text('+15035550306', 'highway')).reply, 'highway issue: Call the State DOT at 555-0100', 'another agency’s service: where to go');
  });

  test('STOP ends every text but its confirmation, before anything else; START brings them back; HELP always answers', async () => {
    const phone = '+15035550304';
    await text(phone, 'There is a huge pothole');
    const stop = await text(phone, 'Stop');
    assert.equal(stop.reply, 'You will get no more texts from 311. Text START to get them again.');
    const silent = await text(phone, 'pothole on Main');
    assert.equal(silent.status, 200);
    assert.equal(silent.body, '<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    assert.ok((await text(phone, 'HELP')).reply, 'HELP is answered even after STOP');
    // Notifications queued for the number are not sent.
    const registry = new ChannelRegistry();
    registry.register('sms', smsDelivery(sms));
    const n = await db.transaction().execute((trx) => enqueueNotifications(trx, [{ eventKey: 'after-stop', channel: 'sms', recipient: phone, locale: 'en', template: REQUEST_UPDATE_TEMPLATE, data: { trackingNumber: 'TV-2026-000001', status: 'closed' } }], t0.clock.now()));
    assert.equal(n, 0, 'left out of the outbox');
    const start = await text(phone, 'START');
    assert.equal(start.reply, 'You will get texts from 311 again. Text HELP for help, STOP to end.');
    assert.ok((await text(phone, 'There is a huge pothole')).reply);
    const spanishStop = await text('+15035550305', 'alto');
    assert.equal(spanishStop.reply, 'No recibirá más mensajes del 311. Escriba COMENZAR para volver a recibirlos.');
    for (const word of ['UNSUBSCRIBE', 'cancel', 'END', 'quit']) {
      const p = `+1503555031${['UNSUBSCRIBE', 'cancel', 'END', 'quit'].indexOf(word)}`;
      await text(p, word);
      assert.equal((await text(p, 'pothole')).reply, null, word);
    }
  });

  test('STATUS: unknown numbers, usage, and a confidential request only to the phone that reported it', async () => {
    assert.equal((await text('+15035550320', 'STATUS TV-2026-999999')).reply, 'We found no report numbered TV-2026-999999. Check the number and try again.');
    assert.equal((await text('+15035550320', 'STATUS')).reply, 'Text STATUS and your report number, e.g. STATUS PDX-2026-000123.');
    const confidential = (await createPothole(t0.deps, { serviceCode: 'ADA_COMPLAINT', attributes: {}, requester: { phone: '+15035550321' } })).request;
    assert.match(String((await text('+15035550320', `STATUS ${confidential.trackingNumber}`)).reply), /^We found no report/);
    assert.match(String((await text('+15035550321', `STATUS ${confidential.trackingNumber}`)).reply), /: received\.$/);
    assert.match(String((await text('+15035550320', `ESTADO ${confidential.trackingNumber}`)).reply), /^No encontramos el reporte/);
  });

  test('the dialogue is forgotten after 30 minutes of silence', async () => {
    const phone = '+15035550330';
    await text(phone, 'There is a huge pothole');
    t0.clock.advance(DIALOGUE_TIMEOUT_MS + 1000);
    const again = await text(phone, '2');
    assert.match(String(again.reply), /^311: text what is wrong/, 'a lone "2" starts nothing: help');
  });
});

describe('status updates by SMS', () => {
  test('a request reported by text gets SMS items in the language it was reported in; others get none', async () => {
    const phone = '+15035550340';
    await text(phone, 'Hay una luz rota, streetlight');
    await text(phone, 'Calle Oak');
    const tracking = /(TV-2026-\d{6})/.exec(String((await text(phone, 'si')).reply))?.[1] ?? '';
    const request = await getServiceRequest(t0.deps, tracking);
    const items = await smsItemsForRequestChange(db, { request, eventId: 77, kind: 'status', status: 'in_progress' });
    assert.deepEqual(items, [
      { eventKey: `request:${request.id}:status:77`, channel: 'sms', recipient: phone, locale: 'es', template: REQUEST_UPDATE_TEMPLATE, data: { trackingNumber: tracking, status: 'in_progress', note: null }, scope: `request:${request.id}` },
    ]);
    assert.deepEqual(await smsItemsForRequestChange(db, { request, eventId: 78, kind: 'note', status: 'in_progress', publicNote: '  ' }), [], 'an empty note says nothing');
    const web = (await createPothole(t0.deps)).request;
    assert.deepEqual(await smsItemsForRequestChange(db, { request: web, eventId: 1, kind: 'status', status: 'resolved' }), [], 'reported on the web: e-mail, not SMS');
  });
});

describe('status updates by SMS, from the request lifecycle', () => {
  test('a status change and a public note on a request reported by text queue one text each, in its language; an internal note none', async () => {
    const phone = '+15035550350';
    await text(phone, 'Hay una luz rota, streetlight');
    await text(phone, 'Calle Pine');
    const tracking = /(TV-2026-\d{6})/.exec(String((await text(phone, 'si')).reply))?.[1] ?? '';
    const request = await getServiceRequest(t0.deps, tracking);
    const smsRows = () => db.selectFrom('notification_outbox').select(['event_key', 'locale', 'template', 'data']).where('channel', '=', 'sms').where('recipient', '=', phone).orderBy('id').execute();
    const before = (await smsRows()).length;
    const ack = await transitionServiceRequest(t0.deps, { request: request.id, to: 'acknowledged', expectedVersion: request.version, actor: 'staff:kim' });
    await addNote(t0.deps, { request: request.id, actor: 'staff:kim', internalNote: 'crew told' });
    await addNote(t0.deps, { request: request.id, actor: 'staff:kim', publicNote: 'A crew comes Thursday' });
    const rows = (await smsRows()).slice(before);
    assert.deepEqual(
      rows.map((r) => [r.template, r.locale, (r.data as { status: string }).status, (r.data as { note: string | null }).note]),
      [
        [REQUEST_UPDATE_TEMPLATE, 'es', 'acknowledged', null],
        [REQUEST_UPDATE_TEMPLATE, 'es', ack.status, 'A crew comes Thursday'],
      ],
    );
    assert.equal(new Set(rows.map((r) => r.event_key)).size, 2, 'one event key per change');
  });
});

describe('SMS settings', () => {
  test('off without them, Twilio by default, and a partial or bad set is a start-up error naming each variable', () => {
    assert.equal(loadConfig({}).sms, null);
    assert.deepEqual(loadConfig({ FRONTDOOR_SMS_ACCOUNT_SID: SID, FRONTDOOR_SMS_AUTH_TOKEN: TOKEN, FRONTDOOR_SMS_FROM: FROM }).sms, { accountSid: SID, authToken: TOKEN, from: FROM, apiUrl: 'https://api.twilio.com' });
    assert.equal(loadConfig({ FRONTDOOR_SMS_ACCOUNT_SID: SID, FRONTDOOR_SMS_AUTH_TOKEN: TOKEN, FRONTDOOR_SMS_FROM: FROM, FRONTDOOR_SMS_API_URL: 'http://127.0.0.1:9999/' }).sms?.apiUrl, 'http://127.0.0.1:9999');
    assert.throws(() => loadConfig({ FRONTDOOR_SMS_ACCOUNT_SID: SID }), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('FRONTDOOR_SMS_AUTH_TOKEN')) && e.problems.some((p) => p.startsWith('FRONTDOOR_SMS_FROM')));
    assert.throws(() => loadConfig({ FRONTDOOR_SMS_ACCOUNT_SID: SID, FRONTDOOR_SMS_AUTH_TOKEN: TOKEN, FRONTDOOR_SMS_FROM: '503-555-0100' }), (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('FRONTDOOR_SMS_FROM') && p.includes('E.164')));
  });
});
