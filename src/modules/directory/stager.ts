import type { Db } from '../../db/client.ts';
import { columnsOf, dependencies, ENTITY_KEYS, normalizeRecord, SPECS, type EntityKey, type Issue, type NormalizeOptions, type Row } from './entities.ts';
import { selectExistingIds, touchServices, upsertRows, type TouchedParents } from './repository.ts';

/** How often one reason is given, with a few examples of where. */
export interface IssueCount {
  reason: string;
  count: number;
  examples: string[];
}

/** What happened to one entity's records: read = imported + skipped; imported = inserted + updated + unchanged. */
export interface EntitySummary {
  read: number;
  imported: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Records left out, by reason. */
  skips: IssueCount[];
  /** Records imported with a value changed or left out, by reason. */
  adjustments: IssueCount[];
}

const BATCH = 500;
const EXAMPLES = 3;
/** PostgreSQL's limit is 65,535 parameters per statement; stay well below it. */
const MAX_PARAMETERS = 30_000;

function emptySummary(): EntitySummary {
  return { read: 0, imported: 0, inserted: 0, updated: 0, unchanged: 0, skipped: 0, skips: [], adjustments: [] };
}

function count(list: IssueCount[], issue: Issue, where: string): void {
  let entry = list.find((e) => e.reason === issue.reason);
  if (!entry) list.push((entry = { reason: issue.reason, count: 0, examples: [] }));
  entry.count++;
  if (entry.examples.length < EXAMPLES) entry.examples.push(issue.detail ? `${where}: ${issue.detail}` : where);
}

export interface StagerOptions extends NormalizeOptions {
  /** 'skip': a second record with an id already read is skipped (a CSV row); 'ignore': it is the same record nested again (JSON). */
  repeatedIds: 'skip' | 'ignore';
}

interface Pending {
  row: Row;
  where: string;
}

/**
 * Collects records of every entity, cleans them, checks their references, and writes them in
 * batches of upserts inside the caller's transaction. Parents are always flushed before their
 * children, so a reference is checked against what was really written (or already in the directory).
 */
export class Stager {
  readonly summary = Object.fromEntries(ENTITY_KEYS.map((k) => [k, emptySummary()])) as Record<EntityKey, EntitySummary>;
  readonly notes: string[] = [];
  private readonly pending = new Map<EntityKey, Pending[]>();
  private readonly seen = new Map<EntityKey, Set<string>>();
  private readonly known = new Map<EntityKey, Set<string>>();
  /** Ids already looked up in the directory by `lookup` (found or not), so each is asked once. */
  private readonly lookedUp = new Map<EntityKey, Set<string>>();
  private readonly writtenServices = new Set<string>();
  private readonly touched: TouchedParents = {
    services: new Set(),
    organizations: new Set(),
    serviceAtLocations: new Set(),
    locations: new Set(),
    terms: new Set(),
  };

  constructor(
    private readonly trx: Db,
    private readonly now: Date,
    private readonly options: StagerOptions,
  ) {}

  private set(map: Map<EntityKey, Set<string>>, key: EntityKey): Set<string> {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Set()));
    return s;
  }

  /** Ids known to exist for an entity: written in this import, or found in the directory by `lookup`. */
  knownIds(key: EntityKey): ReadonlySet<string> {
    return this.set(this.known, key);
  }

  /** Looks these ids up in the directory (after writing what is pending) and remembers those that exist. */
  async lookup(key: EntityKey, ids: Iterable<string>): Promise<ReadonlySet<string>> {
    const known = this.set(this.known, key);
    const looked = this.set(this.lookedUp, key);
    const unknown = [...new Set(ids)].filter((id) => !known.has(id) && !looked.has(id));
    if (unknown.length === 0) return known;
    await this.flush(key);
    for (const id of await selectExistingIds(this.trx, key, unknown)) known.add(id);
    for (const id of unknown) looked.add(id);
    return known;
  }

  /** Counts a source record that was refused before it became a record (an unknown weekday, …). */
  skip(key: EntityKey, issue: Issue, where: string): void {
    this.summary[key].read++;
    this.summary[key].skipped++;
    count(this.summary[key].skips, issue, where);
  }

  /** Counts an adjustment made while mapping a source record (before normalising it). */
  adjust(key: EntityKey, issue: Issue, where: string): void {
    count(this.summary[key].adjustments, issue, where);
  }

  /** Adds one raw record (column → source value); written at the next flush of its entity. */
  async add(key: EntityKey, raw: Record<string, unknown>, where: string, lastModified?: Date): Promise<void> {
    const rawId = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id).trim() : '';
    const seen = this.set(this.seen, key);
    if (rawId && seen.has(rawId) && this.options.repeatedIds === 'ignore') return;
    const normalized = normalizeRecord(key, raw, this.options);
    if ('skip' in normalized) {
      if (rawId && this.options.repeatedIds === 'ignore') seen.add(rawId); // its other copies are the same record
      return this.skip(key, normalized.skip, where);
    }
    const { row } = normalized;
    const id = String(row.id);
    if (seen.has(id)) return this.skip(key, { reason: 'duplicate id (the first record with it was kept)' }, where);
    seen.add(id);
    this.summary[key].read++;
    for (const a of normalized.adjustments) count(this.summary[key].adjustments, a, where);
    if (SPECS[key].lastModified) row.last_modified = lastModified ?? this.now;
    let list = this.pending.get(key);
    if (!list) this.pending.set(key, (list = []));
    list.push({ row, where });
    if (list.length >= BATCH) await this.flush(key);
  }

  /** Writes an entity's pending records, after writing the pending records they may refer to. */
  async flush(key: EntityKey): Promise<void> {
    for (const dep of dependencies(key)) await this.flush(dep);
    const batch = this.pending.get(key) ?? [];
    if (batch.length === 0) return;
    this.pending.set(key, []);
    const refs = Object.entries(SPECS[key].fields).flatMap(([name, f]) => (f.kind === 'ref' ? [{ name, entity: f.entity }] : []));
    for (const { name, entity } of refs) {
      const known = this.set(this.known, entity);
      const unknown = [...new Set(batch.map((p) => p.row[name]).filter((v): v is string => typeof v === 'string' && !known.has(v)))];
      for (const id of await selectExistingIds(this.trx, entity, unknown)) known.add(id);
    }
    const accepted: Pending[] = [];
    for (const p of batch) {
      const missing = refs.find(({ name, entity }) => typeof p.row[name] === 'string' && !this.set(this.known, entity).has(p.row[name] as string));
      if (missing) {
        this.summary[key].read--;
        this.skip(key, { reason: `${missing.name} names no ${missing.entity.replace(/_/g, ' ').replace(/s$/, '')} in this file or the directory`, detail: String(p.row[missing.name]) }, p.where);
        continue;
      }
      accepted.push(p);
    }
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columnsOf(key).length));
    const written = new Map<string, boolean>();
    for (let i = 0; i < accepted.length; i += perStatement) {
      const rows = accepted.slice(i, i + perStatement).map((p) => p.row);
      for (const r of await upsertRows(this.trx, key, rows)) written.set(r.id, r.inserted);
    }
    const s = this.summary[key];
    const known = this.set(this.known, key);
    for (const { row } of accepted) {
      const id = String(row.id);
      known.add(id);
      s.imported++;
      const inserted = written.get(id);
      if (inserted === undefined) s.unchanged++;
      else {
        if (inserted) s.inserted++;
        else s.updated++;
        this.noteChange(key, row);
      }
    }
  }

  private noteChange(key: EntityKey, row: Row): void {
    const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
    const add = (set: Set<string>, v: unknown): void => {
      const s = str(v);
      if (s) set.add(s);
    };
    const t = this.touched;
    if (key === 'services') this.writtenServices.add(String(row.id));
    else if (key === 'organizations') add(t.organizations, row.id);
    else if (key === 'locations') add(t.locations, row.id);
    else if (key === 'service_at_locations') add(t.services, row.service_id);
    else if (key === 'taxonomy_terms') add(t.terms, row.id);
    else if (key === 'addresses' || key === 'accessibility') add(t.locations, row.location_id);
    else {
      add(t.services, row.service_id);
      add(t.serviceAtLocations, row.service_at_location_id);
      add(t.locations, row.location_id);
      add(t.organizations, row.organization_id);
    }
  }

  /** Writes everything still pending and re-stamps services whose parts changed. */
  async finish(): Promise<void> {
    for (const key of ENTITY_KEYS) await this.flush(key);
    const restamped = await touchServices(this.trx, this.now, this.touched, this.writtenServices);
    if (restamped > 0) this.notes.push(`${restamped} services were marked modified because a part of them changed (organization, location, phone, schedule, …)`);
  }
}
