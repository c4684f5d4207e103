import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville, staffSession, type TestSession } from '../../test/factories.ts';
import { renderArticleMarkdown } from './render.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const editor = (await staffSession(app, t.deps, ['kb_editor'])).session;
const agent = (await staffSession(app, t.deps, ['agent'])).session;
const parks = (await staffSession(app, t.deps, ['bureau_staff'], ['parks'])).session;

const SECRET_SCRIPT = 'SCRIPT-ONLY-FOR-AGENTS: say the callback number 555-0199';
const STAFF_ONLY = 'STAFF-ONLY-ESCALATION';

async function call(session: TestSession | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return app.inject({ method, url, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Creates an article over HTTP and walks it to published. */
async function publish(body: Record<string, unknown>): Promise<{ id: number; version: number }> {
  const created = await call(editor, 'POST', '/api/v1/kb/articles', { owner: 'parks', ...body });
  assert.equal(created.statusCode, 201, created.body);
  const { id } = created.json().article as { id: number };
  assert.equal((await call(editor, 'POST', `/api/v1/kb/articles/${id}/transition`, { to: 'in_review', expectedVersion: 1 })).statusCode, 200);
  const res = await call(editor, 'POST', `/api/v1/kb/articles/${id}/transition`, { to: 'published', expectedVersion: 2 });
  assert.equal(res.statusCode, 200, res.body);
  return { id, version: 3 };
}

const park = await publish({
  slug: 'park-hours',
  locale: 'en',
  title: 'Park hours',
  summary: 'When parks open and close.',
  body: 'Parks are open **5 a.m. to midnight**. [Rules](https://example.gov/rules)',
  script: SECRET_SCRIPT,
  tags: ['parks'],
  services: ['SEWER_BACKUP'],
  departments: ['parks'],
});
await publish({ slug: 'park-hours', locale: 'es', title: 'Horario de los parques', body: 'Los parques abren de **5 a.m. a medianoche**.', script: SECRET_SCRIPT });
await publish({ slug: 'crew-escalation', locale: 'en', audience: 'staff', title: STAFF_ONLY, summary: STAFF_ONLY, body: STAFF_ONLY });
const draft = (await call(editor, 'POST', '/api/v1/kb/articles', { slug: 'unpublished-plan', locale: 'en', title: 'DRAFT-ONLY', owner: 'parks' })).json().article as { id: number };

test('staff API: list with filters, get with call script, versions and diff', async () => {
  const list = await call(agent, 'GET', '/api/v1/kb/articles?status=published&audience=public&locale=en');
  assert.equal(list.statusCode, 200, list.body);
  assert.deepEqual(list.json().articles.map((a: { slug: string }) => a.slug), ['park-hours']);
  const all = await call(agent, 'GET', '/api/v1/kb/articles?service=SEWER_BACKUP');
  assert.deepEqual(all.json().articles.map((a: { slug: string; locale: string }) => `${a.slug}.${a.locale}`), ['park-hours.en']);
  assert.equal((await call(agent, 'GET', '/api/v1/kb/articles?tag=parks&owner=parks')).json().total, 1);
  assert.equal((await call(agent, 'GET', '/api/v1/kb/articles?status=published,draft')).json().total, 4);
  const bad = await call(agent, 'GET', '/api/v1/kb/articles?status=live');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error.field, /query\.status/);

  const one = await call(agent, 'GET', `/api/v1/kb/articles/${park.id}`);
  assert.equal(one.statusCode, 200);
  const a = one.json().article;
  assert.equal(a.script, SECRET_SCRIPT, 'staff see the call script');
  assert.match(a.html, /<strong>5 a\.m\. to midnight<\/strong>/);
  assert.deepEqual(a.translations.map((x: { locale: string }) => x.locale), ['es']);
  assert.deepEqual(a.services, ['SEWER_BACKUP']);

  const patched = await call(editor, 'PATCH', `/api/v1/kb/articles/${park.id}`, { expectedVersion: 3, body: 'Parks are open **5 a.m. to 10 p.m.** [Rules](https://example.gov/rules)', changeNote: 'New hours' });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().article.version, 4);
  assert.equal(patched.json().article.status, 'published');
  const stale = await call(editor, 'PATCH', `/api/v1/kb/articles/${park.id}`, { expectedVersion: 3, title: 'Old' });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().error.code, 'stale_version');
  assert.match(stale.json().error.message, /version 4/);

  const versions = (await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/versions`)).json().versions;
  assert.deepEqual(versions.map((v: { version: number }) => v.version), [4, 3, 2, 1]);
  assert.equal(versions[0].changeNote, 'New hours');
  assert.ok(versions[0].changedBy.name);
  const v3 = await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/versions/3`);
  assert.equal(v3.statusCode, 200, v3.body);
  assert.match(v3.json().version.body, /5 a\.m\. to midnight/);
  assert.equal(v3.json().version.script, SECRET_SCRIPT);
  assert.deepEqual(v3.json().version.services, ['SEWER_BACKUP']);
  assert.equal((await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/versions/9`)).statusCode, 404);
  assert.equal((await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/versions/0`)).statusCode, 400);
  const diff = await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/diff?from=3&to=4`);
  assert.equal(diff.statusCode, 200, diff.body);
  assert.deepEqual(diff.json().diff.changedFields, ['body']);
  assert.match(diff.json().diff.unified, /\+Parks are open \*\*5 a\.m\. to 10 p\.m\.\*\*/);
  assert.equal((await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/diff?from=1&to=99`)).statusCode, 404);
  assert.equal((await call(agent, 'GET', `/api/v1/kb/articles/${park.id}/diff?from=x&to=2`)).statusCode, 400);
  assert.equal((await call(agent, 'PATCH', `/api/v1/kb/articles/${park.id}`, { expectedVersion: 4, title: 'x' })).statusCode, 403);
  assert.equal((await call(null, 'GET', '/api/v1/kb/articles')).statusCode, 401);

  const audit = await t.deps.db.selectFrom('audit_events').select('action').where('target_kind', '=', 'kb_article').where('target_id', '=', String(park.id)).execute();
  assert.ok(audit.some((e) => e.action === 'kb.article_updated'));
});

test('public API: published public articles only, never a script, with English fallback and translations', async () => {
  const en = await call(null, 'GET', '/api/v1/articles');
  assert.equal(en.statusCode, 200, en.body);
  assert.deepEqual(en.json().articles.map((a: { slug: string }) => a.slug), ['park-hours']);
  const vi = (await call(null, 'GET', '/api/v1/articles?locale=vi')).json();
  assert.deepEqual(vi.articles.map((a: { locale: string; fallback: boolean }) => [a.locale, a.fallback]), [['en', true]]);
  const es = (await call(null, 'GET', '/api/v1/articles?locale=es')).json();
  assert.deepEqual(es.articles.map((a: { title: string }) => a.title), ['Horario de los parques']);

  const one = await call(null, 'GET', '/api/v1/articles/park-hours?locale=es');
  assert.equal(one.statusCode, 200, one.body);
  const a = one.json().article;
  assert.equal(a.locale, 'es');
  assert.equal(a.fallback, false);
  assert.match(a.html, /<strong>5 a\.m\. a medianoche<\/strong>/);
  assert.deepEqual(a.translations, [{ locale: 'en', title: 'Park hours' }]);
  const enOne = (await call(null, 'GET', '/api/v1/articles/park-hours?locale=ru')).json().article;
  assert.equal(enOne.locale, 'en');
  assert.equal(enOne.fallback, true);
  assert.deepEqual(enOne.services.map((s: { code: string }) => s.code), ['SEWER_BACKUP']);
  assert.match(enOne.html, /rel="noopener noreferrer nofollow"/);

  assert.equal((await call(null, 'GET', '/api/v1/articles/crew-escalation')).statusCode, 404, 'staff-only');
  assert.equal((await call(null, 'GET', '/api/v1/articles/unpublished-plan')).statusCode, 404, 'draft');
  assert.equal((await call(null, 'GET', '/api/v1/articles/Not_A_Slug')).statusCode, 400);
  // Nothing public ever carries a script, a staff-only article or a draft — even for signed-in staff.
  for (const session of [null, agent, editor]) {
    for (const url of ['/api/v1/articles', '/api/v1/articles?locale=es', '/api/v1/articles?q=escalation', '/api/v1/articles/park-hours', '/api/v1/articles/park-hours?locale=es']) {
      const body = (await call(session, 'GET', url)).body;
      assert.ok(!body.includes('SCRIPT-ONLY'), `${url} leaks the script`);
      assert.ok(!body.includes(STAFF_ONLY), `${url} leaks a staff-only article`);
      assert.ok(!body.includes('DRAFT-ONLY'), `${url} leaks a draft`);
      assert.ok(!/"script"|"audience"/.test(body), `${url} has staff fields`);
    }
  }
  // Archived: gone from the public side.
  const archived = await call(editor, 'POST', `/api/v1/kb/articles/${park.id}/transition`, { to: 'archived', expectedVersion: 4 });
  assert.equal(archived.statusCode, 200, archived.body);
  assert.equal((await call(null, 'GET', '/api/v1/articles/park-hours?locale=en')).statusCode, 404, 'the English one is archived');
  assert.equal((await call(null, 'GET', '/api/v1/articles/park-hours?locale=es')).statusCode, 200, 'the Spanish one is still published');
  assert.equal((await call(null, 'GET', '/api/v1/articles/park-hours?locale=vi')).statusCode, 404, 'no English left to fall back to');
  const restore = await call(editor, 'POST', `/api/v1/kb/articles/${park.id}/transition`, { to: 'draft', expectedVersion: 5 });
  assert.equal(restore.statusCode, 200);
  assert.equal((await call(editor, 'POST', `/api/v1/kb/articles/${park.id}/transition`, { to: 'in_review', expectedVersion: 6 })).statusCode, 200);
  assert.equal((await call(editor, 'POST', `/api/v1/kb/articles/${park.id}/transition`, { to: 'published', expectedVersion: 7 })).statusCode, 200);
});

test("public flags: anonymous, size- and rate-limited, contact details removed, in the owner's queue", async () => {
  const url = '/api/v1/articles/park-hours/flags?locale=en';
  const res = await call(null, 'POST', url, { reason: 'outdated', comment: 'Hours changed. Write me at jo@example.org or 503-555-0142.' });
  assert.equal(res.statusCode, 202, res.body);
  const queue = (await call(parks, 'GET', '/api/v1/kb/flags')).json().flags as { source: string; comment: string; flaggedBy: unknown; article: { slug: string } }[];
  const flag = queue.find((f) => f.source === 'public');
  assert.ok(flag);
  assert.equal(flag.article.slug, 'park-hours');
  assert.equal(flag.flaggedBy, null);
  assert.ok(!flag.comment.includes('jo@example.org') && !flag.comment.includes('555-0142'), flag.comment);
  assert.match(flag.comment, /\[e-mail removed\].*\[phone removed\]/);
  const row = await t.deps.db.selectFrom('kb_article_flags').selectAll().where('source', '=', 'public').executeTakeFirstOrThrow();
  assert.equal(row.flagged_by, null);
  assert.ok(!JSON.stringify(row).includes('127.0.0.1'), 'no address stored');

  assert.equal((await call(null, 'POST', url, { reason: 'outdated', comment: 'x'.repeat(1001) })).statusCode, 400);
  assert.equal((await call(null, 'POST', url, { reason: 'because' })).statusCode, 400);
  assert.equal((await call(null, 'POST', url, { reason: 'wrong', name: 'Jo' })).statusCode, 400, 'no personal fields accepted');
  assert.equal((await call(null, 'POST', url, { reason: 'wrong', comment: 'y'.repeat(9000) })).statusCode, 413);
  assert.equal((await call(null, 'POST', '/api/v1/articles/crew-escalation/flags', { reason: 'wrong' })).statusCode, 404);
  let last = 0;
  for (let i = 0; i < 6; i++) last = (await call(null, 'POST', url, { reason: 'unclear' })).statusCode;
  assert.equal(last, 429);
  const limited = await call(null, 'POST', url, { reason: 'unclear' });
  assert.equal(limited.statusCode, 429);
  assert.ok(Number(limited.headers['retry-after']) > 0);

  // Resolve it over HTTP.
  const id = ((await call(parks, 'GET', '/api/v1/kb/flags')).json().flags as { id: number }[])[0]?.id;
  const resolved = await call(parks, 'POST', `/api/v1/kb/flags/${id}/resolve`, { status: 'dismissed', note: 'Hours are right.' });
  assert.equal(resolved.statusCode, 200, resolved.body);
  assert.equal(resolved.json().flag.status, 'dismissed');
});

test('"Was this helpful?" is anonymous and counted per article', async () => {
  for (const helpful of [true, true, false]) {
    assert.equal((await call(null, 'POST', '/api/v1/articles/park-hours/feedback?locale=en', { helpful })).statusCode, 202);
  }
  assert.equal((await call(null, 'POST', '/api/v1/articles/park-hours/feedback', { helpful: 'yes' })).statusCode, 400);
  const a = (await call(agent, 'GET', `/api/v1/kb/articles/${park.id}`)).json().article;
  assert.deepEqual(a.feedback, { helpful: 2, notHelpful: 1 });
});

test('staff flag and review queue over HTTP', async () => {
  const flagged = await call(agent, 'POST', `/api/v1/kb/articles/${draft.id}/flags`, { reason: 'wrong', comment: 'The phone number is wrong.' });
  assert.equal(flagged.statusCode, 201, flagged.body);
  assert.equal(flagged.json().flag.flaggedBy.id > 0, true);
  const queue = await call(parks, 'GET', '/api/v1/kb/review-queue?days=30');
  assert.equal(queue.statusCode, 200, queue.body);
  assert.equal(queue.json().today, '2026-03-02');
  assert.equal((await call(agent, 'GET', '/api/v1/kb/review-queue')).statusCode, 403);
});

test('bad input is a 4xx naming the field, never a 500', async () => {
  const cases: Array<[string, 'POST' | 'PATCH', string, unknown, number, RegExp]> = [
    ['unknown field', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', colour: 'red' }, 400, /^body\.colour$/],
    ['bad slug', 'POST', '/api/v1/kb/articles', { slug: 'Not A Slug', locale: 'en', title: 'X' }, 400, /^body\.slug$/],
    ['bad locale', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'fr', title: 'X' }, 400, /^body\.locale$/],
    ['title on two lines', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X\nY' }, 400, /^body\.title$/],
    ['tag with a comma', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', tags: ['a,b'] }, 400, /^body\.tags/],
    ['bad date', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', reviewBy: '2026-02-30' }, 400, /^body\.reviewBy$/],
    ['unknown service', 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', services: ['NOPE'] }, 400, /^services$/],
    ['no expectedVersion', 'PATCH', `/api/v1/kb/articles/${park.id}`, { title: 'X' }, 400, /^body\.expectedVersion$/],
    ['bad status', 'POST', `/api/v1/kb/articles/${park.id}/transition`, { to: 'live', expectedVersion: 1 }, 400, /^body\.to$/],
  ];
  for (const [what, method, url, payload, status, field] of cases) {
    const res = await call(editor, method, url, payload);
    assert.equal(res.statusCode, status, `${what}: ${res.body}`);
    assert.match(String(res.json().error.field), field, what);
  }
  const huge = await call(editor, 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', body: 'x'.repeat(700_000) });
  assert.equal(huge.statusCode, 413);
  const long = await call(editor, 'POST', '/api/v1/kb/articles', { slug: 'x-1', locale: 'en', title: 'X', body: 'x'.repeat(100_001) });
  assert.equal(long.statusCode, 400);
  assert.equal((await call(editor, 'GET', '/api/v1/kb/articles/0')).statusCode, 400);
  assert.equal((await call(editor, 'GET', '/api/v1/kb/articles/999999')).statusCode, 404);
  const form = await app.inject({ method: 'POST', url: '/api/v1/articles/park-hours/feedback', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'helpful=true' });
  assert.equal(form.statusCode, 415);
});

test('the sanitiser keeps the allow-list and drops hostile Markdown', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '![x](javascript:alert(1))',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt&#58;alert(1))',
    '[click](&#x6A;avascript:alert(1))',
    '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[vb](vbscript:msgbox(1))',
    '[proto](//evil.example/x)',
    '<a href="javascript:alert(1)" onclick="alert(2)">raw link</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload=alert(1)><circle/></svg>',
    '<style>body{display:none}</style>',
    '<form action="https://evil.example"><input name=p></form>',
    '<p style="background:url(javascript:alert(1))" onmouseover="alert(1)">styled</p>',
    '<math><mi xlink:href="javascript:alert(1)">m</mi></math>',
    '```html\n<script>alert(1)</script>\n```',
  ].join('\n\n');
  const html = renderArticleMarkdown(`# Title\n\n**bold** _em_ ~~gone~~\n\n- a\n- b\n\n1. one\n\n| h | i |\n|---|---|\n| 1 | 2 |\n\n[ok](https://example.gov) [mail](mailto:311@example.gov) [phone](tel:+15035550100) [site](/services)\n\n${hostile}`);
  assert.ok(!/<script|<img|<iframe|<svg|<style|<form|<input|<math/i.test(html), html);
  assert.ok(!/javascript:|vbscript:|data:text|onerror|onclick|onload|onmouseover|style=|evil\.example/i.test(html), html);
  for (const tag of ['<h1>', '<strong>', '<em>', '<del>', '<ul>', '<ol>', '<li>', '<table>', '<th>', '<td>', '<pre>', '<code class="language-html">']) assert.ok(html.includes(tag), `${tag} kept`);
  assert.ok(html.includes('href="https://example.gov"') && html.includes('href="mailto:311@example.gov"') && html.includes('href="tel:+15035550100"') && html.includes('href="/services"'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'code blocks show markup as text');
});
