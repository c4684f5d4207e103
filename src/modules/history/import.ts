import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import { basename } from 'node:path';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { civilFromDays } from '../../lib/calendar/civil-days.ts';
import { localDayOf, zoneOffsets } from '../../lib/calendar/zone-offsets.ts';
import { isValidLonLat, parsePoints, ringContains, type LonLat } from '../../lib/geo.ts';
import { toPlainText } from '../../lib/text.ts';
import { getJurisdiction, invalidateCatalogCache } from '../catalog/service.ts';
import { DateReader, isoString as iso } from './dates.ts';
import { builtinMapping, readMappingFile, type BuiltinFormat, type CompiledMapping } from './mapping.ts';
import { openCsvSource, openOpen311Source, type RecordSource, type SourceRecord } from './sources.ts';
import { copyFreshRows, copyWriter, kyselyWriter, reserveNumbers, writeBatch, type Reserved, type Session, type StagedRow, type Writer } from './writer.ts';

/**
 * `frontdoor import requests`: a city's request history into service requests. Streams the file,
 * maps each record through the mapping (built-in or given), skips bad records with a reason, and
 * writes batches through the writer (COPY on PostgreSQL). Idempotent (source + external id) and
 * resumable (a checkpoint per batch in `import_runs`).
 */

export interface ImportOptions {
  /** A built-in format, or `csv` with a mapping file. */
  format?: BuiltinFormat | 'csv';
  /** A mapping file (JSON); with it the file is read as CSV. */
  mappingFile?: string;
  /** Overrides the mapping's source name (e.g. an Open311 server's name). */
  source?: string;
  /** The jurisdiction the requests belong to; the default jurisdiction when left out. */
  jurisdictionId?: string;
  /** PostgreSQL server URL: the bulk path uses COPY over a connection of its own. */
  databaseUrl?: string;
  /** Rows per transaction: default 5,000 (PostgreSQL: two batches are written at once, and smaller ones keep both connections busy from the first batch to the last; PGlite: no faster with more, and more memory). */
  batchSize?: number;
  /** PostgreSQL server: connections writing batches at once (default 2, one per core of the machine this was tuned on). */
  connections?: number;
  /** Called after each committed batch. */
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  records: number;
  bytesRead: number;
  totalBytes: number;
}

export interface SkipReason {
  count: number;
  examples: string[];
}

export interface ImportCounts {
  read: number;
  imported: number;
  duplicates: number;
  skipped: number;
  skips: Record<string, SkipReason>;
  servicesCreated: string[];
}

export interface ImportSummary extends ImportCounts {
  file: string;
  source: string;
  format: string;
  jurisdictionId: string;
  engine: 'copy' | 'insert';
  /** The checkpoint this run resumed from (records already done), or 0. */
  resumedAt: number;
  runId: number;
  durationMs: number;
}

const DESCRIPTION_MAX = 4000;
const ADDRESS_MAX = 500;
const NOTE_MAX = 4000;
const EXAMPLES = 3;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Plain text from a source field: markup removed, control characters dropped, cut to `max`. */
function text(value: string, max: number): string {
  let t = value.includes('<') || value.includes('&') ? toPlainText(value) : value.trim();
  if (CONTROL.test(t)) t = t.replace(CONTROL, '');
  CONTROL.lastIndex = 0;
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

interface Area {
  id: string;
  ring: LonLat[];
  box: [number, number, number, number];
}
const areaOf = (id: string, polygon: string): Area => {
  const ring = parsePoints(polygon);
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return { id, ring, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
};
const inArea = (a: Area, p: LonLat): boolean => p[0] >= a.box[0] && p[0] <= a.box[2] && p[1] >= a.box[1] && p[1] <= a.box[3] && ringContains(a.ring, p);

/** A source service type, resolved to a catalog service (existing, or created under "Imported"). */
interface ServiceRef {
  id: number;
  departmentId: string;
}

interface NewServiceType {
  value: string;
  name: string;
  departmentId: string | null;
}

/** A mapped record: a staged row whose `service_id`/`department_id` are set once its service is resolved. */
type MappedRecord = StagedRow & { serviceKey: string; agencyDepartment: string | null };

/** Records read since the last commit: mapped rows, skips, and service types first seen in them. */
interface Batch {
  rows: MappedRecord[];
  skips: Skip[];
  read: number;
  lastRecord: number;
  newTypes: Map<string, NewServiceType>;
}

class Skip {
  constructor(readonly reason: string, readonly detail: string) {}
}

const OPEN = new Set(['new', 'acknowledged', 'in_progress', 'on_hold', 'reopened']);

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', (e) => reject(new AppError('bad_file', 400, `${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? e.message})`, { field: 'file' })));
  });
}

/** The code of a catalog entry made for a source's service type: `NYC311_WATER_SYSTEM`. */
export function importedServiceCode(source: string, value: string, withHash = false): string {
  const prefix = source.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const slug = value.toUpperCase().normalize('NFKD').replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  const hash = createHash('sha256').update(value.trim().toLowerCase()).digest('hex').slice(0, 8);
  const base = `${prefix}_${slug || 'X'}`;
  return withHash || base.length > 64 ? `${base.slice(0, 55)}_${hash}` : base;
}

/** Imports one file of request history. */
export async function importRequests(deps: Deps, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const started = Date.now();
  const format = options.mappingFile ? 'csv' : (options.format ?? 'csv');
  if (format === 'csv' && !options.mappingFile) {
    throw new AppError('mapping_required', 400, 'A CSV file needs a mapping: give --mapping mapping.json, or --format nyc311|la311|open311', { field: 'mapping' });
  }
  const compiled: CompiledMapping = options.mappingFile ? readMappingFile(options.mappingFile) : builtinMapping(format as BuiltinFormat);
  const m = compiled.mapping;
  const source = options.source ?? m.source;
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(source)) throw new AppError('bad_source', 400, 'source must be 1–64 lowercase letters, digits, "_", "." or "-"', { field: 'source' });

  const jurisdiction = await getJurisdiction(deps, options.jurisdictionId ? { id: options.jurisdictionId } : {});
  const sourceZone = zoneOffsets(m.timeZone ?? jurisdiction.timeZone);
  const jurZone = zoneOffsets(jurisdiction.timeZone);
  if (!sourceZone || !jurZone) throw new AppError('bad_mapping', 400, `time zone ${m.timeZone ?? jurisdiction.timeZone} is unknown`, { field: 'mapping' });
  const dates = new DateReader(m.dateFormats, sourceZone);

  // The catalog this import maps onto: the mapping's services and agencies must exist.
  const jurRow = await deps.db.selectFrom('jurisdictions').select(['boundary']).where('id', '=', jurisdiction.id).executeTakeFirstOrThrow();
  const boundary = areaOf(jurisdiction.id, jurRow.boundary);
  const districts = (await deps.db.selectFrom('districts').select(['id', 'kind', 'area']).where('jurisdiction_id', '=', jurisdiction.id).orderBy('kind').orderBy('id').execute()).map((d) => areaOf(d.id, d.area));
  const services = await deps.db.selectFrom('services').select(['id', 'service_code', 'department_id']).where('jurisdiction_id', '=', jurisdiction.id).execute();
  const byCode = new Map(services.map((s) => [s.service_code, { id: s.id, departmentId: s.department_id }]));
  const departments = new Set((await deps.db.selectFrom('departments').select('id').where('jurisdiction_id', '=', jurisdiction.id).execute()).map((d) => d.id));
  const unknownServices = [...new Set(Object.values(m.services))].filter((c) => !byCode.has(c));
  const unknownDepartments = [...new Set(Object.values(m.agencies))].filter((d) => !departments.has(d));
  if (unknownServices.length || unknownDepartments.length) {
    throw new AppError(
      'bad_mapping',
      400,
      `The mapping names what ${jurisdiction.id} does not have: ` +
        [unknownServices.length ? `services ${unknownServices.join(', ')}` : '', unknownDepartments.length ? `departments ${unknownDepartments.join(', ')}` : ''].filter(Boolean).join('; '),
      { field: 'mapping' },
    );
  }

  // Open the file (refusing a bad one before anything is written) and find where to resume.
  const c = m.columns;
  const required = compiled.columns;
  const src: RecordSource = format === 'open311' ? await openOpen311Source(file) : await openCsvSource(file, required);
  const col = (name: string | undefined): number => (name === undefined ? -1 : src.header.indexOf(name));
  const cols = (v: string | string[] | undefined): number[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(col).filter((i) => i >= 0));
  const ix = {
    externalId: col(c.externalId), createdAt: col(c.createdAt), closedAt: col(c.closedAt), updatedAt: col(c.updatedAt), service: col(c.service),
    serviceName: col(c.serviceName), status: col(c.status), channel: col(c.channel), agency: col(c.agency), description: cols(c.description),
    address: cols(c.address), latitude: col(c.latitude), longitude: col(c.longitude), closingNote: col(c.closingNote),
  };
  const fileHash = await sha256File(file);
  // One import of a file at a time: a second one started while the first runs is refused (on
  // PostgreSQL through a session lock on the import's own connection; PGlite is one process).
  const writer: Writer = options.databaseUrl ? await copyWriter(deps.db, options.databaseUrl, options.connections) : kyselyWriter(deps.db);
  if (!(await writer.lock(`${jurisdiction.id}:${source}:${fileHash}:${compiled.hash}`))) {
    await writer.close();
    throw new AppError('import_in_progress', 409, `${file} is being imported from ${source} by another process right now; wait for it to finish (a re-run then adds nothing)`, { field: 'file' });
  }
  const now = deps.clock.now();
  const findOrStartRun = async () =>
    (await deps.db.selectFrom('import_runs').selectAll()
      .where('jurisdiction_id', '=', jurisdiction.id).where('source', '=', source).where('file_sha256', '=', fileHash)
      .where('mapping_sha256', '=', compiled.hash).where('finished_at', 'is', null).executeTakeFirst()) ??
    (await deps.db.insertInto('import_runs')
      .values({ jurisdiction_id: jurisdiction.id, source, format, file_name: basename(file), file_sha256: fileHash, mapping_sha256: compiled.hash, counts: '{}', started_at: now, updated_at: now })
      .returningAll().executeTakeFirstOrThrow());
  const run = await findOrStartRun().catch(async (error: unknown) => {
    await writer.close();
    throw error;
  });
  const runId = run.id;
  const resumedAt = run.records_done;
  const saved = run.counts as Partial<ImportCounts>;
  let counts: ImportCounts = {
    read: saved.read ?? 0, imported: saved.imported ?? 0, duplicates: saved.duplicates ?? 0, skipped: saved.skipped ?? 0,
    skips: saved.skips ?? {}, servicesCreated: saved.servicesCreated ?? [],
  };

  // Service types seen in this file → catalog services (created in the batch that first needs them).
  const resolved = new Map<string, ServiceRef | null>();
  const importedDepartment = `imported-${jurisdiction.id}`.slice(0, 64);

  const nullLength = Math.max(0, ...[...compiled.nulls].map((v) => v.length));
  const get = (f: string[], i: number): string => {
    if (i < 0) return '';
    const v = (f[i] ?? '').trim();
    return v.length <= nullLength && compiled.nulls.has(v.toLowerCase()) ? '' : v;
  };
  const joined = (f: string[], is: number[], sep: string): string => is.map((i) => get(f, i)).filter(Boolean).join(sep);

  /** One record → a staged row (service possibly still to create), or the reason it is skipped. */
  const mapRecord = (r: SourceRecord): MappedRecord | Skip => {
    const f = r.fields;
    if (f.length !== src.header.length && format !== 'open311') return new Skip('wrong_column_count', `line ${r.line}: ${f.length} fields, the header has ${src.header.length}`);
    const externalId = get(f, ix.externalId);
    if (!externalId) return new Skip('missing_external_id', `line ${r.line}: no ${c.externalId}`);
    if (externalId.length > 200) return new Skip('bad_external_id', `line ${r.line}: ${c.externalId} is over 200 characters`);
    const createdText = get(f, ix.createdAt);
    if (!createdText) return new Skip('missing_created_date', `line ${r.line} (${externalId}): no ${c.createdAt}`);
    const created = dates.parse(createdText);
    if (created === null) return new Skip('bad_created_date', `line ${r.line} (${externalId}): ${c.createdAt} ${JSON.stringify(createdText)} is not a date in a known format`);
    if (created > now.getTime()) return new Skip('created_in_future', `line ${r.line} (${externalId}): ${c.createdAt} ${createdText} is in the future`);
    const statusText = get(f, ix.status);
    const status = compiled.status.get(statusText);
    if (!status) return new Skip('unknown_status', `line ${r.line} (${externalId}): status ${JSON.stringify(statusText)} has no mapping`);
    const serviceValue = get(f, ix.service);
    if (!serviceValue) return new Skip('missing_service', `line ${r.line} (${externalId}): no ${c.service}`);
    const serviceKey = serviceValue.toLowerCase();
    const mappedCode = compiled.services.get(serviceValue);
    if (!mappedCode && m.unmappedServices === 'skip') return new Skip('unmapped_service', `line ${r.line} (${externalId}): service ${JSON.stringify(serviceValue)} has no mapping`);
    const agency = get(f, ix.agency);
    const agencyDepartment = agency ? (compiled.agencies.get(agency) ?? null) : null;

    let lon: number | null = null;
    let lat: number | null = null;
    let districtId: string | null = null;
    const latText = get(f, ix.latitude);
    const lonText = get(f, ix.longitude);
    if (latText || lonText) {
      lat = Number(latText);
      lon = Number(lonText);
      if (!latText || !lonText || !isValidLonLat(lon, lat) || (lat === 0 && lon === 0)) {
        return new Skip('bad_coordinates', `line ${r.line} (${externalId}): ${JSON.stringify(latText)}, ${JSON.stringify(lonText)} is not a latitude and longitude`);
      }
      if (!inArea(boundary, [lon, lat])) return new Skip('outside_jurisdiction', `line ${r.line} (${externalId}): ${lat}, ${lon} is outside ${jurisdiction.id}`);
      districtId = districts.find((d) => inArea(d, [lon as number, lat as number]))?.id ?? null;
    }

    const closedText = get(f, ix.closedAt);
    let closed: number | null = null;
    if (closedText) {
      closed = dates.parse(closedText);
      if (closed === null) return new Skip('bad_closed_date', `line ${r.line} (${externalId}): ${c.closedAt} ${JSON.stringify(closedText)} is not a date in a known format`);
      if (closed < created) return new Skip('closed_before_created', `line ${r.line} (${externalId}): closed ${closedText} before created ${createdText}`);
    }
    const updatedText = get(f, ix.updatedAt);
    const updatedParsed = updatedText ? dates.parse(updatedText) : null;
    const updated = updatedParsed !== null && updatedParsed >= created ? updatedParsed : null;
    const isOpen = OPEN.has(status);
    // A request no longer open keeps its close date; without one, its last update, else its creation.
    const closedAt = isOpen ? null : (closed ?? updated ?? created);
    const changedAt = isOpen ? (updated ?? created) : (closedAt as number);
    const updatedAt = Math.max(created, closed ?? 0, updated ?? 0);
    const channelText = get(f, ix.channel);
    const data: Record<string, unknown> = { channel: 'import', source, external_id: externalId, source_service: serviceValue, source_status: statusText };
    if (channelText) data.source_channel = channelText;
    if (agency) data.source_agency = agency;
    if (!isOpen && closed === null) data.closed_at_estimated = true;
    return {
      ord: r.n,
      external_id: externalId,
      service_id: 0,
      department_id: '',
      serviceKey,
      agencyDepartment,
      status,
      channel: (channelText ? compiled.channel.get(channelText) : undefined) ?? 'import',
      created_at: iso(created),
      changed_at: iso(changedAt),
      closed_at: closedAt === null ? null : iso(closedAt),
      resolved_at: status === 'resolved' || status === 'closed' ? iso(closedAt as number) : null,
      updated_at: iso(updatedAt),
      year: civilFromDays(localDayOf(jurZone, created))[0],
      description: text(joined(f, ix.description, ' — '), DESCRIPTION_MAX),
      address: text(joined(f, ix.address, ', '), ADDRESS_MAX) || null,
      lon,
      lat,
      district_id: districtId,
      closing_note: text(get(f, ix.closingNote), NOTE_MAX) || null,
      data,
    };
  };

  /** Finds or makes the catalog service for each new source service type (inside the batch's transaction). */
  const resolveServices = async (session: Session, types: Map<string, NewServiceType>, created: string[]): Promise<void> => {
    for (const [key, p] of types) {
      const mappedCode = compiled.services.get(p.value);
      if (mappedCode) {
        resolved.set(key, byCode.get(mappedCode) ?? null);
        continue;
      }
      let departmentId = p.departmentId;
      if (!departmentId) {
        await session.query(
          `INSERT INTO departments (id, jurisdiction_id, kind, agency_kind, name, description, active)
           VALUES ($1, $2, 'department', 'other', $3::jsonb, $4::jsonb, false) ON CONFLICT (id) DO NOTHING`,
          [importedDepartment, jurisdiction.id, JSON.stringify({ en: 'Imported records' }), JSON.stringify({ en: 'Requests imported from an earlier system whose agency maps to no department' })],
        );
        departmentId = importedDepartment;
      }
      await session.query(`INSERT INTO service_groups (code, name, sort_order) VALUES ('imported', $1::jsonb, 1000) ON CONFLICT (code) DO NOTHING`, [
        JSON.stringify({ en: 'Imported', es: 'Importados', vi: 'Đã nhập', 'zh-Hant': '已匯入', ru: 'Импортированные' }),
      ]);
      let ref: ServiceRef | null = null;
      for (const withHash of [false, true]) {
        const code = importedServiceCode(source, p.value, withHash);
        const name = p.name.slice(0, 200);
        const rows = await session.query<{ id: number; department_id: string; name: { en?: string }; created: boolean }>(
          `WITH ins AS (
             INSERT INTO services (jurisdiction_id, service_code, name, description, group_code, handling, department_id, active, keywords)
             VALUES ($1, $2, $3::jsonb, $4::jsonb, 'imported', 'intake', $5, false, '{}')
             ON CONFLICT (jurisdiction_id, service_code) DO NOTHING
             RETURNING id, department_id, name)
           SELECT id, department_id, name, true AS created FROM ins
           UNION ALL SELECT id, department_id, name, false FROM services WHERE jurisdiction_id = $1 AND service_code = $2`,
          [jurisdiction.id, code, JSON.stringify({ en: name }), JSON.stringify({ en: `Imported from ${source}: ${p.value}` }), departmentId],
        );
        const row = rows[0];
        if (row && (row.name.en ?? '').toLowerCase() === name.toLowerCase()) {
          ref = { id: Number(row.id), departmentId: row.department_id };
          if (row.created) created.push(code);
          break;
        }
      }
      resolved.set(key, ref);
    }
  };

  const batchSize = options.batchSize ?? 5000;
  const tally = (into: ImportCounts, s: Skip): void => {
    into.skipped++;
    const entry = (into.skips[s.reason] ??= { count: 0, examples: [] });
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(s.detail);
  };

  /**
   * One batch is written while the next is read and mapped (the database works while this process
   * parses). Batches commit strictly in order, each with the checkpoint of the counts up to its last
   * record, so the counts of a resumed run are exactly those of an uninterrupted one; a failed batch
   * fails the ones after it. A batch's services are resolved after the previous batch's.
   *
   * PGlite (one lane): a batch's one set-based statement starts once the previous batch has
   * committed, so its duplicate check and numbering see it.
   *
   * A PostgreSQL server (two lanes by default): the writes of two batches run at once, one per
   * connection, so each core has one. What must be serial is short and done first, in batch order:
   * the duplicate check (against the database, which holds every batch but those still in flight,
   * and against the external ids of those, kept here while they are in flight), then the
   * reservation of the new rows' tracking numbers in a transaction of its own (migration 0024: the
   * counter rows are locked only for that; the ranges are recorded under the batch and deleted by
   * its commit, and ranges a killed run left are used first by the run that resumes it, so numbers
   * stay gap-free). The rows are then copied straight into their tables.
   */
  interface Flight {
    /** Resolved once the batch's services are resolved and its numbers reserved (or it failed). */
    staged: Promise<void>;
    done: Promise<void>;
    /** External ids of the batch's rows (set before `staged`): the next batch's duplicates of them. */
    externalIds: Set<string>;
    /** The batch made catalog rows: the next one's foreign keys must wait for its commit. */
    changedCatalog: boolean;
  }
  const direct = writer.engine === 'copy';
  let usePool = false;
  if (direct) {
    // Numbers reserved by batches of this run that never committed: free for this run, used first.
    const freed = await deps.db.executeQuery(CompiledQuery.raw('UPDATE import_number_ranges SET batch = NULL WHERE run_id = $1', [runId])).catch(async (error: unknown) => {
      await writer.close();
      throw error;
    });
    usePool = Number(freed.numAffectedRows ?? 0) > 0;
  }
  const target = { source, jurisdictionId: jurisdiction.id, trackingPrefix: jurisdiction.trackingPrefix };
  const flush = (b: Batch, finish: boolean, earlier: Flight[]): Flight => {
    const prev = earlier.at(-1);
    let stagedResolved!: () => void;
    const staged = new Promise<void>((resolve) => (stagedResolved = resolve));
    const flight: Flight = { staged, done: Promise.resolve(), externalIds: new Set(), changedCatalog: false };
    flight.done = (async () => {
      try {
        await writer.transaction(async (session) => {
          const created: string[] = [];
          const unmapped: Skip[] = [];
          const rows: StagedRow[] = [];
          let fresh: StagedRow[] = [];
          let reserved: Reserved = new Map();
          try {
            await prev?.staged;
            await resolveServices(session, b.newTypes, created);
            flight.changedCatalog = [...b.newTypes.values()].some((t) => compiled.services.get(t.value) === undefined);
            for (const m of b.rows) {
              const ref = resolved.get(m.serviceKey);
              if (!ref) {
                unmapped.push(new Skip('unmapped_service', `record ${m.ord} (${m.external_id}): its service could not be mapped or created`));
                continue;
              }
              m.service_id = ref.id;
              m.department_id = m.agencyDepartment ?? ref.departmentId;
              if (direct) rows.push(m);
              else {
                // PGlite stages the rows as JSON: only the staging table's columns.
                const { serviceKey: _key, agencyDepartment: _department, ...row } = m;
                rows.push(row);
              }
            }
            if (direct) {
              flight.externalIds = new Set(rows.map((r) => r.external_id));
              const inFlight = earlier.map((f) => f.externalIds);
              const inBatch = new Set<string>();
              const candidates: StagedRow[] = [];
              for (const r of rows) {
                if (inBatch.has(r.external_id) || inFlight.some((ids) => ids.has(r.external_id))) continue;
                inBatch.add(r.external_id);
                candidates.push(r);
              }
              // One index probe per id (a LATERAL with LIMIT is never turned into a scan or a hash of
              // every row of the source, which made each batch slower than the last); the ids go as one
              // JSON array, serialized natively rather than escaped element by element as a text[].
              const known = candidates.length === 0 ? [] : await session.query<{ external_id: string }>(
                `SELECT e.id AS external_id FROM jsonb_array_elements_text($2::jsonb) AS e (id)
                   CROSS JOIN LATERAL (SELECT 1 FROM service_requests r WHERE r.source = $1 AND r.external_id = e.id LIMIT 1) k`,
                [source, JSON.stringify(candidates.map((r) => r.external_id))]);
              const already = new Set(known.map((k) => k.external_id));
              fresh = already.size === 0 ? candidates : candidates.filter((r) => !already.has(r.external_id));
              const need = new Map<number, number>();
              for (const r of fresh) need.set(r.year, (need.get(r.year) ?? 0) + 1);
              if (need.size > 0) reserved = await reserveNumbers(deps.db, runId, b.lastRecord, jurisdiction.id, need, usePool);
            }
          } finally {
            stagedResolved();
          }
          const previous = prev?.done ?? Promise.resolve();
          let imported: number;
          if (direct) {
            // Services an earlier batch created are seen by this batch's foreign keys once it commits.
            if (earlier.some((f) => f.changedCatalog)) await previous;
            await copyFreshRows(session, fresh, reserved, target).catch((error: unknown) => {
              // Another process importing from the same source wrote one of these records meanwhile.
              if ((error as { code?: string; constraint?: string }).constraint === 'service_requests_source_external_id') {
                throw new AppError('import_conflict', 409, `Another import from ${source} wrote some of the same records at the same time; run this command again: it resumes, and counts those as duplicates`, { field: 'file' });
              }
              throw error;
            });
            imported = fresh.length;
          } else {
            imported = await writeBatch(session, rows, target, previous);
          }
          await previous; // the counts below follow the previous batch's
          const next: ImportCounts = structuredClone(counts);
          next.read += b.read;
          for (const skipped of b.skips) tally(next, skipped);
          for (const skipped of unmapped) tally(next, skipped);
          next.imported += imported;
          next.duplicates += rows.length - imported;
          next.servicesCreated.push(...created);
          await session.query(`UPDATE import_runs SET records_done = $2, counts = $3::jsonb, updated_at = $4, finished_at = $5 WHERE id = $1`, [
            runId, b.lastRecord, JSON.stringify(next), new Date().toISOString(), finish ? new Date().toISOString() : null,
          ]);
          // The batch's numbers are used; at the end, what an interrupted run reserved and this one did not need is given up.
          if (direct) await session.query(`DELETE FROM import_number_ranges WHERE run_id = $1 AND (batch = $2 OR $3)`, [runId, b.lastRecord, finish]);
          counts = next;
        });
      } finally {
        stagedResolved();
      }
      options.onProgress?.({ records: b.lastRecord, bytesRead: src.bytesRead(), totalBytes: src.totalBytes });
    })();
    flight.done.catch(() => {}); // awaited by the next batch, before another is started, or at the end
    return flight;
  };

  const seen = new Set<string>();
  const newBatch = (lastRecord: number): Batch => ({ rows: [], skips: [], read: 0, lastRecord, newTypes: new Map() });
  let batch = newBatch(resumedAt);
  const inflight: Flight[] = [];
  try {
    for await (const record of src.records) {
      if (record.n <= resumedAt) continue;
      batch.read++;
      batch.lastRecord = record.n;
      const mapped = mapRecord(record);
      if (mapped instanceof Skip) batch.skips.push(mapped);
      else {
        if (!seen.has(mapped.serviceKey)) {
          seen.add(mapped.serviceKey);
          const name = get(record.fields, ix.serviceName) || get(record.fields, ix.service);
          batch.newTypes.set(mapped.serviceKey, { value: get(record.fields, ix.service), name, departmentId: mapped.agencyDepartment });
        }
        batch.rows.push(mapped);
      }
      if (batch.rows.length >= batchSize || batch.read >= batchSize * 4) {
        if (inflight.length >= writer.lanes) await (inflight.shift() as Flight).done;
        inflight.push(flush(batch, false, [...inflight]));
        batch = newBatch(batch.lastRecord);
      }
    }
    while (inflight.length) await (inflight.shift() as Flight).done;
    await flush(batch, true, []).done;
  } finally {
    // On an error the checkpoint keeps what was committed; a re-run resumes from there.
    for (const f of inflight) await f.done.catch(() => {});
    await writer.close();
    if (counts.servicesCreated.length) invalidateCatalogCache(deps.db);
  }
  return { file, source, format, jurisdictionId: jurisdiction.id, engine: writer.engine, resumedAt, runId, durationMs: Date.now() - started, ...counts };
}
