import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runImportExportCommands } from '../../test/cli.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville } from '../../test/factories.ts';
import { registerKbCommands } from './cli.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const FIXTURES = fileURLToPath(new URL('./fixtures/articles/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-kb-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runImportExportCommands(registerKbCommands, t.deps, args);

test('import articles DIR, again without change, export articles DIR, and the export imports back identically', async () => {
  const first = await cli('import', 'articles', FIXTURES);
  assert.equal(first.exitCode, 0, first.err);
  assert.match(first.out, /Imported 3 article files from .*: 3 new, 0 updated .*, 0 unchanged/);
  const second = await cli('import', 'articles', FIXTURES);
  assert.match(second.out, /0 new, 0 updated .*, 3 unchanged/);
  const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('action', '=', 'kb.articles_imported').execute();
  assert.deepEqual(audit.map((a) => a.actor_kind), ['cli'], 'the import that changed something is audited, once');

  const out = join(dir, 'export');
  const exported = await cli('export', 'articles', out);
  assert.match(exported.out, /Exported 3 article files/);
  const names = readdirSync(out).sort();
  assert.deepEqual(names, ['crew-escalation.en.md', 'pothole-repair.en.md', 'pothole-repair.es.md']);
  assert.match(readFileSync(join(out, 'crew-escalation.en.md'), 'utf8'), /<!-- script -->\n"I am sending this/);
  const back = await cli('import', 'articles', out);
  assert.match(back.out, /0 new, 0 updated .*, 3 unchanged/);
});

test('a bad file: nothing imported, the file and line named, exit status 1', async () => {
  const bad = join(dir, 'bad');
  rmSync(bad, { recursive: true, force: true });
  mkdirSync(bad);
  writeFileSync(join(bad, 'a-good-one.en.md'), '---\ntitle: Good\n---\nFine.\n');
  writeFileSync(join(bad, 'b-bad-one.en.md'), '---\ntitle: Bad\nservices: POTHOLE, NOT_A_SERVICE\n---\nBody\n');
  const res = await cli('import', 'articles', bad);
  assert.equal(res.exitCode, 1);
  assert.match(res.err, /Nothing was imported: b-bad-one\.en\.md, line 3: unknown service code "NOT_A_SERVICE"/);
  const good = await t.deps.db.selectFrom('kb_articles').select('id').where('slug', '=', 'a-good-one').execute();
  assert.equal(good.length, 0);
  const missing = await cli('import', 'articles', join(dir, 'nowhere'));
  assert.equal(missing.exitCode, 1);
  assert.match(missing.err, /does not exist/);
});
