import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import { openDatabase, type DbHandle } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { systemClock } from '../../lib/clock.ts';
import { openTestDatabase } from '../../test/database.ts';
import { Command } from 'commander';
import { registerHistoryCommands } from './cli.ts';
import { importRequests } from './import.ts';
import { seedImportCities, writeNycDerivedCsv } from './test-helpers.ts';

/**
 * The real command, in its own process: killed in the middle of an import, then run again, it
 * resumes from its checkpoint and the counts come out exactly as an uninterrupted run's.
 * PostgreSQL: the test's schema (PGOPTIONS); PGlite: a data directory of the test's own.
 */
const t = await openTestDatabase();
const { databaseUrl } = loadConfig();
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-history-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataDir = join(dir, 'data');

let schema = '';
if (databaseUrl) {
  await seedImportCities(t.deps);
  schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.deps.db)).rows[0]?.s ?? '';
} else {
  const handle = await openDatabase({ dataDir });
  await migrate(handle);
  await seedImportCities({ db: handle.db, clock: systemClock });
  await handle.close();
}

const RECORDS = 3_000;
const file = join(dir, 'nyc-3k.csv');
await writeNycDerivedCsv(file, RECORDS);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs `frontdoor …`; with `killAfterLines`, SIGKILLs it once it has reported that many committed batches. */
function frontdoor(args: string[], killAfterLines?: number): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', FRONTDOOR_WORKER: 'off' };
  if (databaseUrl) env.PGOPTIONS = `-c search_path=${schema}`;
  else {
    delete env.DATABASE_URL;
    env.FRONTDOOR_DATA_DIR = dataDir;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (killAfterLines !== undefined && (err.match(/^progress: /gm)?.length ?? 0) >= killAfterLines) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

const number = (out: string, label: string): number => Number(new RegExp(`^\\s+${label}\\s+([\\d,]+)`, 'm').exec(out)?.[1]?.replace(/,/g, '') ?? Number.NaN);

async function onDb<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  if (databaseUrl) return fn(t.handle);
  const handle = await openDatabase({ dataDir });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

describe('frontdoor import requests (a separate process)', () => {
  test('killed mid-way, then run again: it resumes and the counts are exact', async () => {
    const args = ['import', 'requests', file, '--format', 'nyc311', '--jurisdiction', 'nyc', '--batch-size', '100', '--progress'];
    const killed = await frontdoor(args, 5);
    assert.equal(killed.signal, 'SIGKILL', `the import should have been killed mid-way:\n${killed.err}\n${killed.out}`);
    const resumed = await frontdoor(args);
    assert.equal(resumed.code, 0, resumed.err);
    // It went on from its checkpoint: at least the five batches reported, not the whole file.
    const resumedAt = Number(/resumed after record ([\d,]+)/.exec(resumed.out)?.[1]?.replace(/,/g, ''));
    assert.ok(resumedAt >= 500 && resumedAt < RECORDS, `resumed after ${resumedAt} records:\n${resumed.out}`);
    // A second source, imported in one go, is the reference the resumed run must equal.
    const { reference, rows, years, ranges } = await onDb(async (h) => ({
      reference: await importRequests({ db: h.db, clock: systemClock }, file, { format: 'nyc311', jurisdictionId: 'nyc', source: 'nyc-reference', databaseUrl }),
      rows: (await sql<{ source: string; n: number; events: number }>`
        SELECT source, count(*)::int AS n, sum((SELECT count(*) FROM request_events e WHERE e.request_id = sr.id AND e.kind = 'created'))::int AS events
          FROM service_requests sr WHERE source IN ('nyc311', 'nyc-reference') GROUP BY source ORDER BY source`.execute(h.db)).rows,
      // Tracking numbers of both runs: per year, 1 … the counter, none missing (numbers reserved by
      // batches the kill cut off were used by the resumed run).
      years: (await sql<{ year: number; n: number; top: number; counter: number }>`
        SELECT c.year, count(sr.id)::int AS n, max(split_part(sr.tracking_number, '-', 3)::int) AS top, c.last_value AS counter
          FROM tracking_counters c LEFT JOIN service_requests sr ON sr.jurisdiction_id = c.jurisdiction_id AND split_part(sr.tracking_number, '-', 2)::int = c.year
         WHERE c.jurisdiction_id = 'nyc' GROUP BY c.year, c.last_value ORDER BY c.year`.execute(h.db)).rows,
      ranges: (await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_number_ranges`.execute(h.db)).rows[0]?.n,
    }));
    assert.ok(years.length > 0);
    for (const y of years) assert.deepEqual([y.n, y.top], [y.counter, y.counter], `tracking numbers of ${y.year}`);
    assert.equal(ranges, 0, 'no reserved numbers left over');
    assert.equal(reference.resumedAt, 0);
    for (const label of ['read', 'imported', 'duplicates', 'skipped'] as const) {
      assert.equal(number(resumed.out, label), reference[label], `${label}:\n${resumed.out}`);
    }
    assert.equal(number(resumed.out, 'read'), RECORDS);
    assert.equal(number(resumed.out, 'duplicates'), 0);
    assert.deepEqual(rows.map((r) => [r.source, r.n, r.events]), [
      ['nyc-reference', reference.imported, reference.imported],
      ['nyc311', number(resumed.out, 'imported'), number(resumed.out, 'imported')],
    ]);
  });

  test('usage errors exit 1 with the reason (in process)', async () => {
    const program = new Command('frontdoor').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    registerHistoryCommands(program.command('import').exitOverride(), () => Promise.reject(new Error('no database needed')));
    const err: string[] = [];
    const error = console.error;
    console.error = (...a: unknown[]) => void err.push(a.join(' '));
    try {
      for (const args of [[file], [file, '--format', 'nyc311', '--mapping', 'm.json'], [file, '--format', 'nyc311', '--batch-size', '0']]) {
        await program.parseAsync(['node', 'frontdoor', 'import', 'requests', ...args]);
        assert.equal(process.exitCode, 1);
        process.exitCode = 0;
      }
    } finally {
      console.error = error;
      process.exitCode = 0;
    }
    assert.match(err[0] ?? '', /give --format nyc311\|la311\|open311 or --mapping mapping\.json/);
    assert.match(err[1] ?? '', /either --format or --mapping, not both/);
    assert.match(err[2] ?? '', /--batch-size must be a whole number from 1 to 100000/);
  });
});
