import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { PORTAL_DIST, initialFiles, readManifest } from './assets.ts';

/**
 * The portal's scripts: built with Vite (here, when no build exists yet), each page's initial
 * JavaScript — its entry and what that imports statically — at most 50 KB gzipped, Leaflet only in
 * a chunk loaded on demand, and the files served with a year-long cache.
 */
const LIMIT = 50 * 1024;
if (!readManifest()) execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'src/web/portal/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
const manifest = readManifest();
const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

test('initial JavaScript of every portal entry is at most 50 KB gzipped; Leaflet is not in it', () => {
  assert.ok(manifest, 'the portal scripts are built');
  const entries = Object.values(manifest).filter((c) => c.isEntry).map((c) => c.name ?? '');
  for (const own of ['nearby', 'report']) assert.ok(entries.includes(own), `the ${own} entry is built`);
  for (const entry of entries) {
    const files = initialFiles(manifest, entry);
    const gz = files.reduce((sum, f) => sum + gzipSync(readFileSync(`${PORTAL_DIST}${f}`)).length, 0);
    console.log(`${entry}: ${files.length} files, ${gz} bytes gzipped`);
    assert.ok(gz <= LIMIT, `${entry}: ${gz} bytes gzipped`);
    for (const f of files) assert.ok(!readFileSync(`${PORTAL_DIST}${f}`, 'utf8').includes('leaflet-container'), `${f} holds Leaflet`);
  }
  const map = Object.values(manifest).find((c) => c.name === 'map');
  assert.ok(map?.isDynamicEntry && readFileSync(`${PORTAL_DIST}${map.file}`, 'utf8').includes('leaflet'), 'Leaflet is in the on-demand map chunk');
});

test('pages load their entry as a module script; the files are served with a long cache', async () => {
  const page = await app.inject({ url: '/report/STREETLIGHT' });
  const src = /<script type="module" defer src="(\/assets\/portal\/[^"]+)"><\/script>/.exec(page.body)?.[1];
  assert.ok(src, 'the report page loads its script');
  const js = await app.inject({ url: src });
  assert.equal(js.statusCode, 200);
  assert.match(js.headers['content-type'] as string, /javascript/);
  assert.match(js.headers['cache-control'] as string, /max-age=31536000.*immutable|immutable.*max-age=31536000/);
  const nearby = await app.inject({ url: '/nearby' });
  assert.match(nearby.body, /<script type="module" defer src="\/assets\/portal\/assets\/nearby-/);
  assert.equal((await app.inject({ url: '/assets/portal/assets/nope.js' })).statusCode, 404);
});
