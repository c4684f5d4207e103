import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { loadConfig } from '../../config.ts';
import type { Deps } from '../../deps.ts';
import { registerErrorHandler } from '../../http/errors.ts';
import { haversineMeters } from '../../lib/geo.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, createPothole, seedTestville } from '../../test/factories.ts';
import { importRequests } from '../history/index.ts';
import { createServiceRequest, transitionServiceRequest } from '../requests/index.ts';
import { registerOpenDataCommands } from './cli.ts';
import { COLUMNS, csvField } from './export.ts';
import { registerOpenDataRoutes } from './routes.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const dir = mkdtempSync(join(tmpdir(), 'frontdoor-opendata-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// Sensitive services: GRAFFITI by its catalog flag, STREETLIGHT by its group (civil-rights is on the built-in list).
await sql`UPDATE services SET coarse_public_location = true WHERE service_code = 'GRAFFITI'`.execute(t.deps.db);
await sql`INSERT INTO service_groups (code, name) VALUES ('civil-rights', '{"en": "Civil rights"}') ON CONFLICT DO NOTHING`.execute(t.deps.db);
await sql`UPDATE services SET group_code = 'civil-rights' WHERE service_code = 'STREETLIGHT'`.execute(t.deps.db);

const PERSONAL = ['Ana Resident', 'ana@example.org', '503-555-0101', '5035550101', 'Call Ana back at 503-555-0199', 'Wheelchair user', 'device-7731', 'acct-8812'];
const tricky = 'Main St & 5th, "Apt" 7\nRear ✓ Ñandú 北京';
const pothole = (await createPothole(t.deps, {
  description: 'Call Ana back at 503-555-0199 about the pothole',
  address: tricky,
  location: { lat: 45.4912345, long: -122.6312345 },
})).request;
const confidential = (await createServiceRequest(t.deps, {
  jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'phone', description: 'Wheelchair user blocked',
  location: { lat: 45.5, long: -122.6 }, requester: { name: 'Ana Resident', email: 'ana@example.org', phone: '503-555-0101' },
})).request;
const graffitiAt = { lat: 45.5123456, long: -122.5523456 };
const graffiti = (await createServiceRequest(t.deps, {
  jurisdictionId: 'testville', serviceCode: 'GRAFFITI', channel: 'app', description: 'Tag on the wall', address: '1234 NE Secret Camp Rd', location: graffitiAt,
  requester: { name: 'Ana Resident' },
})).request;
const streetlight = (await createServiceRequest(t.deps, {
  jurisdictionId: 'testville', serviceCode: 'STREETLIGHT', channel: 'web', address: '99 Private Ln', location: { lat: 45.47, long: -122.65 },
})).request;
const noPlace = (await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'NO_SLA', channel: 'email', description: 'no place' })).request;

// A few thousand more, through the history import (so the export crosses several keyset batches).
const BULK = 2500;
{
  const file = join(dir, 'bulk.csv');
  const lines = ['id,created,status,lat,lon'];
  for (let i = 0; i < BULK; i++) lines.push(`B${i},2025-0${1 + (i % 9)}-1${i % 10}T08:00:00Z,${i % 3 ? 'closed' : 'open'},${(45.47 + (i % 70) / 1000).toFixed(4)},${(-122.65 + (i % 100) / 1000).toFixed(4)}`);
  writeFileSync(file, lines.join('\n'));
  const mapping = join(dir, 'bulk.json');
  // Every record is a pothole: the service map's fallback ("*") names POTHOLE.
  writeFileSync(mapping, JSON.stringify({ source: 'bulk', columns: { externalId: 'id', createdAt: 'created', service: 'id', status: 'status', latitude: 'lat', longitude: 'lon' }, status: { open: 'new', closed: 'closed' }, services: { '*': 'POTHOLE' } }));
  const s = await importRequests(t.deps, file, { mappingFile: mapping, jurisdictionId: 'testville', databaseUrl: loadConfig().databaseUrl });
  assert.equal(s.imported, BULK);
}
const TOTAL_PUBLIC = BULK + 4; // all but the confidential one

const app = Fastify({ logger: false });
registerErrorHandler(app);
registerOpenDataRoutes(app, t.deps);
await app.ready();
after(() => app.close());

async function cli(...args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
  const program = new Command('frontdoor').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerOpenDataCommands(program.command('export').exitOverride(), <T>(fn: (deps: Deps) => Promise<T>) => fn(t.deps));
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const error = console.error;
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    await program.parseAsync(['node', 'frontdoor', 'export', ...args]);
    return { out: out.join(''), err: err.join('\n'), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.stdout.write = write;
    console.error = error;
    process.exitCode = 0;
  }
}

type Row = Record<(typeof COLUMNS)[number], string>;
const csvRows = (text: string): Row[] => parse(text, { columns: true, bom: false }) as Row[];
interface Feature { type: string; id: string; geometry: { type: string; coordinates: [number, number] } | null; properties: Record<string, unknown> }
const features = (text: string): Feature[] => {
  const doc = JSON.parse(text) as { type: string; features: Feature[] };
  assert.equal(doc.type, 'FeatureCollection');
  return doc.features;
};

// The whole export over HTTP, read once: the tests before the `since` one change nothing.
const httpCsv = await app.inject({ method: 'GET', url: '/open-data/requests.csv' });
const httpGeo = await app.inject({ method: 'GET', url: '/open-data/requests.geojson' });

const outputs = async (): Promise<Array<[string, string]>> => {
  assert.equal(httpCsv.statusCode, 200);
  assert.equal(httpCsv.headers['content-type'], 'text/csv; charset=utf-8');
  assert.equal(httpGeo.headers['content-type'], 'application/geo+json');
  const output = join(dir, 'requests.geojson');
  const cliGeo = await cli('requests', '--format', 'geojson', '--output', output);
  assert.equal(cliGeo.exitCode, 0);
  return [
    ['HTTP csv', httpCsv.body],
    ['HTTP geojson', httpGeo.body],
    ['CLI csv', (await cli('requests', '--format', 'csv')).out],
    ['CLI geojson', readFileSync(output, 'utf8')],
  ];
};

describe('open data export', () => {
  test('no personal data and no confidential request, in either format, from the CLI or HTTP', async () => {
    for (const [what, text] of await outputs()) {
      for (const secret of PERSONAL) assert.ok(!text.includes(secret), `${what} contains ${secret}`);
      assert.ok(!text.includes(confidential.trackingNumber), `${what} lists the confidential request`);
      assert.ok(!text.includes('ADA_COMPLAINT'), `${what} names the confidential service`);
      assert.ok(text.includes(pothole.trackingNumber), `${what} lists the pothole`);
      assert.ok(!/requester|description|email|phone|attributes/i.test(text.split(/\r?\n/)[0] ?? ''), `${what}: no such column`);
    }
  });

  test('every public request once, across keyset batches', async () => {
    const rows = csvRows(httpCsv.body);
    assert.equal(rows.length, TOTAL_PUBLIC);
    assert.equal(new Set(rows.map((r) => r.service_request_id)).size, TOTAL_PUBLIC);
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...COLUMNS]);
    const geo = features(httpGeo.body);
    assert.equal(geo.length, TOTAL_PUBLIC);
    const imported = rows.filter((r) => r.source === 'bulk');
    assert.equal(imported.length, BULK);
  });

  test('CSV quoting: commas, quotes, line breaks and non-ASCII survive a standard parser', async () => {
    const text = httpCsv.body;
    assert.ok(text.startsWith(`${COLUMNS.join(',')}\r\n`));
    const row = csvRows(text).find((r) => r.service_request_id === pothole.trackingNumber);
    assert.equal(row?.address, tricky);
    assert.equal(row?.latitude, '45.4912345');
    assert.equal(row?.longitude, '-122.6312345');
    assert.equal(row?.location_precision, 'exact');
    assert.equal(row?.status, 'new');
    assert.equal(row?.open311_status, 'open');
    assert.equal(row?.created_at, '2026-03-02T17:00:00.000Z');
    assert.equal(csvField('a "b", c'), '"a ""b"", c"');
    assert.equal(csvField(' lead'), '" lead"');
    assert.equal(csvField(null), '');
    assert.equal(csvField('plain ✓'), 'plain ✓');
  });

  test('GeoJSON (RFC 7946): points as [longitude, latitude]; no geometry when there is no location', async () => {
    const geo = features(httpGeo.body);
    const p = geo.find((f) => f.id === pothole.trackingNumber);
    assert.deepEqual(p?.geometry, { type: 'Point', coordinates: [-122.6312345, 45.4912345] });
    assert.equal(p?.type, 'Feature');
    assert.equal(p?.properties.address, tricky);
    assert.ok(!('latitude' in (p?.properties ?? {})));
    for (const f of geo) {
      if (!f.geometry) continue;
      const [lon, lat] = f.geometry.coordinates;
      assert.ok(lon >= TESTVILLE.west - 0.01 && lon <= TESTVILLE.east + 0.01 && lat >= TESTVILLE.south - 0.01 && lat <= TESTVILLE.north + 0.01, `${f.id}: ${lon}, ${lat}`);
    }
    assert.equal(geo.find((f) => f.id === noPlace.trackingNumber)?.geometry, null);
    assert.equal(geo.find((f) => f.id === noPlace.trackingNumber)?.properties.location_precision, 'none');
  });

  test('sensitive services: location snapped to a grid cell, no address', async () => {
    const rows = csvRows(httpCsv.body);
    const g = rows.find((r) => r.service_request_id === graffiti.trackingNumber);
    assert.equal(g?.location_precision, 'coarse');
    assert.equal(g?.address, '');
    const at: [number, number] = [Number(g?.longitude), Number(g?.latitude)];
    assert.notDeepEqual(at, [graffitiAt.long, graffitiAt.lat]);
    const off = haversineMeters(at, [graffitiAt.long, graffitiAt.lat]);
    assert.ok(off > 1 && off < 130, `${off} m from the real place`);
    // Two places in one cell publish the same point.
    assert.equal(g?.latitude, '45.51225'); // floor(45.5123456 / 0.0015) * 0.0015 + 0.00075
    assert.equal(g?.longitude, '-122.553');
    const s = rows.find((r) => r.service_request_id === streetlight.trackingNumber);
    assert.equal(s?.location_precision, 'coarse', 'civil-rights group');
    assert.equal(s?.address, '');
    const text = rows.map((r) => Object.values(r).join(',')).join('\n');
    assert.ok(!text.includes('Secret Camp') && !text.includes('Private Ln'));
  });

  test('since: only requests changed since then', async () => {
    t.clock.advance(86_400_000);
    const since = t.clock.now().toISOString();
    t.clock.advance(60_000);
    await transitionServiceRequest(t.deps, { request: pothole.id, to: 'acknowledged', expectedVersion: 1, actor: 'staff:kim' });
    const later = (await createPothole(t.deps, { requester: undefined })).request;
    const http = csvRows((await app.inject({ method: 'GET', url: `/open-data/requests.csv?since=${encodeURIComponent(since)}` })).body);
    assert.deepEqual(http.map((r) => r.service_request_id).sort(), [pothole.trackingNumber, later.trackingNumber].sort());
    assert.equal(http.find((r) => r.service_request_id === pothole.trackingNumber)?.status, 'acknowledged');
    const geo = features((await cli('requests', '--format', 'geojson', '--since', since)).out);
    assert.equal(geo.length, 2);
    const day = features((await app.inject({ method: 'GET', url: '/open-data/requests.geojson?since=2026-03-03' })).body);
    assert.equal(day.length, 2);
    assert.equal(features((await app.inject({ method: 'GET', url: '/open-data/requests.geojson?since=2099-01-01' })).body).length, 0);
  });

  test('bad parameters are a 400 naming them', async () => {
    const bad = await app.inject({ method: 'GET', url: '/open-data/requests.csv?since=last%20week' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_since');
    assert.match(bad.json().error.message, /since must be a date/);
    const unknown = await app.inject({ method: 'GET', url: '/open-data/requests.geojson?limit=5' });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.message, /unknown parameter: limit/);
    const cliBad = await cli('requests', '--format', 'csv', '--since', '2024-13-45');
    assert.equal(cliBad.exitCode, 1);
    assert.match(cliBad.err, /since must be a date/);
  });

  test('HEAD answers with the headers and no body, and is validated like GET', async () => {
    for (const format of ['csv', 'geojson']) {
      const head = await app.inject({ method: 'HEAD', url: `/open-data/requests.${format}` });
      assert.equal(head.statusCode, 200);
      assert.match(head.headers['content-type'] as string, format === 'csv' ? /text\/csv/ : /geo\+json/);
      assert.equal(head.body, '');
    }
    assert.equal((await app.inject({ method: 'HEAD', url: '/open-data/requests.csv?since=nope' })).statusCode, 400);
  });
});
