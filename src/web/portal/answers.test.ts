import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { seedDemoCity } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';

/** Answer pages over the demo city's real articles: rendered, sanitised, with feedback and flag forms. */
const t = await openTestDatabase();
await seedDemoCity(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

test('an article renders in the resident’s language with its related services; a staff-only article is not found', async () => {
  const en = await app.inject({ url: '/answers/report-a-pothole' });
  assert.equal(en.statusCode, 200);
  assert.match(en.body, /<h1>Report a pothole<\/h1>/);
  assert.match(en.body, /<h2[^>]*>Is it dangerous right now\?<\/h2>/);
  assert.match(en.body, /href="\/report\/POTHOLE"/);
  assert.ok(!/<script|\son\w+=/i.test(en.body.replace(/<form[\s\S]*$/, '')), 'no script in the rendered article');
  const es = await app.inject({ url: '/answers/report-a-pothole?lang=es' });
  assert.match(es.body, /<html lang="es">/);
  assert.match(es.body, /<article lang="es">/);
  assert.match(es.body, /¿Le fue útil\?/);
  // An article with no Vietnamese translation says so and marks its English text as English.
  const vi = await app.inject({ url: '/answers/how-311-works?lang=vi' });
  assert.match(vi.body, /<article lang="en">/);
  assert.equal((await app.inject({ url: '/answers/staff-street-hazards' })).statusCode, 404);
  assert.equal((await app.inject({ url: '/answers/NOT..a-slug' })).statusCode, 404);
});

test('"Was this helpful?" posts and redirects; feedback is stored against the article', async () => {
  const res = await app.inject({ method: 'POST', url: '/answers/report-a-pothole/feedback', headers: FORM, payload: 'helpful=yes' });
  assert.equal(res.statusCode, 303);
  assert.match(res.headers.location as string, /thanks=feedback/);
  const page = await app.inject({ url: res.headers.location as string });
  assert.match(page.body, /Thank you for your answer/);
  const rows = await t.deps.db.selectFrom('kb_article_feedback').selectAll().execute();
  assert.equal(rows.length, 1);
  const bad = await app.inject({ method: 'POST', url: '/answers/report-a-pothole/feedback', headers: FORM, payload: 'helpful=maybe' });
  assert.equal(bad.statusCode, 400);
});

test('"Report outdated information": a missing reason is explained and the comment kept; contact details are removed', async () => {
  const bad = await app.inject({ method: 'POST', url: '/answers/report-a-pothole/flag', headers: FORM, payload: 'comment=The+phone+number+changed' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /href="#f-reason"/);
  assert.match(bad.body, />The phone number changed<\/textarea>/);
  const good = await app.inject({ method: 'POST', url: '/answers/report-a-pothole/flag', headers: FORM, payload: 'reason=outdated&comment=Call+me+at+503-555-0142+or+me%40example.org' });
  assert.equal(good.statusCode, 303);
  const flags = await t.deps.db.selectFrom('kb_article_flags').select(['reason', 'comment', 'source']).execute();
  assert.equal(flags.length, 1);
  assert.equal(flags[0]?.reason, 'outdated');
  assert.ok(!flags[0]?.comment.includes('555-0142') && !flags[0]?.comment.includes('me@example.org'));
});
