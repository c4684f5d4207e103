import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { seedDemoCity } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { staffSession } from '../../test/factories.ts';
import type { SearchResponse } from './service.ts';

const t = await openTestDatabase();
await seedDemoCity(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());
const supervisor = (await staffSession(app, t.deps, ['supervisor'])).session.headers;
const agent = (await staffSession(app, t.deps, ['agent'])).session.headers;

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/search', () => {
  test('answers anyone, with results, facets and the query as understood', async () => {
    const res = await get('/api/v1/search?q=grafiti&per_page=3');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as SearchResponse;
    assert.equal(body.results[0]?.ref, 'GRAFFITI');
    assert.equal(body.results.length, 3);
    assert.deepEqual(body.query.corrections[0]?.word, 'grafiti');
    assert.ok(body.facets.type.length > 0 && body.facets.language.some((f) => f.value === 'en'));
    assert.deepEqual(Object.keys(body.results[0] ?? {}).sort(), ['department', 'id', 'kind', 'locale', 'ref', 'score', 'snippetHtml', 'subtitle', 'title', 'titleHtml']);
  });

  test('bad parameters are a 400 naming them', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/search', 'query.q'],
      ['/api/v1/search?q=%20%20', 'query.q'],
      [`/api/v1/search?q=${'a'.repeat(201)}`, 'query.q'],
      ['/api/v1/search?q=!!!', 'query.q'],
      ['/api/v1/search?q=x&per_page=0', 'query.per_page'],
      ['/api/v1/search?q=x&per_page=51', 'query.per_page'],
      ['/api/v1/search?q=x&page=abc', 'query.page'],
      ['/api/v1/search?q=x&type=person', 'query.type'],
      ['/api/v1/search?q=x&locale=fr', 'query.locale'],
      ['/api/v1/search?q=x&department=DROP%20TABLE', 'query.department'],
      ['/api/v1/search?q=x&sort=new', 'query.sort'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      const error = (res.json() as { error: { code: string; field: string; message: string } }).error;
      assert.equal(error.code, 'validation_failed');
      assert.equal(error.field, field, url);
    }
  });

  test('staff with kb:read also find staff-only articles; nobody finds call scripts', async () => {
    await t.deps.db
      .insertInto('kb_articles')
      .values({ slug: 'route-test-staff', locale: 'en', title: 'Plonkfish intake checklist', body: 'Steps', script: 'Say: zimbleword', audience: 'staff', status: 'published' })
      .execute();
    assert.equal(((await get('/api/v1/search?q=plonkfish')).json() as SearchResponse).total, 0);
    const staff = (await get('/api/v1/search?q=plonkfish', agent)).json() as SearchResponse;
    assert.equal(staff.results[0]?.ref, 'route-test-staff');
    assert.equal(((await get('/api/v1/search?q=zimbleword', agent)).json() as SearchResponse).total, 0, 'the script is not indexed');
  });
});

describe('synonyms and the no-results list', () => {
  test('a supervisor replaces the synonyms (audited), bad sets are refused', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/v1/search/synonyms', headers: supervisor, payload: { sets: [['lonely']] } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((bad.json() as { error: { field: string } }).error.field, 'body.sets.0');
    const put = await app.inject({ method: 'PUT', url: '/api/v1/search/synonyms', headers: supervisor, payload: { sets: [[' Trash ', 'garbage', 'trash'], ['Blorptastic', 'pothole']] } });
    assert.equal(put.statusCode, 200, put.body);
    const list = (await get('/api/v1/search/synonyms', supervisor)).json() as { sets: { terms: string[] }[] };
    assert.deepEqual(list.sets.map((s) => s.terms), [['trash', 'garbage'], ['blorptastic', 'pothole']]);
    const found = (await get('/api/v1/search?q=blorptastic')).json() as SearchResponse;
    assert.equal(found.results[0]?.ref, 'POTHOLE');
    const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('action', '=', 'search.synonyms_replaced').execute();
    assert.deepEqual(audit, [{ action: 'search.synonyms_replaced', actor_kind: 'staff' }]);
  });

  test('searches that found nothing are listed for staff, most frequent first', async () => {
    for (const q of ['vorpalsnicker', 'vorpalsnicker', 'snarkhunt']) await get(`/api/v1/search?q=${q}&locale=es`);
    const res = await get('/api/v1/search/no-results?locale=es', supervisor);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { total: number; misses: { query: string; count: number; locale: string }[] };
    assert.deepEqual(body.misses.map((m) => [m.query, m.count, m.locale]), [['vorpalsnicker', 2, 'es'], ['snarkhunt', 1, 'es']]);
    assert.equal((await get('/api/v1/search/no-results?since=yesterday', supervisor)).statusCode, 400);
  });
});
