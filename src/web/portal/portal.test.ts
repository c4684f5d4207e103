import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { addNote } from '../../modules/requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, seedTestville, staffSession } from '../../test/factories.ts';

/** The resident portal's pages over Testville, through HTTP as a browser without JavaScript sends them. */
const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const encode = (fields: Array<[string, string]>): string => new URLSearchParams(fields).toString();

/** The hidden time-trap value of a page's form. */
function trapOf(page: string): string {
  const m = /name="form_started" value="([^"]+)"/.exec(page);
  assert.ok(m?.[1], 'the form carries a signed start time');
  return m[1];
}

/** Opens the pothole form, waits like a person would, and posts `fields` with its trap values. */
async function postPothole(fields: Array<[string, string]>, opts: { wait?: number; lang?: string } = {}) {
  const form = await app.inject({ url: `/report/POTHOLE?lang=${opts.lang ?? 'en'}` });
  assert.equal(form.statusCode, 200);
  t.clock.advance(opts.wait ?? 5000);
  return app.inject({ method: 'POST', url: `/report/POTHOLE?lang=${opts.lang ?? 'en'}`, headers: FORM, payload: encode([['form_started', trapOf(form.body)], ['website', ''], ...fields]) });
}

describe('home and search', () => {
  test('the home page offers search, report, track and who to call, in the chosen language, and no confidential service', async () => {
    const en = await app.inject({ url: '/' });
    assert.equal(en.statusCode, 200);
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /<label for="f-q">What do you need\?<\/label>/);
    assert.match(en.body, /href="\/report"/);
    assert.match(en.body, /href="\/track"/);
    assert.ok(en.body.indexOf('<strong>911</strong>') < en.body.indexOf('<strong>311</strong>'), '911 comes first');
    assert.ok(!en.body.includes('ADA_COMPLAINT'), 'confidential services are not offered');
    const es = await app.inject({ url: '/', headers: { 'accept-language': 'es-MX,es;q=0.9' } });
    assert.match(es.body, /<html lang="es">/);
    assert.match(es.body, /¿Qué necesita\?/);
    const chosen = await app.inject({ url: '/?lang=vi' });
    assert.match(chosen.body, /<a href="\/report\/POTHOLE"><span lang="en">/, 'a catalog name without a Vietnamese translation is marked as English');
    assert.match(chosen.headers['set-cookie'] as string, /frontdoor_lang=vi/);
    const remembered = await app.inject({ url: '/report', headers: { cookie: 'frontdoor_lang=vi', 'accept-language': 'en' } });
    assert.match(remembered.body, /<html lang="vi">/);
  });

  test('the report page lists services to pick and never a confidential one; its page is a 404', async () => {
    const list = await app.inject({ url: '/report' });
    assert.match(list.body, /href="\/report\/POTHOLE"/);
    assert.ok(!list.body.includes('ADA_COMPLAINT'));
    assert.equal((await app.inject({ url: '/report/ADA_COMPLAINT' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/report/NO_SUCH_THING' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/report/RETIRED' })).statusCode, 404);
  });

  test('an empty search says what to type; a search finds services', async () => {
    const empty = await app.inject({ url: '/search?q=' });
    assert.equal(empty.statusCode, 200);
    const res = await app.inject({ url: '/search?q=pothole' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /href="\/report\/POTHOLE"/);
    const bad = await app.inject({ url: `/search?q=${'x'.repeat(300)}` });
    assert.equal(bad.statusCode, 400);
  });
});

describe('report a problem', () => {
  test('the form asks every Open311 datatype with a label, and carries a honeypot and a time trap', async () => {
    const res = await app.inject({ url: '/report/POTHOLE' });
    const page = res.body;
    assert.match(page, /type="radio" id="f-attribute-SIZE" name="attribute\[SIZE\]" value="small"/);
    assert.match(page, /type="text" inputmode="decimal" id="f-attribute-DEPTH_CM"/);
    assert.match(page, /type="datetime-local" id="f-attribute-NOTICED_AT"/);
    assert.match(page, /type="checkbox" id="f-attribute-LANES" name="attribute\[LANES\]\[\]"/);
    assert.match(page, /type="text" id="f-attribute-PLATE"/);
    assert.match(page, /<textarea id="f-attribute-DETAILS"/);
    assert.match(page, /Call 911 if someone is hurt/);
    for (const id of ['f-attribute-SIZE', 'f-attribute-DEPTH_CM', 'f-address', 'f-description', 'f-email']) assert.match(page, new RegExp(`<label for="${id}"`));
    assert.match(page, /name="website"/);
    assert.match(page, /name="form_started"/);
  });

  test('errors are listed at the top, each linked to its field, and what the resident typed is kept', async () => {
    const res = await postPothole([
      ['description', 'Huge hole <b>by</b> the school'],
      ['attribute[DEPTH_CM]', 'deep'],
      ['email', 'not-an-address'],
      ['attribute[LANES][]', 'left'],
      ['attribute[LANES][]', 'bike'],
      ['address', ''],
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary" role="alert"/);
    assert.match(res.body, /href="#f-address"/);
    // Only the portal's own check ran (no address): the service's checks follow once it is given.
    const res2 = await postPothole([
      ['description', 'Huge hole by the school'],
      ['attribute[DEPTH_CM]', 'deep'],
      ['email', 'not-an-address'],
      ['attribute[LANES][]', 'left'],
      ['attribute[LANES][]', 'bike'],
      ['address', 'Main St and 5th'],
    ]);
    assert.equal(res2.statusCode, 400);
    for (const id of ['f-attribute-SIZE', 'f-attribute-DEPTH_CM', 'f-email']) assert.match(res2.body, new RegExp(`href="#${id}"`), id);
    assert.match(res2.body, /aria-invalid="true"/);
    assert.match(res2.body, /value="Main St and 5th"/);
    assert.match(res2.body, />Huge hole by the school<\/textarea>/);
    assert.match(res2.body, /value="not-an-address"/);
    assert.match(res2.body, /name="attribute\[LANES\]\[\]" value="left" checked/);
    assert.match(res2.body, /name="attribute\[LANES\]\[\]" value="bike" checked/);
    assert.match(res2.body, /<title>Error:/);
  });

  test('a filled honeypot, a form sent too fast and a forged start time are refused, writing nothing', async () => {
    const before = await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const fast = await postPothole([['address', 'Main St'], ['attribute[SIZE]', 'small']], { wait: 500 });
    assert.equal(fast.statusCode, 400);
    assert.match(fast.body, /very quick/);
    const form = await app.inject({ url: '/report/POTHOLE' });
    t.clock.advance(5000);
    const robot = await app.inject({ method: 'POST', url: '/report/POTHOLE', headers: FORM, payload: encode([['form_started', trapOf(form.body)], ['website', 'http://spam.example'], ['address', 'Main St'], ['attribute[SIZE]', 'small']]) });
    assert.equal(robot.statusCode, 400);
    const forged = await app.inject({ method: 'POST', url: '/report/POTHOLE', headers: FORM, payload: encode([['form_started', '1.000000000000000000000000'], ['website', ''], ['address', 'Main St'], ['attribute[SIZE]', 'small']]) });
    assert.equal(forged.statusCode, 400);
    const after = await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });

  test('a good report by address is taken in, redirects to a confirmation with its tracking number, in Spanish', async () => {
    const res = await postPothole(
      [['attribute[SIZE]', 'large'], ['attribute[NOTICED_AT]', '2026-03-01T08:30'], ['address', '1st Ave and Oak St'], ['description', 'Hondo'], ['name', 'Ana Resident'], ['email', 'ana@example.org'], ['phone', '503-555-0101']],
      { lang: 'es' },
    );
    assert.equal(res.statusCode, 303, res.body);
    const m = /^\/report\/received\/([A-Z]+-\d{4}-\d+)\?lang=es$/.exec(res.headers.location as string);
    assert.ok(m?.[1], res.headers.location as string);
    const done = await app.inject({ url: res.headers.location as string });
    assert.match(done.body, /<html lang="es">/);
    assert.match(done.body, new RegExp(m[1]));
    const row = await t.deps.db.selectFrom('service_requests').selectAll().where('tracking_number', '=', m[1]).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'web');
    assert.equal(row.address, '1st Ave and Oak St');
    assert.equal((row.attributes as Record<string, unknown>).NOTICED_AT, '2026-03-01T16:30:00.000Z', 'wall-clock time in the city’s zone');
    const mail = await t.deps.db.selectFrom('notification_outbox').select(['recipient', 'locale']).where('template', '=', 'request.received').where('recipient', '=', 'ana@example.org').execute();
    assert.deepEqual(mail, [{ recipient: 'ana@example.org', locale: 'es' }], 'the confirmation e-mail is queued in Spanish');
  });

  test('a resident form works from a browser that also holds a staff session (it acts as a resident, not as staff)', async () => {
    const { session } = await staffSession(app, t.deps, ['agent']);
    const form = await app.inject({ url: '/report/POTHOLE', headers: { cookie: session.cookie } });
    t.clock.advance(5000);
    const res = await app.inject({
      method: 'POST', url: '/report/POTHOLE', headers: { ...FORM, cookie: session.cookie },
      payload: encode([['form_started', trapOf(form.body)], ['website', ''], ['attribute[SIZE]', 'small'], ['address', 'City Hall']]),
    });
    assert.equal(res.statusCode, 303, res.body);
    const row = await t.deps.db.selectFrom('service_requests').select(['channel']).where('address', '=', 'City Hall').executeTakeFirstOrThrow();
    assert.equal(row.channel, 'web');
  });

  test('the home page lists the most requested services, most first', async () => {
    const home = await app.inject({ url: '/' });
    const popular = /<h2 id="popular-title">[\s\S]*?<\/ul>/.exec(home.body)?.[0] ?? '';
    assert.match(popular, /^[^]*?<li><a href="\/report\/POTHOLE">/, 'the pothole, reported most here, comes first');
    assert.ok(!popular.includes('ADA_COMPLAINT'));
  });

  test('"refer" services show who to contact and "resolve" services the answer, never a form', async () => {
    const refer = await app.inject({ url: '/report/HIGHWAY_ISSUE' });
    assert.match(refer.body, /Call the State DOT at 555-0100/);
    assert.ok(!refer.body.includes('<form method="post"'));
    const resolve = await app.inject({ url: '/report/TRASH_DAY' });
    assert.match(resolve.body, /Trash is picked up weekly/);
    assert.ok(!resolve.body.includes('<form method="post"'));
  });

  test('with a position, nearby open reports of the same kind are offered for support before a new report', async () => {
    const existing = await createPothole(t.deps, { location: { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long + 0.02 } });
    const res = await postPothole([['attribute[SIZE]', 'small'], ['address', 'Near the park'], ['lat', String(TESTVILLE.centre.lat)], ['long', String(TESTVILLE.centre.long + 0.0201)]]);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, new RegExp(`action="/track/${existing.request.trackingNumber}/support"`));
    assert.match(res.body, /name="confirm_new" value="1"/);
    assert.match(res.body, /value="Near the park"/);
    const support = await app.inject({ method: 'POST', url: `/track/${existing.request.trackingNumber}/support`, headers: FORM, payload: '' });
    assert.equal(support.statusCode, 303);
    const page = await app.inject({ url: support.headers.location as string });
    assert.match(page.body, /your support was added/);
    // "Mine is different": the same form again with confirm_new makes a new request.
    const anyway = await postPothole([['confirm_new', '1'], ['attribute[SIZE]', 'small'], ['address', 'Near the park'], ['lat', String(TESTVILLE.centre.lat)], ['long', String(TESTVILLE.centre.long + 0.0201)]]);
    assert.equal(anyway.statusCode, 303, anyway.body);
    const outside = await postPothole([['confirm_new', '1'], ['attribute[SIZE]', 'small'], ['lat', '10'], ['long', '10']]);
    assert.equal(outside.statusCode, 400);
    assert.match(outside.body, /href="#f-lat"/);
  });
});

describe('track a request', () => {
  test('by number: plain-words status, public updates only, no contact details or internal notes', async () => {
    const { request } = await createPothole(t.deps, { requester: { name: 'Zed Private', email: 'zed.private@example.org', phone: '503-555-0199' }, description: 'Pothole by the bakery' });
    await addNote(t.deps, { request: request.id, actor: 'crew.lead@testville.gov', publicNote: 'Crew scheduled for Tuesday', internalNote: 'SECRET-INTERNAL-remember the gate code 4411' });
    const found = await app.inject({ url: `/track?n=${request.trackingNumber.toLowerCase()}` });
    assert.equal(found.statusCode, 303);
    const page = await app.inject({ url: found.headers.location as string });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /received/);
    assert.match(page.body, /Crew scheduled for Tuesday/);
    for (const secret of ['Zed Private', 'zed.private', '555-0199', '5035550199', 'SECRET-INTERNAL', '4411', 'crew.lead']) assert.ok(!page.body.includes(secret), `track page shows ${secret}`);
    assert.match(page.body, /Expected by/);
    const missing = await app.inject({ url: '/track?n=TV-2026-999999' });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /href="#f-n"/);
    assert.match(missing.body, /value="TV-2026-999999"/);
  });

  test('a confidential request does not exist on the public side', async () => {
    const { request } = await createPothole(t.deps, { serviceCode: 'ADA_COMPLAINT', attributes: {} });
    assert.equal((await app.inject({ url: `/track/${request.trackingNumber}` })).statusCode, 404);
    assert.equal((await app.inject({ url: `/report/received/${request.trackingNumber}` })).statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: `/track/${request.trackingNumber}/support`, headers: FORM, payload: '' })).statusCode, 404);
  });

  test('follow by e-mail: a confirmation is queued; a bad address is explained and kept', async () => {
    const { request } = await createPothole(t.deps);
    const page = await app.inject({ url: `/track/${request.trackingNumber}` });
    t.clock.advance(5000);
    const bad = await app.inject({ method: 'POST', url: `/track/${request.trackingNumber}/follow`, headers: FORM, payload: encode([['form_started', trapOf(page.body)], ['website', ''], ['email', 'nope']]) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#f-email"/);
    assert.match(bad.body, /value="nope"/);
    const good = await app.inject({ method: 'POST', url: `/track/${request.trackingNumber}/follow`, headers: FORM, payload: encode([['form_started', trapOf(page.body)], ['website', ''], ['email', 'follower@example.org']]) });
    assert.equal(good.statusCode, 303);
    const queued = await t.deps.db.selectFrom('notification_outbox').select(['template', 'recipient']).where('template', '=', 'follow.confirm').execute();
    assert.ok(queued.some((q) => q.recipient === 'follower@example.org'));
    const done = await app.inject({ url: good.headers.location as string });
    assert.match(done.body, /Check your e-mail/);
    assert.ok(!done.body.includes('follower@example.org'));
  });
});

describe('emergency notices', () => {
  test('a published notice in force is a banner on the home page, in the visitor’s language', async () => {
    const { session } = await staffSession(app, t.deps, ['supervisor']);
    const created = await app.inject({
      method: 'POST', url: '/api/v1/alerts/notices', headers: session.headers,
      payload: {
        severity: 'severe', urgency: 'immediate', certainty: 'observed', category: 'Met',
        event: { en: 'Winter storm', es: 'Tormenta invernal' },
        title: { en: 'Ice storm: stay off the roads', es: 'Tormenta de hielo: no salga a la calle' },
        body: { en: 'Freezing rain tonight.', es: 'Lluvia helada esta noche.' },
        instruction: { en: 'Stay home if you can.' },
        area: { kind: 'district', districtId: 'east' },
        expiresAt: new Date(t.clock.now().getTime() + 86_400_000).toISOString(),
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const draftHome = await app.inject({ url: '/?lang=es' });
    assert.ok(!draftHome.body.includes('Tormenta de hielo'), 'a draft is not shown');
    const id = created.json().notice.id as number;
    const published = await app.inject({ method: 'POST', url: `/api/v1/alerts/notices/${id}/publish`, headers: session.headers, payload: { expectedVersion: 1 } });
    assert.equal(published.statusCode, 200, published.body);
    const home = await app.inject({ url: '/?lang=es' });
    assert.match(home.body, /class="alert-banner"[\s\S]*Tormenta de hielo: no salga a la calle[\s\S]*<span lang="en">Stay home if you can\.<\/span>/, 'untranslated text is marked as English');
  });
});
