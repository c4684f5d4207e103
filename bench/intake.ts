/**
 * The intake benchmark, on a loaded database:
 *  (a) the duplicate lookup — `findDuplicateCandidates` at points and services drawn from the real sample;
 *  (b) intake throughput — the real `createServiceRequest` (routing, SLA, duplicate check, timeline);
 *  (c) a baseline — the minimal write of the same rows (one request row plus one timeline row in a
 *      transaction) at the same concurrency, so intake's overhead shows as a ratio.
 */
import { sql } from 'kysely';
import type { AttributeDefinition } from '../src/modules/catalog/attributes.ts';
import { getService, type CatalogService } from '../src/modules/catalog/service.ts';
import { demoCity } from '../src/db/seed/demo-city/index.ts';
import { ringContains } from '../src/lib/geo.ts';
import { createServiceRequest, findDuplicateCandidates } from '../src/modules/requests/intake.ts';
import type { CreateRequestInput } from '../src/modules/requests/schemas.ts';
import type { BenchDb } from './load.ts';
import type { SamplePoint } from './real-sample.ts';
import { latencyStats, msSince, pick, runConcurrent, seededRandom, type LatencyStats, type RunResult } from './stats.ts';

const JURISDICTION = 'portland';

export interface IntakeOptions {
  lookups: number;
  lookupWarmup: number;
  creates: number;
  warmup: number;
  concurrency: number;
  seed: number;
  /** Epoch ms after which no new call starts. */
  deadline: number;
}

export interface LookupReport extends LatencyStats {
  /** Calls whose service checks for duplicates at all (radius and window above zero), which query the database. */
  queried: number;
  queriedLatency: LatencyStats;
  meanCandidates: number;
  withCandidates: number;
}

export interface IntakeReport {
  lookup: LookupReport;
  intake: RunResult;
  baseline: RunResult;
  /** intake creates/s ÷ baseline creates/s. */
  ratio: number;
}

/** A valid answer to one question, from its definition. */
function answer(def: AttributeDefinition, random: () => number): unknown {
  const keys = def.values.map((v) => v.key);
  switch (def.datatype) {
    case 'string':
      return `bench ${Math.floor(random() * 1e6)}`;
    case 'text':
      return 'Seen on the way to work this morning; it has been there a few days.';
    case 'number':
      return 1 + Math.floor(random() * 9);
    case 'datetime':
      return new Date(Date.now() - Math.floor(random() * 3 * 86_400_000)).toISOString();
    case 'singlevaluelist':
      return pick(keys, random);
    case 'multivaluelist':
      return [pick(keys, random)];
  }
}

export interface Prepared {
  input: CreateRequestInput & { location: { lat: number; long: number } };
  service: CatalogService;
  districtId: string | null;
}

const portlandDistricts = demoCity.districts
  .filter((d) => d.jurisdictionId === JURISDICTION)
  .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));

/** Realistic create inputs, made before timing starts so the timed loop only measures the create. */
export async function prepareInputs(bench: BenchDb, points: SamplePoint[], count: number, random: () => number): Promise<Prepared[]> {
  const services = new Map<string, CatalogService>();
  for (const code of new Set(points.map((p) => p.serviceCode))) services.set(code, await getService(bench.deps, JURISDICTION, code));
  const out: Prepared[] = [];
  for (let i = 0; i < count; i++) {
    const p = pick(points, random);
    const service = services.get(p.serviceCode) as CatalogService;
    const attributes: Record<string, unknown> = {};
    for (const def of service.attributes) if (def.variable && def.required) attributes[def.code] = answer(def, random);
    const n = Math.floor(random() * 1e6);
    const location = { lat: p.lat, long: p.lon };
    out.push({
      service,
      districtId: portlandDistricts.find((d) => ringContains(d.area, [p.lon, p.lat]))?.id ?? null,
      input: {
        jurisdictionId: JURISDICTION,
        serviceCode: p.serviceCode,
        channel: p.channel,
        description: `${p.description}. Reported for the benchmark (${n}).`,
        location,
        address: `${100 + (n % 9800)} SE Benchmark St`,
        attributes,
        ...(random() < 0.5 ? { requester: { name: `Resident ${n}`, email: `resident${n}@example.org`, phone: `503-555-${String(n % 10_000).padStart(4, '0')}` } } : {}),
      },
    });
  }
  return out;
}

async function lookupBench(bench: BenchDb, points: SamplePoint[], o: IntakeOptions, random: () => number): Promise<LookupReport> {
  const all: number[] = [];
  const queried: number[] = [];
  let candidates = 0;
  let withCandidates = 0;
  for (let i = 0; i < o.lookupWarmup + o.lookups && Date.now() < o.deadline; i++) {
    const p = pick(points, random);
    const service = await getService(bench.deps, JURISDICTION, p.serviceCode);
    const start = process.hrtime.bigint();
    const found = await findDuplicateCandidates(bench.deps, { jurisdictionId: JURISDICTION, serviceCode: p.serviceCode, location: { lat: p.lat, long: p.lon } });
    const ms = msSince(start);
    if (i < o.lookupWarmup) continue;
    all.push(ms);
    if (service.duplicateRadiusMeters > 0 && service.duplicateWindowDays > 0) queried.push(ms);
    candidates += found.length;
    if (found.length) withCandidates++;
  }
  return { ...latencyStats(all), queried: queried.length, queriedLatency: latencyStats(queried), meanCandidates: candidates / (all.length || 1), withCandidates };
}

/** The least a create must write: the request row and one timeline row, in one transaction. */
async function minimalWrite(bench: BenchDb, p: Prepared, i: number): Promise<void> {
  const now = new Date();
  const due = p.service.slaHours === null ? null : new Date(now.getTime() + p.service.slaHours * 3_600_000);
  const r = p.input.requester;
  await bench.deps.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO service_requests (tracking_number, jurisdiction_id, service_id, status, priority, channel, description, location, address,
                                    district_id, department_id, attributes, requester_name, requester_email, requester_phone,
                                    confidential, due_at, created_at, updated_at)
      VALUES (${`PDX-BASE-${process.pid}-${i}`}, ${JURISDICTION}, ${p.service.id}, 'new', ${p.service.defaultPriority}, ${p.input.channel},
              ${p.input.description ?? ''}, point(${p.input.location.long}, ${p.input.location.lat}), ${p.input.address ?? null},
              ${p.districtId}, ${p.service.departmentId}, ${JSON.stringify(p.input.attributes ?? {})}::jsonb,
              ${r?.name ?? null}, ${r?.email ?? null}, ${r?.phone ?? null}, ${p.service.confidential}, ${due}, ${now}, ${now})
      RETURNING id`.execute(trx);
    const id = rows[0]?.id;
    await sql`INSERT INTO request_events (request_id, at, actor, kind, to_status, data)
              VALUES (${id}, ${now}, 'resident', 'created', 'new', ${JSON.stringify({ channel: p.input.channel })}::jsonb)`.execute(trx);
  });
}

export async function timedPhase(
  label: string,
  inputs: Prepared[],
  o: IntakeOptions,
  task: (p: Prepared, i: number) => Promise<void>,
  log: (line: string) => void,
): Promise<RunResult> {
  const warm = inputs.slice(0, o.warmup);
  const timed = inputs.slice(o.warmup);
  await runConcurrent(warm.length, o.concurrency, (i) => task(warm[i] as Prepared, i), o.deadline);
  const result = await runConcurrent(timed.length, o.concurrency, (i) => task(timed[i] as Prepared, o.warmup + i), o.deadline);
  const done = result.latency.count;
  log(`  ${label}: ${done.toLocaleString('en-US')} in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)}/s, p95 ${result.latency.p95} ms${result.errors ? `, ${result.errors} errors (${result.firstError})` : ''}`);
  if (done + result.errors < timed.length) log(`  ${label}: stopped early at the time limit (${done} of ${timed.length})`);
  return result;
}

export async function runIntakeBench(bench: BenchDb, points: SamplePoint[], o: IntakeOptions, log: (line: string) => void = console.log): Promise<IntakeReport> {
  const random = seededRandom(o.seed);
  log(`duplicate lookup: ${o.lookups} calls after ${o.lookupWarmup} warm-up`);
  const lookup = await lookupBench(bench, points, o, random);
  log(`  p50 ${lookup.p50} ms, p95 ${lookup.p95} ms, p99 ${lookup.p99} ms, max ${lookup.max} ms (${lookup.queried} queried the database)`);

  const inputs = await prepareInputs(bench, points, o.warmup + o.creates, random);
  log(`intake: ${o.creates} creates after ${o.warmup} warm-up, concurrency ${o.concurrency}`);
  const intake = await timedPhase('createServiceRequest', inputs, o, async (p) => {
    await createServiceRequest(bench.deps, p.input);
  }, log);
  const baseline = await timedPhase('baseline (2 INSERTs in a transaction)', inputs, o, (p, i) => minimalWrite(bench, p, i), log);
  return { lookup, intake, baseline, ratio: intake.perSecond / baseline.perSecond };
}

export function formatReport(engine: string, requests: number, r: IntakeReport): string {
  const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const f = (x: number, d = 2): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
  return [
    `${engine}, ${requests.toLocaleString('en-US')} requests loaded`,
    row(['measure', 'rate /s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'n']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
    row(['duplicate lookup (all)', '', f(r.lookup.p50), f(r.lookup.p95), f(r.lookup.p99), f(r.lookup.max), String(r.lookup.count)]),
    row(['duplicate lookup (queried)', '', f(r.lookup.queriedLatency.p50), f(r.lookup.queriedLatency.p95), f(r.lookup.queriedLatency.p99), f(r.lookup.queriedLatency.max), String(r.lookup.queried)]),
    row(['createServiceRequest', f(r.intake.perSecond, 0), f(r.intake.latency.p50), f(r.intake.latency.p95), f(r.intake.latency.p99), f(r.intake.latency.max), String(r.intake.latency.count)]),
    row(['baseline write', f(r.baseline.perSecond, 0), f(r.baseline.latency.p50), f(r.baseline.latency.p95), f(r.baseline.latency.p99), f(r.baseline.latency.max), String(r.baseline.latency.count)]),
    `intake / baseline = ${f(r.ratio)}; lookups with candidates: ${r.lookup.withCandidates} of ${r.lookup.count} (mean ${f(r.lookup.meanCandidates)} candidates)`,
  ].join('\n');
}
