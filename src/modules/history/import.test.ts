import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../lib/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { markOverdueRequests } from '../requests/index.ts';
import { importRequests, type ImportOptions } from './import.ts';
import { seedImportCities } from './test-helpers.ts';

const t = await openTestDatabase();
await seedImportCities(t.deps);
const { databaseUrl } = loadConfig();
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const NYC = 'fixtures/real/nyc311-sample.csv';
const LA = 'fixtures/real/la311-2020-sample.csv';
const run = (file: string, options: ImportOptions) => importRequests(t.deps, file, { databaseUrl, ...options });

async function request(source: string, externalId: string) {
  const row = await t.deps.db
    .selectFrom('service_requests as sr')
    .innerJoin('services as s', 's.id', 'sr.service_id')
    .select([
      'sr.id', 'sr.tracking_number', 'sr.jurisdiction_id', 'sr.status', 'sr.channel', 'sr.description', 'sr.address', 'sr.district_id',
      'sr.department_id', 'sr.created_at', 'sr.updated_at', 'sr.closed_at', 'sr.resolved_at', 'sr.due_at', 'sr.breached_at', 'sr.priority',
      'sr.requester_name', 'sr.requester_email', 'sr.confidential', 's.service_code', 's.active as service_active', 's.group_code',
      sql<number | null>`(sr.location)[0]`.as('lon'), sql<number | null>`(sr.location)[1]`.as('lat'),
    ])
    .where('sr.source', '=', source).where('sr.external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  const events = await t.deps.db.selectFrom('request_events').selectAll().where('request_id', '=', row.id).orderBy('id').execute();
  return { ...row, events };
}

const count = async (source: string): Promise<number> =>
  Number((await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', source).executeTakeFirstOrThrow()).n);

describe('import requests: NYC 311 (real file)', () => {
  test('every record is read; bad ones are skipped with their reason; the rest imported', async () => {
    const jobsBefore = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(t.deps.db)).rows[0]?.n);
    const s = await run(NYC, { format: 'nyc311', jurisdictionId: 'nyc' });
    assert.equal(s.read, 10_923);
    assert.equal(s.imported, 10_910);
    assert.equal(s.duplicates, 0);
    assert.equal(s.skipped, 13);
    assert.equal(s.skips.closed_before_created?.count, 12);
    assert.equal(s.skips.unknown_status?.count, 1);
    assert.match(s.skips.unknown_status?.examples[0] ?? '', /39574872.*"Email Sent"/);
    assert.equal(s.engine, databaseUrl ? 'copy' : 'insert');
    assert.equal(await count('nyc311'), 10_910);
    // History makes no work: no job queued, nothing due, so the SLA sweep finds nothing to breach.
    assert.equal(Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM jobs`.execute(t.deps.db)).rows[0]?.n), jobsBefore);
    assert.equal(await markOverdueRequests(t.deps), 0);
  });

  test('a closed record, field by field, with its timeline', async () => {
    // 28016252,2014-05-10T22:12:00,2014-05-10T23:08:00,DEP,…,Water System,Hydrant Defective (WC2),Closed,MANHATTAN,10013,,40.7188…,-74.0048…,PHONE,The Department of Environmental Protection determined …
    const r = await request('nyc311', '28016252');
    assert.equal(r.jurisdiction_id, 'nyc');
    assert.match(r.tracking_number, /^NYC-2014-\d{6}$/);
    assert.equal(r.status, 'closed');
    assert.equal(r.channel, 'phone');
    assert.equal(r.service_code, 'NYC311_WATER_SYSTEM');
    assert.equal(r.service_active, false, 'an imported service type takes no new requests');
    assert.equal(r.group_code, 'imported');
    assert.equal(r.department_id, 'imported-nyc', 'DEP maps to no department in the built-in mapping');
    assert.equal(r.description, 'Hydrant Defective (WC2)');
    assert.equal(r.address, 'MANHATTAN, 10013');
    assert.equal(r.created_at.toISOString(), '2014-05-11T02:12:00.000Z', 'New York wall time, EDT');
    assert.equal(r.closed_at?.toISOString(), '2014-05-11T03:08:00.000Z');
    assert.equal(r.resolved_at?.toISOString(), '2014-05-11T03:08:00.000Z');
    assert.equal(r.updated_at.toISOString(), '2014-05-11T03:08:00.000Z');
    assert.equal(r.due_at, null);
    assert.equal(r.breached_at, null);
    assert.equal(r.lat, 40.71885278403961);
    assert.equal(r.lon, -74.00484483511336);
    assert.equal(r.district_id, 'nyc-west');
    assert.equal(r.requester_name, null);
    assert.deepEqual(r.events.map((e) => [e.kind, e.from_status, e.to_status, e.at.toISOString(), e.actor]), [
      ['created', null, 'new', '2014-05-11T02:12:00.000Z', 'import'],
      ['status_changed', 'new', 'closed', '2014-05-11T03:08:00.000Z', 'import'],
    ]);
    assert.match(r.events[1]?.public_note ?? '', /^The Department of Environmental Protection determined that this complaint is a duplicate/);
    assert.deepEqual(r.events[0]?.data, { channel: 'import', source: 'nyc311', external_id: '28016252', source_service: 'Water System', source_status: 'Closed', source_channel: 'PHONE', source_agency: 'DEP' });
  });

  test('a record without coordinates and an open one', async () => {
    // 28016453: Housing Options, borough Unspecified, no address, no coordinates, closed.
    const noPlace = await request('nyc311', '28016453');
    assert.equal(noPlace.lat, null);
    assert.equal(noPlace.district_id, null);
    assert.equal(noPlace.address, null, '"Unspecified" is a null value in the NYC mapping');
    assert.equal(noPlace.created_at.toISOString(), '2014-05-11T00:43:09.000Z');
    // 39574367: In Progress, no closed date.
    const open = await request('nyc311', '39574367');
    assert.equal(open.status, 'in_progress');
    assert.equal(open.closed_at, null);
    assert.equal(open.resolved_at, null);
    assert.equal(open.channel, 'import', 'UNKNOWN channel');
    assert.equal(open.address, '1401 AVENUE Y, BROOKLYN, 11235');
    assert.equal(open.district_id, 'nyc-west');
    assert.deepEqual(open.events.map((e) => e.to_status), ['new', 'in_progress']);
  });

  test('tracking numbers: one per request, numbered per year of creation, counters moved', async () => {
    const perYear = await sql<{ year: string; n: number; max: number }>`
      SELECT substr(tracking_number, 5, 4) AS year, count(*)::int AS n, max(substr(tracking_number, 10)::int) AS max
        FROM service_requests WHERE source = 'nyc311' GROUP BY 1 ORDER BY 1`.execute(t.deps.db);
    for (const y of perYear.rows) assert.equal(y.max, y.n, `no gaps in ${y.year}`);
    const counters = await t.deps.db.selectFrom('tracking_counters').selectAll().where('jurisdiction_id', '=', 'nyc').orderBy('year').execute();
    assert.deepEqual(counters.map((c) => [String(c.year), c.last_value]), perYear.rows.map((y) => [y.year, y.n]));
    const distinct = await sql<{ n: number }>`SELECT count(DISTINCT tracking_number)::int AS n FROM service_requests WHERE source = 'nyc311'`.execute(t.deps.db);
    assert.equal(distinct.rows[0]?.n, 10_910);
  });

  test('re-running the same file adds nothing: every record is a duplicate', async () => {
    const events = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM request_events`.execute(t.deps.db)).rows[0]?.n);
    const before = await events();
    const s = await run(NYC, { format: 'nyc311', jurisdictionId: 'nyc' });
    assert.deepEqual([s.read, s.imported, s.duplicates, s.skipped, s.servicesCreated.length], [10_923, 0, 10_910, 13, 0]);
    assert.equal(await count('nyc311'), 10_910);
    assert.equal(await events(), before);
  });
});

describe('import requests: LA 311 (real file)', () => {
  test('counts, and records field by field', async () => {
    const s = await run(LA, { format: 'la311', jurisdictionId: 'la' });
    assert.deepEqual([s.read, s.imported, s.duplicates, s.skipped], [10_000, 10_000, 0, 0]);
    assert.equal(s.servicesCreated.length, 11);
    // "1-1523590121","2020-01-01 00:05:00","2020-01-02 08:43:00",…,"Illegal Dumping Pickup","Call",…,"BOS","Closed",…,34.19402846,-118.4994716,…,"16815 W VANOWEN ST, 91406"
    const r = await request('la311', '1-1523590121');
    assert.match(r.tracking_number, /^LA-2020-\d{6}$/);
    assert.equal(r.service_code, 'LA311_ILLEGAL_DUMPING_PICKUP');
    assert.equal(r.status, 'closed');
    assert.equal(r.channel, 'phone');
    assert.equal(r.created_at.toISOString(), '2020-01-01T08:05:00.000Z', 'Los Angeles wall time, PST');
    assert.equal(r.closed_at?.toISOString(), '2020-01-02T16:43:00.000Z');
    assert.equal(r.address, '16815 W VANOWEN ST, 91406');
    assert.equal(r.lat, 34.19402846);
    assert.equal(r.lon, -118.4994716);
    assert.equal(r.description, '');
    // "1-1523597521": Electronic Waste, Cancelled, closed 2020-01-02 01:13.
    const cancelled = await request('la311', '1-1523597521');
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.closed_at?.toISOString(), '2020-01-02T09:13:00.000Z');
    assert.equal(cancelled.resolved_at, null);
    assert.deepEqual(cancelled.events.map((e) => [e.kind, e.to_status]), [['created', 'new'], ['status_changed', 'cancelled']]);
    const mobile = await t.deps.db.selectFrom('service_requests').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', 'la311').where('channel', '=', 'app').executeTakeFirstOrThrow();
    assert.equal(Number(mobile.n), 2299, '"Mobile App" records');
  });
});

describe('import requests: a mapping file', () => {
  test('maps services and agencies to existing ones, with a source of its own', async () => {
    const mapping = join(dir, 'nyc-mapped.json');
    writeFileSync(mapping, JSON.stringify({
      source: 'nyc-mapped',
      timeZone: 'America/New_York',
      columns: { externalId: 'unique_key', createdAt: 'created_date', closedAt: 'closed_date', service: 'complaint_type', status: 'status', agency: 'agency', latitude: 'latitude', longitude: 'longitude', channel: 'open_data_channel_type' },
      status: { Closed: 'closed', Open: 'new', 'In Progress': 'in_progress', Assigned: 'acknowledged', Pending: 'on_hold', Started: 'in_progress', 'Email Sent': 'acknowledged' },
      channel: { online: 'web', '*': 'phone' },
      services: { 'Noise - Residential': 'NOISE' },
      unmappedServices: 'skip',
      agencies: { NYPD: 'nyc-police', HPD: 'nyc-housing' },
    }));
    const s = await run(NYC, { mappingFile: mapping, jurisdictionId: 'nyc' });
    const noise = await t.deps.db.selectFrom('service_requests as sr').innerJoin('services as s', 's.id', 'sr.service_id')
      .select(['s.service_code', 'sr.department_id', 'sr.channel']).where('sr.source', '=', 'nyc-mapped').execute();
    assert.ok(noise.length > 100);
    assert.equal(s.imported, noise.length);
    assert.ok(noise.every((r) => r.service_code === 'NOISE' && r.department_id === 'nyc-police'), 'NYPD noise → the police department');
    assert.ok(noise.every((r) => r.channel === 'web' || r.channel === 'phone'));
    assert.equal(s.skips.unmapped_service?.count, s.read - s.imported - (s.skips.closed_before_created?.count ?? 0));
    assert.deepEqual(s.servicesCreated, []);
  });

  test('bad records are skipped with their reasons, never stopping the import', async () => {
    const file = join(dir, 'bad-rows.csv');
    writeFileSync(file, [
      'id,opened,closed,kind,state,lat,lon,notes',
      'A1,2024-03-01 10:00,,Pothole,open,40.7,-73.9,"fine, with ""quotes"""',
      'A2,,,Pothole,open,40.7,-73.9,no date',
      'A3,yesterday,,Pothole,open,40.7,-73.9,bad date',
      'A4,2024-03-01 10:00,,Pothole,weird,40.7,-73.9,unknown status',
      'A5,2024-03-01 10:00,,Pothole,open,140.7,-73.9,bad latitude',
      'A6,2024-03-01 10:00,,Pothole,open,40.7,,half a point',
      'A7,2024-03-01 10:00,,Pothole,open,34.0,-118.2,in Los Angeles',
      'A8,2030-03-01 10:00,,Pothole,open,40.7,-73.9,future',
      'A9,2024-03-01 10:00,not a date,Pothole,closed,40.7,-73.9,bad closed date',
      ',2024-03-01 10:00,,Pothole,open,40.7,-73.9,no id',
      'A11,2024-03-01 10:00,,,open,40.7,-73.9,no service',
      'A12,2024-03-01 10:00,,Pothole,open',
      'A13,03/02/2024 01:30:00 PM,03/04/2024 09:00:00 AM,Pothole,closed,0,0,null island',
      'A14,03/02/2024 01:30:00 PM,03/04/2024 09:00:00 AM,Pothole,closed,,,"multi\nline ✓"',
      'A1,2024-03-01 10:00,,Pothole,open,40.7,-73.9,same id again',
    ].join('\n'));
    const mapping = join(dir, 'bad-rows.json');
    writeFileSync(mapping, JSON.stringify({
      source: 'bad-rows', dateFormats: ['MM/dd/yyyy hh:mm:ss a'],
      columns: { externalId: 'id', createdAt: 'opened', closedAt: 'closed', service: 'kind', status: 'state', latitude: 'lat', longitude: 'lon', description: 'notes' },
      status: { open: 'new', closed: 'closed' },
    }));
    const s = await run(file, { mappingFile: mapping, jurisdictionId: 'nyc' });
    assert.equal(s.read, 15);
    const reasons = Object.fromEntries(Object.entries(s.skips).map(([k, v]) => [k, v.count]));
    assert.deepEqual(reasons, {
      missing_created_date: 1, bad_created_date: 1, unknown_status: 1, bad_coordinates: 3, outside_jurisdiction: 1, created_in_future: 1,
      bad_closed_date: 1, missing_external_id: 1, missing_service: 1, wrong_column_count: 1,
    });
    assert.deepEqual([s.imported, s.duplicates, s.skipped], [2, 1, 12]);
    const a1 = await request('bad-rows', 'A1');
    assert.equal(a1.description, 'fine, with "quotes"');
    assert.equal(a1.created_at.toISOString(), '2024-03-01T15:00:00.000Z', 'no timeZone in the mapping: the jurisdiction\'s');
    const a14 = await request('bad-rows', 'A14');
    assert.equal(a14.description, 'multi\nline ✓');
    assert.equal(a14.created_at.toISOString(), '2024-03-02T18:30:00.000Z');
    assert.equal(a14.closed_at?.toISOString(), '2024-03-04T14:00:00.000Z');
  });
});

describe('import requests: Open311 GeoReport v2', () => {
  test('the XML response of a real server (Toronto)', async () => {
    const s = await run('fixtures/real/open311-toronto-requests.xml', { format: 'open311', source: 'toronto', jurisdictionId: 'toronto' });
    assert.deepEqual([s.read, s.imported, s.skipped], [2, 2, 0]);
    const r = await request('toronto', '101005420892');
    assert.equal(r.status, 'new');
    assert.equal(r.service_code, 'TORONTO_CSROWR_12');
    assert.equal(r.created_at.toISOString(), '2018-07-30T04:01:00.000Z');
    assert.equal(r.address, 'Warden Ave / Freeman St, Scarborough');
    assert.equal(r.lat, 43.691104288);
    assert.equal(r.lon, -79.272306875);
    assert.match(r.tracking_number, /^TOR-2018-\d{6}$/);
    const service = await t.deps.db.selectFrom('services').select(['name', 'active']).where('service_code', '=', 'TORONTO_CSROWR_12').executeTakeFirstOrThrow();
    assert.deepEqual(service, { name: { en: 'Road - Pot hole' }, active: false });
  });

  test('a JSON response, with a closed request closed at its last update', async () => {
    const file = join(dir, 'requests.json');
    writeFileSync(file, JSON.stringify([
      { service_request_id: 'J-1', status: 'closed', status_notes: 'Filled', service_name: 'Pothole', service_code: 'PH', requested_datetime: '2024-02-01T09:00:00-05:00', updated_datetime: '2024-02-03T10:00:00-05:00', lat: 43.7, long: -79.4 },
      { service_request_id: 'J-2', status: 'open', service_code: 'PH', service_name: 'Pothole', requested_datetime: '2024-02-02T09:00:00Z' },
      { service_request_id: 'J-3', status: 'open', service_code: 'PH', requested_datetime: '' },
    ]));
    const s = await run(file, { format: 'open311', source: 'toronto', jurisdictionId: 'toronto' });
    assert.deepEqual([s.read, s.imported, s.skipped, s.skips.missing_created_date?.count], [3, 2, 1, 1]);
    const j1 = await request('toronto', 'J-1');
    assert.equal(j1.status, 'closed');
    assert.equal(j1.closed_at?.toISOString(), '2024-02-03T15:00:00.000Z');
    assert.equal(j1.events[1]?.public_note, 'Filled');
  });
});

describe('import requests: one at a time', () => {
  test('an import of the same file while another runs is refused (PostgreSQL: a session lock)', { skip: !databaseUrl && 'PGlite is one process' }, async () => {
    const { default: pg } = await import('pg');
    const { createHash } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const { builtinMapping } = await import('./mapping.ts');
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.deps.db)).rows[0]?.s ?? '';
    const other = new pg.Client({ connectionString: databaseUrl });
    await other.connect();
    try {
      const key = `la:la311:${createHash('sha256').update(readFileSync(LA)).digest('hex')}:${builtinMapping('la311').hash}`;
      // The same file being imported into another schema (another test run beside this one) holds up nothing…
      await other.query(`SELECT pg_advisory_lock(hashtextextended('frontdoor-import:' || 'elsewhere' || ':' || $1, 0))`, [key]);
      const s = await run(LA, { format: 'la311', jurisdictionId: 'la' });
      assert.equal(s.imported + s.duplicates, 10_000);
      await other.query('SELECT pg_advisory_unlock_all()');
      // …but an import of it into this schema is refused while it runs.
      await other.query(`SELECT pg_advisory_lock(hashtextextended('frontdoor-import:' || $2 || ':' || $1, 0))`, [key, schema]);
      await assert.rejects(run(LA, { format: 'la311', jurisdictionId: 'la' }), (e: unknown) => e instanceof AppError && e.code === 'import_in_progress' && e.status === 409);
      await other.query('SELECT pg_advisory_unlock_all()');
    } finally {
      await other.end();
    }
  });
});

describe('import requests: a run that fails part-way', () => {
  test('resumes where it stopped; numbers reserved by batches that never committed are used, so none is missing', async () => {
    const source = 'nyc-interrupted';
    let calls = 0;
    const failing = run(NYC, {
      format: 'nyc311', jurisdictionId: 'nyc', source, batchSize: 500,
      onProgress: () => {
        if (++calls === 3) throw new Error('interrupted');
      },
    });
    await assert.rejects(failing, /interrupted/);
    const committed = await count(source);
    assert.ok(committed >= 1_000 && committed < 10_910, `${committed} committed before the failure`);
    const s = await run(NYC, { format: 'nyc311', jurisdictionId: 'nyc', source, batchSize: 500 });
    assert.ok(s.resumedAt >= 1_000);
    assert.equal(s.read, 10_923);
    assert.equal(s.imported, 10_910);
    assert.equal(s.duplicates, 0);
    assert.equal(await count(source), 10_910);
    // Per year this source's numbers are one unbroken run: nothing else was numbered meanwhile.
    const perYear = await sql<{ year: string; n: number; low: number; high: number }>`
      SELECT split_part(tracking_number, '-', 2) AS year, count(*)::int AS n, min(split_part(tracking_number, '-', 3)::int) AS low,
             max(split_part(tracking_number, '-', 3)::int) AS high
        FROM service_requests WHERE source = ${source} GROUP BY 1 ORDER BY 1`.execute(t.deps.db);
    assert.ok(perYear.rows.length > 0);
    for (const y of perYear.rows) assert.equal(y.high - y.low + 1, y.n, `no gaps in ${y.year}`);
    if (databaseUrl) assert.equal((await sql<{ n: number }>`SELECT count(*)::int AS n FROM import_number_ranges`.execute(t.deps.db)).rows[0]?.n, 0);
  });
});

describe('import requests: two processes writing the same records', () => {
  test('PostgreSQL: a record written by another process meanwhile fails the batch with a clear 409; a re-run resumes and counts it as a duplicate', { skip: !databaseUrl && 'PGlite is one process' }, async () => {
    const { default: pg } = await import('pg');
    const source = 'nyc-race';
    const schema = (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(t.deps.db)).rows[0]?.s ?? '';
    const other = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
    await other.connect();
    try {
      await other.query('BEGIN');
      // The first record of the NYC file, written by someone else in a transaction still open.
      await other.query(
        `INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, department_id, created_at, updated_at, source, external_id)
         SELECT 'RACE-1', 'nyc', s.id, 'closed', 'normal', 'import', s.department_id, now(), now(), $1, '28016252' FROM services s WHERE s.jurisdiction_id = 'nyc' LIMIT 1`,
        [source],
      );
      const importing = run(NYC, { format: 'nyc311', jurisdictionId: 'nyc', source });
      // Commit once the import's COPY waits on that record (its duplicate check did not see it).
      for (let i = 0; i < 300; i++) {
        const { rows } = await other.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY service_requests%' AND pg_blocking_pids(pid) @> ARRAY[pg_backend_pid()]`,
        );
        if ((rows[0]?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await other.query('COMMIT');
      await assert.rejects(importing, (e: unknown) => e instanceof AppError && e.code === 'import_conflict' && e.status === 409);
    } finally {
      await other.end();
    }
    const s = await run(NYC, { format: 'nyc311', jurisdictionId: 'nyc', source });
    assert.equal(s.read, 10_923);
    assert.equal(s.imported + s.duplicates, 10_910);
    assert.equal(s.duplicates, 1);
    assert.equal(await count(source), 10_910);
  });
});

describe('import requests: bad files are refused with the problem named', () => {
  const refused = async (content: string | Buffer, options: ImportOptions, pattern: RegExp): Promise<void> => {
    const file = join(dir, `bad-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, content);
    const before = await count('nyc311');
    await assert.rejects(run(file, options), (e: unknown) => {
      assert.ok(e instanceof AppError, String(e));
      assert.match(e.message, pattern);
      return true;
    });
    assert.equal(await count('nyc311'), before);
  };
  const nyc = { format: 'nyc311', jurisdictionId: 'nyc' } as const;

  test('not UTF-8', () => refused(Buffer.from('unique_key,created_date\n1,caf\xe9\n', 'latin1'), nyc, /is not UTF-8 text.*line 2/));
  test('binary', () => refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]), nyc, /not a text CSV file/));
  test('empty', () => refused('', nyc, /is empty/));
  test('missing columns', () => refused('unique_key,created_date,status\n1,2024-01-01,Open\n', nyc, /lacks the columns "closed_date", "complaint_type"/));
  test('broken quoting', () => refused('unique_key,created_date,closed_date,complaint_type,status,open_data_channel_type,agency,descriptor,incident_address,borough,incident_zip,latitude,longitude,resolution_description\n1,2024-01-01,,x,Open,,,,,,,,,\n"2,2024\n', nyc, /is not valid CSV: the file ends inside a quoted field opened on line 3/));
  test('JSON given as CSV', () => refused('[{"service_request_id": "1"}]', nyc, /is not valid CSV: a quote inside an unquoted field on line 1/));
  test('an Open311 file that is neither', () => refused('hello', { format: 'open311', jurisdictionId: 'nyc' }, /neither JSON nor XML/));
  test('malformed XML', () => refused('<service_requests><request></service_requests>', { format: 'open311', jurisdictionId: 'nyc' }, /not well-formed XML/));
  test('a mapping naming what the catalog lacks', async () => {
    const mapping = join(dir, 'unknown.json');
    writeFileSync(mapping, JSON.stringify({ source: 'x', columns: { externalId: 'a', createdAt: 'b', service: 'c', status: 'd' }, status: { o: 'new' }, services: { x: 'NOPE' }, agencies: { y: 'no-such-dept' } }));
    await refused('a,b,c,d\n', { mappingFile: mapping, jurisdictionId: 'nyc' }, /services NOPE; departments no-such-dept/);
  });
  test('a mapping that is not one', async () => {
    const mapping = join(dir, 'bad-mapping.json');
    writeFileSync(mapping, JSON.stringify({ source: 'x', columns: { externalId: 'a' }, status: { o: 'duplicate' }, extra: 1 }));
    await refused('a\n', { mappingFile: mapping, jurisdictionId: 'nyc' }, /columns\.createdAt|extra/);
  });
  test('a CSV without a mapping', () => refused('a\n', { format: 'csv', jurisdictionId: 'nyc' }, /needs a mapping/));
});
