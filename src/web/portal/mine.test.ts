import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { createSmtpMailer } from '../../lib/mailer.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';

/** "My requests": sign in with an e-mailed link (no JavaScript), then the requests made with that address. */
const t = await openTestDatabase();
await seedTestville(t.deps);
// The link e-mail is a job; these tests read the link from the job instead of running it.
const mailer = createSmtpMailer('smtp://127.0.0.1:9', 'test@example.org');
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' }, mailer });
const noMail = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => Promise.all([app.close(), noMail.close()]));

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

test('without a mail server the page says sign-in is not available', async () => {
  const res = await noMail.inject({ url: '/my-requests' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Signing in is not available here yet/);
  assert.ok(!res.body.includes('/my-requests/sign-in'));
});

test('sign in by link, then see one’s own requests and no one else’s', async () => {
  const mine = await createPothole(t.deps, { requester: { email: 'ana@example.org' } });
  const theirs = await createPothole(t.deps, { requester: { email: 'bo@example.org' } });
  const form = await app.inject({ url: '/my-requests?lang=es' });
  assert.match(form.body, /<label for="f-email">/);
  const trap = /name="form_started" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  t.clock.advance(5000);
  const bad = await app.inject({ method: 'POST', url: '/my-requests/sign-in?lang=es', headers: FORM, payload: new URLSearchParams({ form_started: trap, website: '', email: 'ana@' }).toString() });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#f-email"/);
  assert.match(bad.body, /value="ana@"/);
  const sent = await app.inject({ method: 'POST', url: '/my-requests/sign-in?lang=es', headers: FORM, payload: new URLSearchParams({ form_started: trap, website: '', email: 'Ana@Example.org' }).toString() });
  assert.equal(sent.statusCode, 303, sent.body);
  const job = await t.deps.db.selectFrom('jobs').select('payload').where('name', '=', 'residents.send-sign-in-link').executeTakeFirstOrThrow();
  const link = new URL((job.payload as { url: string }).url);
  const signIn = await app.inject({ url: `${link.pathname}${link.search}` });
  assert.equal(signIn.statusCode, 303);
  assert.equal(signIn.headers.location, '/my-requests');
  const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const page = await app.inject({ url: '/my-requests', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`href="/track/${mine.request.trackingNumber}"`));
  assert.ok(!page.body.includes(theirs.request.trackingNumber));
  assert.match(page.headers['cache-control'] as string, /no-store/);
});
