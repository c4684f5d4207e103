import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { seedDemoCity } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { ARTICLE_LOCALES } from './tables.ts';

/**
 * The public API over the demo city's real articles: whatever the files say, no staff-only
 * article, draft or call script reaches it, and every rendered body stays inside the allow-list.
 */
const t = await openTestDatabase();
await seedDemoCity(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const all = await t.deps.db.selectFrom('kb_articles').select(['slug', 'locale', 'audience', 'status', 'title', 'script']).execute();

test('no staff-only article, unpublished article or call script appears in any public answer', async (context) => {
  if (!all.length) {
    context.skip('the demo city has no article files yet');
    return;
  }
  const hidden = all.filter((a) => a.audience !== 'public' || a.status !== 'published');
  const scripts = all.map((a) => a.script).filter((s): s is string => !!s && s.length >= 20);
  const bodies: string[] = [];
  for (const locale of ARTICLE_LOCALES) {
    const list = await app.inject({ url: `/api/v1/articles?locale=${locale}&limit=100` });
    assert.equal(list.statusCode, 200, list.body);
    bodies.push(list.body);
    for (const a of list.json().articles as { slug: string }[]) {
      const one = await app.inject({ url: `/api/v1/articles/${a.slug}?locale=${locale}` });
      assert.equal(one.statusCode, 200, one.body);
      bodies.push(one.body);
      const html = one.json().article.html as string;
      assert.ok(!/<script|<img|<iframe|<style|javascript:|\son\w+=/i.test(html), `${a.slug}.${locale}: unsafe HTML`);
    }
  }
  for (const a of hidden) {
    const res = await app.inject({ url: `/api/v1/articles/${a.slug}?locale=${a.locale}` });
    if (res.statusCode === 200) assert.notEqual(res.json().article.locale, a.locale, `${a.slug}.${a.locale} is ${a.audience}/${a.status} yet served`);
  }
  const everything = bodies.join('\n');
  for (const script of scripts) assert.ok(!everything.includes(script.slice(0, 60)), `a call script leaked: ${script.slice(0, 60)}`);
  for (const a of hidden.filter((h) => h.audience === 'staff')) {
    assert.ok(!everything.includes(JSON.stringify(a.title)), `staff-only "${a.title}" leaked`);
  }
  assert.ok(!/"script"|"audience"/.test(everything));
});
