import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runImportExportCommands } from '../../test/cli.ts';
import { openTestDatabase } from '../../test/database.ts';
import { registerDirectoryCommands } from './cli.ts';
import { tinyPackage } from './test-helpers.ts';

const t = await openTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-directory-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => runImportExportCommands(registerDirectoryCommands, t.deps, args);

describe('frontdoor import directory / export directory', () => {
  test('import prints the summary per entity', async () => {
    const file = join(dir, 'tiny.zip');
    writeFileSync(
      file,
      tinyPackage({
        'organizations.csv': 'id,name,url\norg-1,Tiny Food Bank,not a site\n',
        'phones.csv': 'id,service_id,number\nph-1,svc-1,305-555-0100\nph-2,svc-1,\n',
      }),
    );
    const { out, exitCode } = await cli('import', 'directory', file, '--format', 'hsds-csv');
    assert.equal(exitCode, 0);
    assert.match(out, /Imported .*tiny\.zip \(hsds-csv\) in \d+\.\d s/);
    assert.match(out, /organizations\s+read\s+1\s+imported\s+1 \(new 1, updated 0, unchanged 0\)\s+skipped 0/);
    assert.match(out, /phones\s+read\s+2\s+imported\s+1 .* skipped 1\n\s+skipped 1: number is empty — e\.g\. phones\.csv line 3 \(id ph-2\)/);
    assert.match(out, /adjusted 1: website unreadable; left out — e\.g\. organizations\.csv line 2 \(id org-1\): website is not a web address: "not a site"/);
  });

  test('a refused import says why, writes nothing and exits with status 1', async () => {
    const file = join(dir, 'bad.zip');
    writeFileSync(file, 'not a zip');
    const { out, err, exitCode } = await cli('import', 'directory', file, '--format', 'hsds-csv');
    assert.equal(exitCode, 1);
    assert.equal(out, '');
    assert.match(err, /^Nothing was imported: The file is not a zip archive/);
  });

  test('an unknown --format is refused by the CLI', async () => {
    await assert.rejects(cli('import', 'directory', 'x.zip', '--format', 'xlsx'), /Allowed choices are hsds-csv, hsds-json/);
  });

  test('export writes HSDS 3.0 JSON to --out, replacing the file only when complete', async () => {
    const file = join(dir, 'directory.json');
    const { out } = await cli('export', 'directory', '--out', file);
    assert.match(out, /Directory exported to .*directory\.json/);
    const services = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(services.map((s: { id: string }) => s.id), ['svc-1']);
    assert.equal(services[0].organization.name, 'Tiny Food Bank');
    assert.equal(existsSync(`${file}.partial`), false);
  });
});
