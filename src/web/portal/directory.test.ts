import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { importDirectory } from '../../modules/directory/index.ts';
import { MIAMI_ZIP } from '../../modules/directory/test-helpers.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';

/** Directory entries on the portal, over the real Miami 211 HSDS fixture. */
const t = await openTestDatabase();
await seedTestville(t.deps);
await importDirectory(t.deps, MIAMI_ZIP);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

test('a directory entry shows its organization and how to reach it; search results link to it, marked as English', async () => {
  const row = await t.deps.db
    .selectFrom('directory_services as s')
    .innerJoin('directory_organizations as o', 'o.id', 's.organization_id')
    .select(['s.id', 's.name', 'o.name as org'])
    .where('s.status', '=', 'active')
    .orderBy('s.id')
    .executeTakeFirstOrThrow();
  const page = await app.inject({ url: `/directory/${encodeURIComponent(row.id)}?lang=es` });
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<html lang="es">/);
  assert.match(page.body, /<article lang="en">/);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  assert.ok(page.body.includes(esc(row.name)), row.name);
  assert.ok(page.body.includes(esc(row.org)), row.org);
  assert.equal((await app.inject({ url: '/directory/no-such-entry' })).statusCode, 404);
  const word = row.name.split(/\s+/).find((w) => w.length > 4) ?? row.name;
  const results = await app.inject({ url: `/search?q=${encodeURIComponent(word)}&lang=es` });
  assert.match(results.body, /href="\/directory\//);
  assert.match(results.body, /<h2 lang="en"><a href="\/directory\//);
});
