import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { buildApp } from '../../app.ts';
import { Worker } from '../../jobs/queue.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, seedTestville, signInOverHttp, staffSession } from '../../test/factories.ts';
import { ChannelRegistry, notificationJobHandlers } from '../notifications/outbox.ts';
import { renderEmail } from '../notifications/templates.ts';
import { smsDelivery, twilioSignature } from '../sms/index.ts';
import { startFakeProvider } from '../sms/test-provider.ts';
import { capProblems } from './cap-check.ts';
import { alertJobHandlers, alertSchedules, capDocument, capTime, matchNewRequests, renderAlertText, subscribe } from './index.ts';

const t = await openTestDatabase();
const db = t.deps.db;
await seedTestville(t.deps);
const PUBLIC_URL = 'https://311.testville.example';
const SID = 'AC00000000000000000000000000000001';
const TOKEN = 'alerts-test-token-123';
const provider = await startFakeProvider(SID, TOKEN);
const sms = { accountSid: SID, authToken: TOKEN, from: '+15035550000', apiUrl: provider.url };
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en', publicUrl: PUBLIC_URL, sms } });
after(async () => {
  await app.close();
  await provider.close();
});
const supervisorSession = await staffSession(app, t.deps, ['supervisor']);
let supervisor = supervisorSession.session.headers;
const supervisorEmail = supervisorSession.user.email;
const agent = (await staffSession(app, t.deps, ['agent'])).session.headers;

const { west, east } = TESTVILLE;
const mid = (west + east) / 2;
const hours = (n: number) => new Date(t.clock.now().getTime() + n * 3_600_000).toISOString();
const notice = (over: Record<string, unknown> = {}) => ({
  severity: 'severe',
  urgency: 'immediate',
  certainty: 'observed',
  category: 'Met',
  event: { en: 'Winter storm', es: 'Tormenta invernal' },
  title: { en: 'Ice storm: stay off the roads', es: 'Tormenta de hielo: no salga a la calle' },
  body: { en: 'Freezing rain tonight. Roads east of Main St are closed.', es: 'Lluvia helada esta noche. Las calles al este de Main St están cerradas.' },
  instruction: { en: 'Stay home if you can.' },
  area: { kind: 'district', districtId: 'east' },
  expiresAt: hours(24),
  ...over,
});
const post = (url: string, payload: object, headers = supervisor) => app.inject({ method: 'POST', url, headers, payload });
const outbox = (eventKey: string) => db.selectFrom('notification_outbox').selectAll().where('event_key', '=', eventKey).orderBy('recipient').execute();

/** A confirmed subscription, as a resident makes it (the e-mail link or the SMS reply confirms it). */
async function subscriber(address: { email?: string; phone?: string }, area: object, locale = 'en', services: string[] = [], notices = true): Promise<void> {
  await subscribe(t.deps, { ...address, locale, area, notices, services } as Parameters<typeof subscribe>[1], PUBLIC_URL);
  await db.updateTable('alert_subscriptions').set({ confirmed_at: t.clock.now() }).where('address', 'in', [address.email, address.phone].filter((x): x is string => Boolean(x))).execute();
}

describe('emergency notices: staff API', () => {
  test('only alerts:publish holders write notices; bad input is a 400 naming the field', async () => {
    assert.equal((await post('/api/v1/alerts/notices', notice(), agent)).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/alerts/notices' })).statusCode, 401);
    const cases: Array<[object, string]> = [
      [notice({ title: { es: 'Solo español' } }), 'body.title.en'],
      [notice({ severity: 'catastrophic' }), 'body.severity'],
      [notice({ area: { kind: 'district', districtId: 'north' } }), 'area.districtId'],
      [notice({ area: { kind: 'polygon', coordinates: [[-122.6, 45.5], [-122.59, 45.5]], description: { en: 'x' } } }), 'body.area.coordinates'],
      [notice({ area: { kind: 'polygon', coordinates: [[-122.6, 45.5], [-122.59, 45.5], [-122.58, 45.5]], description: { en: 'A line' } } }), 'area.coordinates'],
      [notice({ area: { kind: 'polygon', coordinates: [[-200, 45.5], [-122.59, 45.5], [-122.58, 45.6]], description: { en: 'x' } } }), 'body.area.coordinates.0.0'],
      [notice({ startsAt: hours(5), expiresAt: hours(2) }), 'body.expiresAt'],
      [notice({ expiresAt: 'tomorrow' }), 'body.expiresAt'],
      [notice({ colour: 'red' }), 'body.colour'],
    ];
    for (const [payload, field] of cases) {
      const res = await post('/api/v1/alerts/notices', payload);
      assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
      assert.equal(res.json().error.field, field, res.body);
    }
  });

  test('draft → published (CAP Alert) → updated (Update) → cancelled (Cancel), version-checked and audited', async () => {
    const created = await post('/api/v1/alerts/notices', notice());
    assert.equal(created.statusCode, 201, created.body);
    const draft = created.json().notice;
    assert.equal(draft.status, 'draft');
    assert.deepEqual(draft.messages, []);
    assert.equal((await app.inject({ url: `/alerts/notices/${draft.id}.cap` })).statusCode, 404, 'a draft is not public');
    assert.equal((await app.inject({ url: '/api/v1/alerts/banner' })).json().notices.length, 0);

    const stale = await post(`/api/v1/alerts/notices/${draft.id}/publish`, { expectedVersion: 9 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'stale_version');
    const published = (await post(`/api/v1/alerts/notices/${draft.id}/publish`, { expectedVersion: 1 })).json().notice;
    assert.equal(published.status, 'published');
    assert.deepEqual(published.messages.map((m: { msgType: string }) => m.msgType), ['Alert']);
    assert.equal((await post(`/api/v1/alerts/notices/${draft.id}/publish`, { expectedVersion: 2 })).statusCode, 409, 'published once');

    const updated = await app.inject({ method: 'PATCH', url: `/api/v1/alerts/notices/${draft.id}`, headers: supervisor, payload: { expectedVersion: 2, severity: 'extreme', body: { en: 'Freezing rain until noon.' } } });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().notice.severity, 'extreme');
    assert.deepEqual(updated.json().notice.body, { en: 'Freezing rain until noon.' });
    assert.deepEqual(updated.json().notice.messages.map((m: { msgType: string }) => m.msgType), ['Alert', 'Update']);

    const cancelled = (await post(`/api/v1/alerts/notices/${draft.id}/cancel`, { expectedVersion: 3, notify: false })).json().notice;
    assert.equal(cancelled.status, 'cancelled');
    assert.deepEqual(cancelled.messages.map((m: { msgType: string }) => m.msgType), ['Alert', 'Update', 'Cancel']);
    assert.equal((await app.inject({ method: 'PATCH', url: `/api/v1/alerts/notices/${draft.id}`, headers: supervisor, payload: { expectedVersion: 4, severity: 'minor' } })).statusCode, 409);

    const audit = await db.selectFrom('audit_events').select(['action', 'actor_label']).where('target_kind', '=', 'notice').where('target_id', '=', String(draft.id)).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['notice.created', 'notice.published', 'notice.updated', 'notice.cancelled']);
  });
});

describe('the portal banner', () => {
  test('current notices in the visitor’s language, falling back to English; nothing expired, cancelled, future or personal', async () => {
    const a = (await post('/api/v1/alerts/notices', notice({ publish: true, severity: 'moderate' }))).json().notice;
    const b = (await post('/api/v1/alerts/notices', notice({ publish: true, severity: 'extreme', title: { en: 'Boil water' }, event: { en: 'Water' }, body: { en: 'Boil tap water.' }, area: { kind: 'jurisdiction' } }))).json().notice;
    await post('/api/v1/alerts/notices', notice({ publish: true, startsAt: hours(5), expiresAt: hours(10), title: { en: 'Later' } }));
    const es = (await app.inject({ url: '/api/v1/alerts/banner?locale=es' })).json();
    assert.equal(es.locale, 'es');
    assert.deepEqual(es.notices.map((n: { id: number }) => n.id), [b.id, a.id], 'most severe first; not the one that starts later');
    assert.equal(es.notices[1].title, 'Tormenta de hielo: no salga a la calle');
    assert.equal(es.notices[1].fallback, false);
    assert.equal(es.notices[0].title, 'Boil water');
    assert.equal(es.notices[0].fallback, true);
    assert.equal(es.notices[0].area, 'Testville');
    const byHeader = (await app.inject({ url: '/api/v1/alerts/banner', headers: { 'accept-language': 'es-MX,es;q=0.9' } })).json();
    assert.equal(byHeader.locale, 'es');
    assert.ok(supervisorEmail && !JSON.stringify(es).includes(supervisorEmail), 'who wrote it is not public');
    t.clock.advance(25 * 3_600_000);
    supervisor = (await signInOverHttp(app, supervisorEmail)).headers; // a day later: a new session
    assert.deepEqual((await app.inject({ url: '/api/v1/alerts/banner' })).json().notices.map((n: { id: number }) => n.id), [], 'expired');
    assert.equal((await app.inject({ url: `/api/v1/alerts/notices/${a.id}`, headers: supervisor })).json().notice.status, 'expired');
    assert.equal((await app.inject({ url: '/api/v1/alerts/banner?locale=tlh' })).json().locale, 'en');
  });
});

describe('fan-out to subscribers', () => {
  test('publishing queues one message per confirmed subscriber whose area meets the notice’s, by e-mail and SMS, in their language', async () => {
    const inEast = { lat: 45.5, long: mid + 0.02 };
    const inWest = { lat: 45.5, long: mid - 0.02 };
    await subscriber({ email: 'east-es@example.org' }, { kind: 'district', districtId: 'east' }, 'es');
    await subscriber({ phone: '+15035551001' }, { kind: 'point', ...inEast, radiusMeters: 200 }, 'vi');
    await subscriber({ email: 'everywhere@example.org', phone: '+15035551002' }, { kind: 'jurisdiction' }, 'ru');
    await subscriber({ email: 'west@example.org' }, { kind: 'district', districtId: 'west' });
    await subscriber({ email: 'near-border@example.org' }, { kind: 'point', lat: 45.5, long: mid - 0.001, radiusMeters: 500 });
    await subscriber({ email: 'west-point@example.org' }, { kind: 'point', ...inWest, radiusMeters: 300 });
    await subscriber({ email: 'drawn@example.org' }, { kind: 'polygon', coordinates: [[mid + 0.01, 45.49], [mid + 0.03, 45.49], [mid + 0.03, 45.51], [mid + 0.01, 45.51], [mid + 0.01, 45.49]] }, 'zh-Hant');
    await subscriber({ email: 'services-only@example.org' }, { kind: 'district', districtId: 'east' }, 'en', ['POTHOLE'], false);
    await subscribe(t.deps, { email: 'unconfirmed@example.org', locale: 'en', area: { kind: 'district', districtId: 'east' }, notices: true, services: [] }, PUBLIC_URL);
    await subscriber({ email: 'gone@example.org' }, { kind: 'district', districtId: 'east' });
    await db.updateTable('alert_subscriptions').set({ unsubscribed_at: t.clock.now() }).where('address', '=', 'gone@example.org').execute();
    await subscriber({ email: 'east-es@example.org' }, { kind: 'point', ...inEast, radiusMeters: 100 }, 'es');

    const res = await post('/api/v1/alerts/notices', notice({ publish: true, expiresAt: hours(30) }));
    assert.equal(res.statusCode, 201, res.body);
    const { notice: published, queued } = res.json();
    assert.deepEqual(queued, { email: 4, sms: 2 });
    const messageId = (await db.selectFrom('alert_notice_messages').select('id').where('notice_id', '=', published.id).executeTakeFirstOrThrow()).id;
    const rows = await outbox(`notice:${published.id}:${messageId}`);
    assert.deepEqual(
      rows.map((r) => [r.channel, r.recipient, r.locale]),
      [
        ['sms', '+15035551001', 'vi'],
        ['sms', '+15035551002', 'ru'],
        ['email', 'drawn@example.org', 'zh-Hant'],
        ['email', 'east-es@example.org', 'es'],
        ['email', 'everywhere@example.org', 'ru'],
        ['email', 'near-border@example.org', 'en'],
      ].sort((x, y) => (x[1] as string).localeCompare(y[1] as string)),
    );
    assert.ok(rows.every((r) => String(r.data.unsubscribeUrl).startsWith(`${PUBLIC_URL}/api/v1/alerts/subscriptions/unsubscribe?token=`) && r.data.noticeId === published.id));
    const jobs = await db.selectFrom('jobs').select('id').where('name', '=', 'notifications.deliver').execute();
    assert.ok(jobs.length >= 6, 'each has its delivery job');

    assert.ok(rows.every((r) => r.scope === 'alerts'), 'unsubscribing from alerts (scope) keeps other 311 mail');
    // E-mail: rendered by the notifications module's e-mail templates, from the row alone, in the subscriber's language.
    const mailRow = rows.find((r) => r.recipient === 'east-es@example.org');
    assert.ok(mailRow);
    const mail = renderEmail(mailRow, { publicUrl: PUBLIC_URL, unsubscribeUrl: `${PUBLIC_URL}/unsubscribe/x`, surveyUrl: '', followUrl: '', repliesWelcome: false });
    assert.equal(mail.subject, 'ALERTA GRAVE: Tormenta de hielo: no salga a la calle');
    assert.match(mail.text, /^Tormenta de hielo: no salga a la calle\n\nLluvia helada esta noche\..*\n\nZona: East\nHasta: 2026-\d\d-\d\d \d\d:\d\d UTC\n\nStay home if you can\.\n\nDejar de recibir estas alertas\nhttps:\/\/311\.testville\.example\/api\/v1\/alerts\/subscriptions\/unsubscribe\?token=/s);
    assert.match(mail.html, /<html lang="es">/);
    // Rendered in the subscriber's language and delivered through the SMS provider.
    const es = await renderAlertText(t.deps, 'alerts.notice', 'es', rows.find((r) => r.recipient === 'east-es@example.org')?.data ?? {}, 'email');
    assert.equal(es?.subject, 'ALERTA GRAVE: Tormenta de hielo: no salga a la calle');
    assert.match(String(es?.text), /^Tormenta de hielo: no salga a la calle\n\nLluvia helada esta noche\. .*\n\nZona: East\nHasta: .* UTC\n\nStay home if you can\.\n\nPara dejar de recibir estas alertas: https:\/\/311\.testville\.example\/api\/v1\/alerts\/subscriptions\/unsubscribe\?token=/s);
    const registry = new ChannelRegistry();
    registry.register('sms', smsDelivery(sms));
    const before = provider.received.length;
    const worker = new Worker(t.deps, { handlers: notificationJobHandlers(registry), batchSize: 100 });
    while ((await worker.runOnce()) > 0);
    const texts = provider.received.slice(before).filter((m) => m.body.includes('Ice storm'));
    assert.deepEqual(texts.map((m) => m.to).sort(), ['+15035551001', '+15035551002']);
    assert.equal(texts.find((m) => m.to === '+15035551001')?.body, 'CẢNH BÁO NGHIÊM TRỌNG: Ice storm: stay off the roads. Freezing rain tonight. Roads east of Main St are closed.', 'Vietnamese words, English text (no translation)');
    assert.match(String(texts.find((m) => m.to === '+15035551002')?.body), /^ОПАСНОСТЬ: Ice storm/);
    assert.deepEqual(await db.selectFrom('notification_outbox').select('status').distinct().where('event_key', 'like', `notice:${published.id}:%`).where('channel', '=', 'sms').execute(), [{ status: 'delivered' }]);
  });
});

describe('subscriptions', () => {
  test('e-mail: double opt-in by a one-time link; unsubscribe from any message; bad tokens are 4xx', async () => {
    const res = await post('/api/v1/alerts/subscriptions', { email: 'Resident@Example.org', locale: 'es', area: { kind: 'district', districtId: 'west' } }, {} as typeof supervisor);
    assert.equal(res.statusCode, 202, res.body);
    const sub = await db.selectFrom('alert_subscriptions').selectAll().where('address', '=', 'resident@example.org').executeTakeFirstOrThrow();
    assert.equal(sub.confirmed_at, null);
    const [mail] = await outbox(`alerts:subscription:${sub.id}:confirm`);
    assert.equal(mail?.channel, 'email');
    assert.equal(mail?.locale, 'es');
    const confirmUrl = new URL(String(mail?.data.confirmUrl));
    assert.equal(confirmUrl.origin, PUBLIC_URL);
    assert.notEqual(sub.confirm_token_hash, confirmUrl.searchParams.get('token'), 'only a hash of the token is stored');
    const text = await renderAlertText(t.deps, 'alerts.confirm', 'es', mail?.data ?? {}, 'email');
    assert.match(String(text?.text), /Para recibir alertas del 311 de West, confirme con este enlace:\n\nhttps:\/\/311\.testville\.example\/api\/v1\/alerts\/subscriptions\/confirm\?token=/);
    const ok = await app.inject({ url: confirmUrl.pathname + confirmUrl.search });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'confirmed');
    assert.equal((await app.inject({ url: confirmUrl.pathname + confirmUrl.search })).statusCode, 404, 'the link works once');
    assert.equal((await app.inject({ url: '/api/v1/alerts/subscriptions/confirm?token=short' })).statusCode, 400);
    assert.ok((await db.selectFrom('alert_subscriptions').select('confirmed_at').where('id', '=', sub.id).executeTakeFirstOrThrow()).confirmed_at);

    const unsubscribeUrl = new URL(String(mail?.data.unsubscribeUrl));
    const gone = await app.inject({ url: unsubscribeUrl.pathname + unsubscribeUrl.search });
    assert.equal(gone.statusCode, 200);
    assert.equal(gone.json().status, 'unsubscribed');
    assert.equal((await app.inject({ url: unsubscribeUrl.pathname + unsubscribeUrl.search })).statusCode, 200, 'again: still unsubscribed');
    assert.equal((await app.inject({ url: '/api/v1/alerts/subscriptions/unsubscribe?token=' + 'x'.repeat(43) })).statusCode, 404);
  });

  test('SMS: the resident replies YES; input problems are named; too many sign-ups for one address are refused', async () => {
    const res = await post('/api/v1/alerts/subscriptions', { phone: '+1 (503) 555-2000', area: { kind: 'point', lat: 45.5, long: -122.6, radiusMeters: 500 }, services: ['GRAFFITI'] }, {} as typeof supervisor);
    assert.equal(res.statusCode, 202, res.body);
    const sub = await db.selectFrom('alert_subscriptions').selectAll().where('address', '=', '+15035552000').executeTakeFirstOrThrow();
    assert.equal(sub.confirmed_at, null);
    const [textRow] = await outbox(`alerts:subscription:${sub.id}:confirm`);
    assert.equal((await renderAlertText(t.deps, 'alerts.confirm', 'en', textRow?.data ?? {}, 'sms'))?.text, '311: reply YES to get alerts for 500 m around 45.50000, -122.60000 by text. Reply STOP to end.');
    const params = { MessageSid: 'SMyes00000000000000000000000000001', From: '+15035552000', To: sms.from, Body: 'YES' };
    const reply = await app.inject({ method: 'POST', url: '/sms/inbound', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(TOKEN, `${PUBLIC_URL}/sms/inbound`, params) }, payload: new URLSearchParams(params).toString() });
    assert.match(reply.body, /<Message>Thank you: 311 alerts for your area are on\. Text STOP to end them\.<\/Message>/);
    assert.ok((await db.selectFrom('alert_subscriptions').select('confirmed_at').where('id', '=', sub.id).executeTakeFirstOrThrow()).confirmed_at);

    const bad = await post('/api/v1/alerts/subscriptions', { email: 'not-an-address', phone: '12', area: { kind: 'district', districtId: 'west' }, services: ['ADA_COMPLAINT', 'NOPE'] }, {} as typeof supervisor);
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.problems.map((p: { field: string }) => p.field).sort(), ['email', 'phone', 'services', 'services'], 'a confidential service cannot be followed');
    const neither = await post('/api/v1/alerts/subscriptions', { area: { kind: 'jurisdiction' } }, {} as typeof supervisor);
    assert.equal(neither.statusCode, 400);
    assert.equal(neither.json().error.field, 'body.email');
    const tiny = await post('/api/v1/alerts/subscriptions', { email: 'a@example.org', area: { kind: 'point', lat: 45.5, long: -122.6, radiusMeters: 1 } }, {} as typeof supervisor);
    assert.equal(tiny.json().error.field, 'body.area.radiusMeters');
    for (let i = 0; i < 5; i++) assert.equal((await post('/api/v1/alerts/subscriptions', { email: 'busy@example.org', area: { kind: 'jurisdiction' } }, {} as typeof supervisor)).statusCode, 202);
    const sixth = await post('/api/v1/alerts/subscriptions', { email: 'BUSY@example.org', area: { kind: 'jurisdiction' } }, {} as typeof supervisor);
    assert.equal(sixth.statusCode, 429);
  });
});

describe('area alerts: new requests of chosen services in an area', () => {
  test('matched after intake by the job: inside the area and of the service only, never confidential, once', async () => {
    // Requests made before the subscriptions do not count: move the cursor past them.
    await matchNewRequests(t.deps, PUBLIC_URL);
    const spot = { lat: 45.51, long: -122.62 };
    await subscriber({ email: 'watcher@example.org', phone: '+15035553000' }, { kind: 'point', ...spot, radiusMeters: 300 }, 'es', ['POTHOLE', 'GRAFFITI']);
    await subscriber({ email: 'east-watcher@example.org' }, { kind: 'district', districtId: 'east' }, 'en', ['STREETLIGHT']);
    const near = (await createPothole(t.deps, { location: { lat: spot.lat + 0.001, long: spot.long }, address: '100 Oak St' })).request;
    await createPothole(t.deps, { location: { lat: spot.lat + 0.01, long: spot.long } }); // 1.1 km away
    await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {}, location: { lat: spot.lat, long: spot.long } }); // another service here, and in the west
    await createPothole(t.deps, { serviceCode: 'ADA_COMPLAINT', attributes: {}, location: { lat: spot.lat, long: spot.long } });
    const eastLight = (await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {}, location: { lat: 45.5, long: mid + 0.03 } })).request;
    const first = await matchNewRequests(t.deps, PUBLIC_URL);
    assert.equal(first.requests, 5);
    assert.equal(first.queued, 3);
    const nearRows = await outbox(`alerts:new-request:${near.id}`);
    assert.deepEqual(nearRows.map((r) => [r.channel, r.recipient, r.locale]), [['sms', '+15035553000', 'es'], ['email', 'watcher@example.org', 'es']]);
    assert.deepEqual((await outbox(`alerts:new-request:${eastLight.id}`)).map((r) => r.recipient), ['east-watcher@example.org']);
    assert.deepEqual(await matchNewRequests(t.deps, PUBLIC_URL), { requests: 0, queued: 0 }, 'each request is matched once');
    // As the server runs it: the schedule enqueues the job, the worker runs it.
    const later = (await createPothole(t.deps, { serviceCode: 'GRAFFITI', attributes: {}, location: { lat: spot.lat, long: spot.long + 0.001 } })).request;
    const worker = new Worker(t.deps, { handlers: alertJobHandlers(PUBLIC_URL), schedules: alertSchedules });
    await worker.tick();
    assert.equal(await worker.runOnce(), 1);
    assert.deepEqual((await outbox(`alerts:new-request:${later.id}`)).map((r) => r.recipient), ['+15035553000', 'watcher@example.org']);
    const textRow = nearRows.find((r) => r.channel === 'sms');
    assert.equal((await renderAlertText(t.deps, 'alerts.new-request', 'es', textRow?.data ?? {}, 'sms'))?.text, `Alerta del 311: nuevo reporte de es POTHOLE en 100 Oak St (${near.trackingNumber}).`);
    assert.ok(!JSON.stringify(nearRows).includes('ana@example.org') && !JSON.stringify(nearRows).includes('555-0101'), 'the requester is not in the alert');
    const mailRow = nearRows.find((r) => r.channel === 'email');
    assert.ok(mailRow);
    const mail = renderEmail(mailRow, { publicUrl: PUBLIC_URL, unsubscribeUrl: `${PUBLIC_URL}/unsubscribe/x`, surveyUrl: '', followUrl: '', repliesWelcome: false });
    assert.equal(mail.subject, 'Nuevo reporte cerca de usted: es POTHOLE');
    assert.match(mail.text, new RegExp(`Dónde: 100 Oak St\\nNúmero de reporte: ${near.trackingNumber}`));
  });
});

describe('feeds', () => {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['entry', 'info', 'link'].includes(name) });

  test('Atom 1.0: feed and entries with ids, titles, updated, language and a link to each CAP message', async () => {
    const res = await app.inject({ url: '/alerts/feed.atom?locale=es' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
    const feed = parser.parse(res.body).feed;
    assert.equal(feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
    assert.equal(feed['@_xml:lang'], 'es');
    assert.equal(feed.id, `${PUBLIC_URL}/alerts/feed.atom?locale=es`);
    assert.equal(feed.title, '311 de Testville: avisos de emergencia');
    assert.match(feed.updated, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.ok(feed.author.name);
    assert.ok(feed.link.some((l: Record<string, string>) => l['@_rel'] === 'self'));
    assert.ok(feed.entry.length >= 4, 'published, expired and cancelled notices; not drafts');
    const ids = new Set<string>();
    for (const entry of feed.entry) {
      for (const field of ['id', 'title', 'updated', 'summary']) assert.ok(entry[field], `entry ${field}`);
      assert.match(entry.updated, /Z$/);
      ids.add(entry.id);
      assert.ok(['es', 'en'].includes(entry['@_xml:lang']));
      assert.ok(entry.link.some((l: Record<string, string>) => l['@_type'] === 'application/cap+xml' && /\/alerts\/notices\/\d+\.cap$/.test(String(l['@_href']))));
    }
    assert.equal(ids.size, feed.entry.length, 'ids are unique');
    const storm = feed.entry.find((e: Record<string, unknown>) => e['@_xml:lang'] === 'es');
    assert.match(String(storm.title['#text'] ?? storm.title), /Tormenta de hielo/);
    assert.ok(feed.entry.some((e: Record<string, unknown>) => String((e.title as Record<string, string>)['#text'] ?? e.title).startsWith('[cancelled] ')));
    assert.ok(supervisorEmail && !res.body.includes(supervisorEmail) && !res.body.includes('@example.org'), 'no personal data');
  });

  test('CAP 1.2: valid against the schema’s order and rules, per language, with the area as a closed lat,lon ring; Update and Cancel reference the earlier messages', async () => {
    const created = (await post('/api/v1/alerts/notices', notice({ publish: true, expiresAt: hours(48), area: { kind: 'polygon', coordinates: [[-122.6, 45.5], [-122.58, 45.5], [-122.58, 45.52]], description: { en: 'Around the bridge', es: 'Alrededor del puente' } } }))).json().notice;
    const first = await app.inject({ url: `/alerts/notices/${created.id}.cap` });
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers['content-type']), /^application\/cap\+xml/);
    assert.deepEqual(capProblems(first.body), []);
    const alert = parser.parse(first.body).alert;
    assert.equal(alert.status, 'Actual');
    assert.equal(alert.msgType, 'Alert');
    assert.equal(alert.scope, 'Public');
    assert.equal(alert.sender, '311@311.testville.example');
    assert.match(alert.sent, /^2026-03-0\dT\d{2}:\d{2}:\d{2}-0[78]:00$/, 'in the jurisdiction’s zone');
    assert.deepEqual(alert.info.map((i: Record<string, string>) => i.language), ['en', 'es']);
    const [en, es] = alert.info;
    assert.deepEqual([en.category, en.event, en.urgency, en.severity, en.certainty], ['Met', 'Winter storm', 'Immediate', 'Severe', 'Observed']);
    assert.equal(es.headline, 'Tormenta de hielo: no salga a la calle');
    assert.equal(es.instruction, 'Stay home if you can.', 'falls back to English');
    assert.equal(es.area.areaDesc, 'Alrededor del puente');
    assert.equal(en.area.polygon, '45.5,-122.6 45.5,-122.58 45.52,-122.58 45.5,-122.6');

    await app.inject({ method: 'PATCH', url: `/api/v1/alerts/notices/${created.id}`, headers: supervisor, payload: { expectedVersion: 1, certainty: 'likely' } });
    await post(`/api/v1/alerts/notices/${created.id}/cancel`, { expectedVersion: 2 });
    const last = await app.inject({ url: `/alerts/notices/${created.id}.cap` });
    assert.deepEqual(capProblems(last.body), []);
    const cancel = parser.parse(last.body).alert;
    assert.equal(cancel.msgType, 'Cancel');
    const refs = String(cancel.references).split(' ');
    assert.equal(refs.length, 2);
    assert.match(refs[0] ?? '', new RegExp(`^311@311\\.testville\\.example,testville-notice-${created.id}-\\d+,2026-`));
    assert.equal((await app.inject({ url: '/alerts/notices/abc.cap' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/alerts/notices/999999.cap' })).statusCode, 404);
  });

  test('the checker catches what CAP forbids (it can fail)', async () => {
    const good = (await app.inject({ url: '/alerts/feed.atom' })).body;
    assert.ok(good);
    const id = (await db.selectFrom('alert_notices').select('id').where('status', '=', 'cancelled').executeTakeFirstOrThrow()).id;
    const xml = (await app.inject({ url: `/alerts/notices/${id}.cap` })).body;
    assert.deepEqual(capProblems(xml), []);
    assert.ok(capProblems(xml.replace(/<scope>Public<\/scope>/, '')).some((p) => p.includes('<scope> is required')));
    assert.ok(capProblems(xml.replace(/(<status>Actual<\/status>)(<msgType>Cancel<\/msgType>)/, '$2$1')).some((p) => p.includes('out of order')));
    assert.ok(capProblems(xml.replace(/<severity>[A-Za-z]+<\/severity>/, '<severity>Bad</severity>')).some((p) => p.includes('not one of')));
    assert.ok(capProblems(xml.replace(/(<sent>[^<]*)-0\d:00</, '$1Z<')).some((p) => p.includes('not a CAP dateTime')));
    assert.ok(capProblems(xml.replace(/<references>[^<]*<\/references>/, '')).some((p) => p.includes('needs <references>')));
    assert.ok(capProblems(xml.replace(/<polygon>([^<]*) [^ <]*<\/polygon>/, '<polygon>$1</polygon>')).some((p) => p.includes('not closed')));
    assert.equal(capTime(new Date('2026-07-01T12:00:00Z'), 'UTC'), '2026-07-01T12:00:00-00:00', 'UTC is written -00:00');
    assert.equal(typeof capDocument, 'function');
  });
});
