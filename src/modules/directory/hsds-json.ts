import { AppError } from '../../lib/errors.ts';
import { ENTITY_KEYS, SPECS, type EntityKey } from './entities.ts';
import { deterministicId } from './normalize.ts';
import type { Stager } from './stager.ts';

/**
 * HSDS 3.0 JSON: an array of fully nested services (as `GET /services/{id}` and our export give
 * them), or an API page `{ contents: [...] }`, or one service. Nested records are flattened into
 * raw records with their parent's id filled in, then staged parents first. A record nested more
 * than once (an organization with many services) is the same record: the first copy is kept.
 */

type Obj = Record<string, unknown>;
interface Collected {
  raw: Obj;
  where: string;
  lastModified?: Date;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOf = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
const NESTED: Record<string, string[]> = {
  service: ['organization', 'phones', 'schedules', 'service_areas', 'languages', 'attributes', 'service_at_locations', 'last_modified'],
  organization: ['phones', 'locations', 'last_modified'],
  location: ['latitude', 'longitude', 'addresses', 'accessibility', 'phones', 'languages', 'schedules', 'last_modified'],
  service_at_location: ['location', 'phones', 'schedules', 'last_modified'],
  phone: ['languages'],
  attribute: ['id', 'link_id', 'link_type', 'link_entity', 'taxonomy_term_id', 'taxonomy_term', 'value'],
  taxonomy_term: ['taxonomy', 'taxonomy_detail'],
};
const KIND_OF: Partial<Record<EntityKey, string>> = {
  services: 'service',
  organizations: 'organization',
  locations: 'location',
  service_at_locations: 'service_at_location',
  phones: 'phone',
  taxonomy_terms: 'taxonomy_term',
};

/** Parses the JSON text of an import, naming the problem when it is not JSON or not HSDS services. */
export function parseHsdsJson(text: string): Obj[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('bad_json', 400, `The file is not valid JSON: ${(error as Error).message}`, { field: 'file' });
  }
  const list = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.contents) ? data.contents : isObj(data) && 'id' in data && 'name' in data ? [data] : null;
  if (!list) throw new AppError('bad_json', 400, 'The JSON is not HSDS 3.0 services: expected an array of services, a page with `contents`, or one service', { field: 'file' });
  return list as Obj[];
}

class Flattener {
  readonly records = Object.fromEntries(ENTITY_KEYS.map((k) => [k, [] as Collected[]])) as Record<EntityKey, Collected[]>;
  readonly ignored = new Map<string, number>();
  readonly refused: Array<{ key: EntityKey; reason: string; where: string }> = [];

  private add(key: EntityKey, obj: Obj, where: string, defaults: Obj = {}): void {
    const kind = KIND_OF[key];
    if (kind) {
      const known = new Set([...Object.keys(SPECS[key].fields), ...(NESTED[kind] ?? [])]);
      for (const k of Object.keys(obj)) if (!known.has(k)) this.ignored.set(`${kind}.${k}`, (this.ignored.get(`${kind}.${k}`) ?? 0) + 1);
    }
    const raw: Obj = { ...obj };
    for (const [k, v] of Object.entries(defaults)) if (raw[k] === undefined || raw[k] === null) raw[k] = v;
    const modified = typeof obj.last_modified === 'string' ? new Date(obj.last_modified) : undefined;
    this.records[key].push({ raw, where, lastModified: modified && !Number.isNaN(modified.getTime()) ? modified : undefined });
  }

  private each(key: EntityKey, list: unknown, where: string, name: string, visit: (obj: Obj, where: string) => void): void {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) {
      this.refused.push({ key, reason: `${name} is not a list`, where });
      return;
    }
    list.forEach((item, i) => {
      const at = `${where} › ${name}[${i}]`;
      if (isObj(item)) visit(item, at);
      else this.refused.push({ key, reason: `${name} item is not an object`, where: at });
    });
  }

  private phones(list: unknown, where: string, defaults: Obj): void {
    this.each('phones', list, where, 'phones', (p, at) => {
      this.add('phones', p, at, defaults);
      this.each('languages', p.languages, at, 'languages', (l, lat) => this.add('languages', l, lat, { phone_id: idOf(p.id) }));
    });
  }

  private location(loc: Obj, where: string, defaults: Obj = {}): void {
    this.add('locations', loc, where, defaults);
    const own = { location_id: idOf(loc.id) };
    this.each('addresses', loc.addresses, where, 'addresses', (a, at) => this.add('addresses', a, at, own));
    this.each('accessibility', loc.accessibility, where, 'accessibility', (a, at) => this.add('accessibility', a, at, own));
    this.phones(loc.phones, where, own);
    this.each('languages', loc.languages, where, 'languages', (l, at) => this.add('languages', l, at, own));
    this.each('schedules', loc.schedules, where, 'schedules', (s, at) => this.add('schedules', s, at, own));
  }

  private term(term: Obj, where: string): string | undefined {
    const detail = isObj(term.taxonomy_detail) ? term.taxonomy_detail : undefined;
    const name = typeof term.taxonomy === 'string' ? term.taxonomy : undefined;
    const taxonomyId = idOf(term.taxonomy_id) ?? idOf(detail?.id) ?? (name ? deterministicId('taxonomy', name) : undefined);
    if (taxonomyId) this.add('taxonomies', detail ?? { id: taxonomyId, name: name ?? taxonomyId }, where, { id: taxonomyId });
    this.add('taxonomy_terms', term, where, { taxonomy_id: taxonomyId });
    return idOf(term.id);
  }

  service(s: Obj, where: string): void {
    const org = isObj(s.organization) ? s.organization : undefined;
    if (org) {
      this.add('organizations', org, `${where} › organization`);
      this.phones(org.phones, `${where} › organization`, { organization_id: idOf(org.id) });
      this.each('locations', org.locations, `${where} › organization`, 'locations', (l, at) => this.location(l, at, { organization_id: idOf(org.id) }));
    }
    this.add('services', s, where, { organization_id: idOf(org?.id) });
    const own = { service_id: idOf(s.id) };
    this.phones(s.phones, where, own);
    this.each('schedules', s.schedules, where, 'schedules', (x, at) => this.add('schedules', x, at, own));
    this.each('languages', s.languages, where, 'languages', (x, at) => this.add('languages', x, at, own));
    this.each('service_areas', s.service_areas, where, 'service_areas', (x, at) => this.add('service_areas', x, at, own));
    this.each('service_taxonomy_terms', s.attributes, where, 'attributes', (a, at) => {
      if (a.link_entity !== undefined && a.link_entity !== null && a.link_entity !== 'service') {
        this.refused.push({ key: 'service_taxonomy_terms', reason: 'attribute of something other than the service (not kept)', where: at });
        return;
      }
      const termId = isObj(a.taxonomy_term) ? this.term(a.taxonomy_term, at) : undefined;
      const taxonomyTermId = idOf(a.taxonomy_term_id) ?? termId;
      if (!taxonomyTermId) {
        this.refused.push({ key: 'service_taxonomy_terms', reason: 'attribute without a taxonomy term (only taxonomy links are kept)', where: at });
        return;
      }
      this.add('service_taxonomy_terms', { id: a.id, link_type: a.link_type, value: a.value }, at, { service_id: idOf(a.link_id) ?? idOf(s.id), taxonomy_term_id: taxonomyTermId, link_type: 'service_type' });
    });
    this.each('service_at_locations', s.service_at_locations, where, 'service_at_locations', (sal, at) => {
      const loc = isObj(sal.location) ? sal.location : undefined;
      if (loc) this.location(loc, `${at} › location`);
      this.add('service_at_locations', sal, at, { service_id: idOf(s.id), location_id: idOf(loc?.id) });
      const salOwn = { service_at_location_id: idOf(sal.id) };
      this.phones(sal.phones, at, salOwn);
      this.each('schedules', sal.schedules, at, 'schedules', (x, sat) => this.add('schedules', x, sat, salOwn));
    });
  }
}

/** Flattens the services and stages every record, parents first. */
export async function importHsdsJson(stager: Stager, services: Obj[]): Promise<void> {
  const flat = new Flattener();
  services.forEach((s, i) => {
    const where = `services[${i}]${idOf(s?.id) ? ` (id ${idOf(s.id)})` : ''}`;
    if (isObj(s)) flat.service(s, where);
    else flat.refused.push({ key: 'services', reason: 'not an object', where });
  });
  for (const r of flat.refused) stager.skip(r.key, { reason: r.reason }, r.where);
  for (const key of ENTITY_KEYS) {
    for (const r of flat.records[key]) await stager.add(key, r.raw, r.where, r.lastModified);
    await stager.flush(key);
  }
  if (flat.ignored.size) {
    stager.notes.push(`fields not imported: ${[...flat.ignored].map(([k, n]) => `${k} (${n})`).join(', ')}`);
  }
}
