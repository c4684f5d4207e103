import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { CONSOLE_DIST, registerConsoleRoutes } from './routes.ts';

const catalog = (lang: string): Record<string, string> => JSON.parse(readFileSync(new URL(`./app/messages/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;

describe('console message catalogs', () => {
  test('Spanish has every English key and no key English lacks; no message is empty', () => {
    const en = catalog('en');
    const es = catalog('es');
    assert.deepEqual(Object.keys(en).filter((k) => !(k in es)), [], 'keys missing in es');
    assert.deepEqual(Object.keys(es).filter((k) => !(k in en)), [], 'keys only in es');
    for (const [lang, messages] of Object.entries({ en, es })) {
      for (const [key, text] of Object.entries(messages)) assert.ok(text.trim(), `${lang} ${key} is empty`);
    }
  });

  test('every t("…") key used in the console source exists in English', () => {
    const en = catalog('en');
    const root = new URL('./app/', import.meta.url);
    const files: string[] = [];
    const walk = (dir: URL): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
        else if (/\.tsx?$/.test(entry.name)) files.push(new URL(entry.name, dir).pathname);
      }
    };
    walk(root);
    const missing = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) if (!((m[1] as string) in en)) missing.add(`${m[1]} (${file.split('/app/')[1]})`);
    }
    assert.deepEqual([...missing], []);
  });
});


describe('serving the console', () => {
  const dist = mkdtempSync(join(tmpdir(), 'console-dist-')) + '/';
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/console/assets/app-1.js"></script>');
  writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  const app = Fastify();
  after(() => app.close());

  test('index.html for /console and any path below it, never cached, with a strict CSP; hashed assets cached a year; a missing asset is a 404', async () => {
    await registerConsoleRoutes(app, dist);
    for (const url of ['/console', '/console/', '/console/requests/PDX-1?x=1']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.headers['content-security-policy'] as string, /script-src 'self'/);
      assert.match(res.body, /<title>console<\/title>/);
    }
    const asset = await app.inject({ url: '/console/assets/app-1.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(asset.headers['cache-control'] as string, /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    const gone = await app.inject({ url: '/console/assets/app-0.js' });
    assert.equal(gone.statusCode, 404);
    assert.doesNotMatch(gone.body, /<title>/);
  });

  test('without a build, /console says how to build it', async () => {
    const bare = Fastify();
    await registerConsoleRoutes(bare, join(tmpdir(), 'no-such-console-build') + '/');
    const res = await bare.inject({ url: '/console' });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:console/);
    await bare.close();
  });
});

describe('the built console', () => {
  test("initial JavaScript and CSS (entry chunk, its static imports, its CSS) is at most 300 KB gzipped", (ctx) => {
    let manifest: Record<string, { file: string; isEntry?: boolean; imports?: string[]; css?: string[] }>;
    try {
      manifest = JSON.parse(readFileSync(join(CONSOLE_DIST, '.vite', 'manifest.json'), 'utf8'));
    } catch {
      if (process.env.CI) throw new Error('the console is not built: npm ci runs `npm run build` (prepare)');
      ctx.skip('console not built (npm run build:console)');
      return;
    }
    const seen = new Set<string>();
    const visit = (key: string): void => {
      const chunk = manifest[key];
      if (!chunk || seen.has(chunk.file)) return;
      seen.add(chunk.file);
      chunk.css?.forEach((css) => seen.add(css));
      chunk.imports?.forEach(visit);
    };
    const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
    assert.equal(entries.length, 1, 'one entry (index.html)');
    visit(entries[0]![0]);
    const gzipped = [...seen].reduce((sum, file) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, file))).length, 0);
    ctx.diagnostic(`initial console payload: ${(gzipped / 1024).toFixed(1)} KB gzipped in ${seen.size} files`);
    assert.ok(gzipped <= 300 * 1024, `${gzipped} bytes gzipped`);
  });
});
