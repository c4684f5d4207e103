import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { seedDemoCity } from '../../db/seed/index.ts';
import { AppError } from '../../lib/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { formatArticleFile, parseArticleFile } from './format.ts';
import { exportArticleDirectory, importArticleDirectory, importArticles, readArticleDirectory } from './import.ts';
import { DEMO_ARTICLES_DIR, loadDemoArticles } from './seed-files.ts';

const t = await openTestDatabase();
const FIXTURES = fileURLToPath(new URL('./fixtures/articles/', import.meta.url));

const file = (front: string, body = 'Body.') => `---\n${front}\n---\n${body}\n`;

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.status === 400 && pattern.test(e.message));
}

test('a file parses: colons in titles, lists, defaults, the call script after its marker', () => {
  const a = parseArticleFile('who-to-call.en.md', file('title: Who to call: 911, 311 or 211\ntags: emergency,  phone numbers, emergency', 'Call **911**.\n<!-- script -->\nSay: "Hang up and dial 911."'));
  assert.equal(a.title, 'Who to call: 911, 311 or 211');
  assert.deepEqual(a.tags, ['emergency', 'phone numbers']);
  assert.equal(a.audience, 'public');
  assert.equal(a.status, 'published');
  assert.equal(a.body, 'Call **911**.');
  assert.equal(a.script, 'Say: "Hang up and dial 911."');
  assert.equal(a.locale, 'en');
  assert.equal(a.slug, 'who-to-call');
  const zh = parseArticleFile('who-to-call.zh-Hant.md', file('title: 該打哪個電話'));
  assert.equal(zh.locale, 'zh-Hant');
  assert.equal(zh.script, null);
});

test('bad files are refused, naming the file and the line', () => {
  refused(() => parseArticleFile('x.en.md', file('title: X\ncolour: red')), /^x\.en\.md, line 3: unknown key "colour"/);
  refused(() => parseArticleFile('x.en.md', file('summary: no title')), /x\.en\.md.*no title/);
  refused(() => parseArticleFile('x.en.md', file('title: X\naudience: everyone')), /x\.en\.md, line 3: audience "everyone"/);
  refused(() => parseArticleFile('x.en.md', file('title: X\nstatus: live')), /line 3: status "live"/);
  refused(() => parseArticleFile('x.en.md', file('title: X\n\nreview_by: 2026-02-30')), /line 4: review_by "2026-02-30"/);
  refused(() => parseArticleFile('x.en.md', file('title: X\ntitle: Y')), /line 3: "title" is given twice/);
  refused(() => parseArticleFile('x.en.md', file('title X')), /line 2: expected "key: value"/);
  refused(() => parseArticleFile('x.en.md', 'title: X\n'), /line 1: the file must start/);
  refused(() => parseArticleFile('x.en.md', '---\ntitle: X\n'), /not closed/);
  refused(() => parseArticleFile('x.fr.md', file('title: X')), /x\.fr\.md: unknown locale "fr"/);
  refused(() => parseArticleFile('Bad_Slug.en.md', file('title: X')), /slug "Bad_Slug"/);
  refused(() => parseArticleFile('notes.txt', file('title: X')), /<slug>\.<locale>\.md/);
});

test('the canonical text parses back to the same article', () => {
  const text = file('title: A: b\nsummary: S\ntags: x, y\nservices: POTHOLE\ndepartments: streets\nowner: streets\nreview_by: 2027-01-01', '# Head\n\ntext\n<!-- script -->\nsay this');
  const a = parseArticleFile('a.es.md', text);
  const again = parseArticleFile('a.es.md', formatArticleFile(a));
  assert.deepEqual({ ...again, lines: {} }, { ...a, lines: {} });
  assert.equal(formatArticleFile(again), formatArticleFile(a));
});

test('an import checks service codes and departments, naming file, line and code, and writes nothing when refused', async () => {
  await seedTestville(t.deps);
  const bad = parseArticleFile('bad.en.md', file('title: Bad\nservices: POTHOLE, NO_SUCH_SERVICE\ndepartments: nowhere'));
  await assert.rejects(importArticles(t.deps, [bad]), (e: unknown) => {
    assert.ok(e instanceof AppError && e.status === 400);
    assert.match(e.message, /bad\.en\.md, line 3: unknown service code "NO_SUCH_SERVICE"/);
    assert.match(e.message, /bad\.en\.md, line 4: unknown department "nowhere"/);
    return true;
  });
  const owner = parseArticleFile('bad.en.md', file('title: Bad\nowner: nowhere'));
  await assert.rejects(importArticles(t.deps, [owner]), /line 3: unknown owner department "nowhere"/);
  const n = await t.deps.db.selectFrom('kb_articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 0);
});

test('re-importing updates in place by slug and locale, with a new version only when content changed', async () => {
  const first = await importArticleDirectory(t.deps, FIXTURES);
  assert.deepEqual([first.read, first.created, first.updated, first.unchanged], [3, 3, 0, 0]);
  const again = await importArticleDirectory(t.deps, FIXTURES);
  assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 3]);

  const en = await t.deps.db.selectFrom('kb_articles').selectAll().where('slug', '=', 'pothole-repair').where('locale', '=', 'en').executeTakeFirstOrThrow();
  assert.equal(en.version, 1);
  assert.equal(en.owner_department_id, 'streets');
  assert.equal(en.review_by, '2026-03-20');
  assert.match(en.script ?? '', /claims line/);
  assert.ok(en.published_at);

  const files = await readArticleDirectory(FIXTURES);
  const changed = files.map((f) => (f.slug === 'pothole-repair' && f.locale === 'en' ? { ...f, body: `${f.body}\n\nNew paragraph.`, departments: [] } : f));
  const third = await importArticles(t.deps, changed);
  assert.deepEqual([third.created, third.updated, third.unchanged], [0, 1, 2]);
  assert.deepEqual(third.changed, ['pothole-repair.en']);
  const after = await t.deps.db.selectFrom('kb_articles').selectAll().where('id', '=', en.id).executeTakeFirstOrThrow();
  assert.equal(after.version, 2);
  assert.equal(after.id, en.id, 'updated in place');
  const versions = await t.deps.db.selectFrom('kb_article_versions').select(['version', 'department_ids', 'change_note']).where('article_id', '=', en.id).orderBy('version').execute();
  assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  assert.deepEqual(versions[0]?.department_ids, ['streets']);
  assert.deepEqual(versions[1]?.department_ids, []);
  const links = await t.deps.db.selectFrom('kb_article_departments').select('department_id').where('article_id', '=', en.id).execute();
  assert.equal(links.length, 0);
});

test('export writes the same format, and export → import round-trips identically', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kb-export-'));
  try {
    const n = await exportArticleDirectory(t.deps, dir);
    assert.equal(n, 3);
    const names = (await readdir(dir)).sort();
    assert.deepEqual(names, ['crew-escalation.en.md', 'pothole-repair.en.md', 'pothole-repair.es.md']);
    // The fixtures are written canonically except pothole-repair.en (changed above) and the Spanish one's defaults.
    assert.equal(await readFile(join(dir, 'crew-escalation.en.md'), 'utf8'), await readFile(join(FIXTURES, 'crew-escalation.en.md'), 'utf8'));
    const reimport = await importArticleDirectory(t.deps, dir);
    assert.deepEqual([reimport.created, reimport.updated, reimport.unchanged], [0, 0, 3]);
    const dir2 = await mkdtemp(join(tmpdir(), 'kb-export-'));
    await exportArticleDirectory(t.deps, dir2);
    for (const name of names) assert.equal(await readFile(join(dir2, name), 'utf8'), await readFile(join(dir, name), 'utf8'), name);
    await rm(dir2, { recursive: true, force: true });
    // A broken file in the directory refuses the whole import.
    await writeFile(join(dir, 'zz-broken.en.md'), file('title: Broken\nstatus: live'));
    await assert.rejects(importArticleDirectory(t.deps, dir), /zz-broken\.en\.md, line 3/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a missing directory is an error, except for the demo seed', async () => {
  await assert.rejects(importArticleDirectory(t.deps, '/nonexistent/articles'), /does not exist/);
  const none = await loadDemoArticles(t.deps, '/nonexistent/articles');
  assert.equal(none.read, 0);
});

test('the demo city loads every article file in its articles directory, twice without change', async () => {
  const db2 = await openTestDatabase();
  const summary = await seedDemoCity(db2.deps);
  const files = (await readdir(DEMO_ARTICLES_DIR).catch(() => [] as string[])).filter((n) => n.endsWith('.md'));
  assert.equal(summary.articles, files.length);
  const n = await db2.deps.db.selectFrom('kb_articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(n.n), files.length);
  const again = await loadDemoArticles(db2.deps);
  assert.equal(again.created + again.updated, 0);
});
