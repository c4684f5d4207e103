import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { seedDemoCity } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { setServiceActive } from '../catalog/service.ts';
import { updateService } from '../catalog/admin.ts';
import { importDirectory } from '../directory/index.ts';
import { searchQuerySchema } from './schemas.ts';
import { listMisses, replaceSynonyms, search, type SearchResponse, type Viewer } from './service.ts';
import { expandSynonyms, missText, queryWords, synonymIndex, toTsqueryText } from './query.ts';

const t = await openTestDatabase();
await seedDemoCity(t.deps);
const system = { actor: { kind: 'system' as const, label: 'search test' } };
const PUBLIC: Viewer = { staff: false };
const STAFF: Viewer = { staff: true };

const find = (q: string, viewer: Viewer = PUBLIC, extra: Record<string, string> = {}): Promise<SearchResponse> =>
  search(t.deps, searchQuerySchema.parse({ q, ...extra }), viewer);
const refs = (r: SearchResponse): string[] => r.results.map((x) => `${x.kind}:${x.ref}`);
const top = async (q: string, viewer: Viewer = PUBLIC, extra: Record<string, string> = {}): Promise<string | undefined> => refs(await find(q, viewer, extra))[0];

let slugs = 0;
async function article(fields: { title: string; body?: string; summary?: string; audience?: 'public' | 'staff'; status?: 'draft' | 'published' | 'archived'; locale?: 'en' | 'es' }) {
  const row = await t.deps.db
    .insertInto('kb_articles')
    .values({
      slug: `search-test-${++slugs}`,
      locale: fields.locale ?? 'en',
      title: fields.title,
      summary: fields.summary ?? '',
      body: fields.body ?? '',
      audience: fields.audience ?? 'public',
      status: fields.status ?? 'published',
      owner_department_id: 'pbot',
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  return row;
}

describe('query text', () => {
  test('words are folded, one-letter words dropped, synonyms group runs of words', () => {
    assert.deepEqual(queryWords("My garbage wasn't PICKED up — Recolección!"), ['my', 'garbage', 'wasn', 'picked', 'up', 'recoleccion']);
    const slots = expandSynonyms(['street', 'light', 'out'], synonymIndex([['streetlight', 'street light']]));
    assert.deepEqual(slots.map((s) => s.alternatives), [[['street', 'light'], ['streetlight']], [['out']]]);
    assert.equal(toTsqueryText(slots), '((street & light) | streetlight) | (out)');
  });

  test('query syntax typed by a person is only words', () => {
    assert.equal(toTsqueryText(expandSynonyms(queryWords("pothole' & !(xy) | :* <-> \\"), [])), '(pothole) | (xy)');
  });

  test('the no-results text masks e-mail addresses and long numbers', () => {
    assert.equal(missText('  Call  ME at 503-555-0142 or ann@example.org  '), 'call me at <number> or <email>');
  });
});

describe('search', () => {
  test('ranks the catalog service first, highlights the match and escapes the rest', async () => {
    const r = await find('pothole');
    assert.equal(refs(r)[0], 'service:POTHOLE');
    assert.equal(r.results[0]?.titleHtml, '<mark>Pothole</mark>');
    assert.match(r.results[0]?.snippetHtml ?? '', /<mark>pothole<\/mark>/i);
    assert.ok(r.facets.type.some((f) => f.value === 'article' && f.count > 0), 'articles about potholes are counted');
  });

  test('misspellings are corrected to indexed words', async () => {
    for (const [q, expected] of [['grafiti', 'service:GRAFFITI'], ['pothol', 'service:POTHOLE'], ['garbge day', 'service:GARBAGE_DAY']] as const) {
      assert.equal(await top(q), expected, q);
    }
    const r = await find('recyling');
    assert.deepEqual(r.query.corrections, [{ word: 'recyling', suggestions: ['recycling'] }]);
    assert.ok(r.total > 0);
  });

  test('accents do not matter, in either direction', async () => {
    assert.equal(await top('recoleccion de basura', PUBLIC, { locale: 'es' }), await top('recolección de basura', PUBLIC, { locale: 'es' }));
    assert.equal(await top('semaforo', PUBLIC, { locale: 'es' }), 'service:TRAFFIC_SIGNAL');
  });

  test('a Spanish searcher gets the Spanish text, one result per service', async () => {
    const r = await find('bache', PUBLIC, { locale: 'es' });
    assert.equal(refs(r)[0], 'service:POTHOLE');
    assert.equal(r.results[0]?.locale, 'es');
    assert.equal(new Set(refs(r)).size, r.results.length, 'translations of one thing appear once');
  });

  test('synonyms are editable and expand the query at once', async () => {
    assert.equal((await find('zorblatt')).total, 0);
    await replaceSynonyms(t.deps, { sets: [['zorblatt', 'graffiti']] }, system);
    assert.equal(await top('zorblatt'), 'service:GRAFFITI');
    await replaceSynonyms(t.deps, { sets: [] }, system);
    assert.equal((await find('zorblatt')).total, 0);
  });

  test('searches that find nothing are recorded without personal data, and counted', async () => {
    assert.equal((await find('qwxzv zzyqk 5035550199')).total, 0);
    await find('QWXZV  zzyqk   5035550199 ');
    const { misses } = await listMisses(t.deps, { page: 1, per_page: 50 });
    const miss = misses.find((m) => m.query.startsWith('qwxzv'));
    assert.deepEqual(miss && { query: miss.query, count: miss.count, locale: miss.locale }, { query: 'qwxzv zzyqk <number>', count: 2, locale: 'en' });
    const [row] = await t.deps.db.selectFrom('search_misses').selectAll().where('query', 'like', 'qwxzv%').execute();
    assert.deepEqual(Object.keys(row ?? {}).sort(), ['count', 'first_seen', 'last_seen', 'locale', 'query'], 'no IP, no account');
  });

  test('confidential services and staff articles are for staff only', async () => {
    assert.notEqual(await top('housing discrimination'), 'service:HOUSING_DISCRIMINATION');
    assert.equal(await top('housing discrimination', STAFF), 'service:HOUSING_DISCRIMINATION');
    const staffOnly = await article({ title: 'Quuxbar escalation script', body: 'Internal steps', audience: 'staff' });
    assert.equal((await find('quuxbar')).total, 0);
    assert.equal(await top('quuxbar', STAFF), `article:${staffOnly.slug}`);
  });

  test('facets count by type, department and language, and filters narrow the results', async () => {
    const all = await find('garbage');
    const services = await find('garbage', PUBLIC, { type: 'service' });
    const serviceFacet = all.facets.type.find((f) => f.value === 'service');
    assert.equal(services.total, serviceFacet?.count);
    assert.ok(services.results.every((r) => r.kind === 'service'));
    assert.deepEqual(services.facets.type, all.facets.type, 'a facet ignores its own filter');
    const dept = all.facets.department[0];
    assert.ok(dept && dept.label !== dept.value, 'departments are named');
    const inDept = await find('garbage', PUBLIC, { department: dept.value });
    assert.equal(inDept.total, dept.count);
    assert.ok(inDept.results.every((r) => r.department?.id === dept.value));
    const page2 = await find('garbage', PUBLIC, { per_page: '2', page: '2' });
    assert.deepEqual(refs(page2), refs(await find('garbage', PUBLIC, { per_page: '4' })).slice(2, 4));
  });

  test('snippets cannot inject HTML', async () => {
    await article({ title: 'Frobnicate <img src=x onerror=alert(1)>', body: 'Frobnicate <script>alert(1)</script> & more' });
    const r = await find('frobnicate');
    const hit = r.results[0];
    assert.ok(hit);
    assert.doesNotMatch(hit.titleHtml + hit.snippetHtml, /<(?!\/?mark>)/, 'only <mark> tags');
    assert.match(hit.titleHtml, /^<mark>Frobnicate<\/mark> &lt;img/);
  });
});

describe('the index follows every write, without calling search', () => {
  test('an article published, edited and archived', async () => {
    const a = await article({ title: 'Glimmerwick lantern repairs', status: 'draft' });
    assert.equal((await find('glimmerwick')).total, 0, 'a draft is not searchable');
    await t.deps.db.updateTable('kb_articles').set({ status: 'published' }).where('id', '=', a.id).execute();
    assert.equal(await top('glimmerwick'), `article:${a.slug}`);
    await t.deps.db.updateTable('kb_articles').set({ title: 'Lantern repairs', body: 'Call the Snorkelbeam team' }).where('id', '=', a.id).execute();
    assert.equal((await find('glimmerwick')).total, 0);
    assert.equal(await top('snorkelbeam'), `article:${a.slug}`);
    await t.deps.db.updateTable('kb_articles').set({ status: 'archived' }).where('id', '=', a.id).execute();
    assert.equal((await find('snorkelbeam')).total, 0);
  });

  test('answers are reused until the index changes: a repeat is served from the cache, any reindex or synonym change ends it', async () => {
    const a = await article({ title: 'Quillfeather bench repairs', status: 'published' });
    const first = await find('quillfeather');
    assert.equal(first.results[0]?.title, 'Quillfeather bench repairs');
    // Behind the index's back (no trigger, no new generation): the cached answer is still served …
    await t.deps.db.updateTable('search_documents').set({ title: 'Quillfeather bench mending' }).where('kind', '=', 'article').where('source_id', '=', String(a.id)).execute();
    assert.equal((await find('quillfeather')).results[0]?.title, 'Quillfeather bench repairs');
    const uncached = await search(t.deps, searchQuerySchema.parse({ q: 'quillfeather' }), PUBLIC, { cache: false });
    assert.equal(uncached.results[0]?.title, 'Quillfeather bench mending');
    // … until a write through the source table reindexes and moves the generation on.
    await t.deps.db.updateTable('kb_articles').set({ title: 'Quillfeather bench fixes' }).where('id', '=', a.id).execute();
    assert.equal((await find('quillfeather')).results[0]?.title, 'Quillfeather bench fixes');
  });

  test('a service renamed and deactivated through the catalog', async () => {
    await updateService(t.deps, 'portland', 'BIKE_RACK', { name: { en: 'Bicycle corral and zorvex rack request', es: 'Solicitud de estacionamiento para bicicletas' } }, system);
    assert.equal(await top('zorvex'), 'service:BIKE_RACK');
    await setServiceActive(t.deps, 'portland', 'BIKE_RACK', false);
    assert.ok(!refs(await find('zorvex', STAFF)).includes('service:BIKE_RACK'));
    await setServiceActive(t.deps, 'portland', 'BIKE_RACK', true);
    assert.equal(await top('zorvex'), 'service:BIKE_RACK');
  });

  test('a directory import, and an organization renamed', async () => {
    const service = {
      id: 'search-svc-1',
      name: 'Quillory food pantry',
      status: 'active',
      description: 'Free groceries every Saturday',
      organization: { id: 'search-org-1', name: 'Helping Hands', description: 'Neighbours helping neighbours' },
      attributes: [{ id: 'search-attr-1', link_type: 'category', taxonomy_term: { id: 'search-term-1', name: 'Emergency Food' } }],
    };
    await importDirectory(t.deps, new TextEncoder().encode(JSON.stringify([service])));
    const r = await find('quillory');
    assert.equal(refs(r)[0], 'directory:search-svc-1');
    assert.equal(r.results[0]?.subtitle, 'Helping Hands');
    await t.deps.db.updateTable('directory_organizations').set({ name: 'Wuzzle Community Aid' }).where('id', '=', 'search-org-1').execute();
    assert.equal(await top('wuzzle'), 'directory:search-svc-1');
    await t.deps.db.deleteFrom('directory_services').where('id', '=', 'search-svc-1').execute();
    assert.equal((await find('quillory')).total, 0);
  });

  test('every engine keeps one row per service and language', async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents WHERE kind = 'service' GROUP BY source_id, locale HAVING count(*) > 1`.execute(t.deps.db);
    assert.equal(rows.length, 0);
  });

  test('lexeme counts stay equal to a recount after every kind of write above', async () => {
    const { rows } = await sql<{ lexeme: string; counted: number; actual: number }>`
      WITH actual AS (
        SELECT l AS lexeme, count(*)::int AS n FROM search_documents, unnest(tsvector_to_array(tsv)) AS l GROUP BY l
        UNION ALL SELECT '', count(*)::int FROM search_documents
      )
      SELECT coalesce(a.lexeme, c.lexeme) AS lexeme, coalesce(c.ndoc, 0) AS counted, coalesce(a.n, 0) AS actual
      FROM actual a FULL JOIN search_lexemes c ON c.lexeme = a.lexeme
      WHERE coalesce(c.ndoc, 0) <> coalesce(a.n, 0)`.execute(t.deps.db);
    assert.deepEqual(rows, []);
  });
});
