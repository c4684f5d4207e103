import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import type { Localized, Priority } from '../../db/schema.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { BusinessCalendar } from '../../lib/business-calendar.ts';
import { TtlCache } from '../../lib/ttl-cache.ts';
import type { AttributeDefinition } from './attributes.ts';
import * as repo from './repository.ts';
import type { RoutingRule } from './routing.ts';

/** A jurisdiction with its business calendar, as intake needs it. */
export interface Jurisdiction {
  id: string;
  name: Localized;
  timeZone: string;
  trackingPrefix: string;
  open311JurisdictionId: string;
  calendar: BusinessCalendar;
}

/** A service with its questions, as intake needs it. */
export interface CatalogService {
  id: number;
  jurisdictionId: string;
  code: string;
  name: Localized;
  description: Localized;
  groupCode: string | null;
  keywords: string[];
  handling: 'resolve' | 'intake' | 'refer';
  departmentId: string;
  answer: Localized | null;
  slaHours: number | null;
  slaKind: 'business' | 'calendar';
  defaultPriority: Priority;
  confidential: boolean;
  active: boolean;
  duplicateRadiusMeters: number;
  duplicateWindowDays: number;
  /** Bumped by every staff change (settings or questions), for optimistic concurrency. */
  version: number;
  attributes: AttributeDefinition[];
}

/** Catalog data changes rarely and is read on every intake: cached per database for a short while. */
const CACHE_MS = 30_000;
const caches = new WeakMap<Db, TtlCache<unknown>>();
function cached<V>(db: Db, key: string, load: () => Promise<V>): Promise<V> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new TtlCache<unknown>(CACHE_MS)));
  return cache.get(key, load) as Promise<V>;
}

/** Forgets cached catalog data; every catalog write calls it. */
export function invalidateCatalogCache(db: Db): void {
  caches.get(db)?.clear();
}

async function loadJurisdiction(db: Db, where: { id?: string; open311Id?: string }): Promise<Jurisdiction | null> {
  const row = await repo.selectJurisdiction(db, where);
  if (!row) return null;
  const { hours, holidays } = await repo.selectCalendarRows(db, row.id);
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    trackingPrefix: row.tracking_prefix,
    open311JurisdictionId: row.open311_jurisdiction_id,
    calendar: {
      timeZone: row.time_zone,
      hours,
      localHolidays: holidays.map((h) => ({ date: h.day, name: h.name })),
      observesFederalHolidays: row.observes_federal_holidays,
    },
  };
}

/**
 * The jurisdiction by our id or by its Open311 `jurisdiction_id`; with neither, the default one
 * (`is_default`), so callers of a single-city installation never have to name it.
 */
export async function getJurisdiction({ db }: Deps, where: { id?: string; open311Id?: string } = {}): Promise<Jurisdiction> {
  const key = `jurisdiction:${where.id ?? ''}:${where.open311Id ?? ''}`;
  const found = await cached(db, key, () => loadJurisdiction(db, where));
  if (!found) {
    if (where.id === undefined && where.open311Id === undefined) {
      throw new AppError('no_jurisdiction', 503, 'No default jurisdiction is set up yet; run `frontdoor seed` or load a catalog with one marked default');
    }
    throw new AppError('unknown_jurisdiction', 404, `Jurisdiction ${JSON.stringify(where.id ?? where.open311Id)} does not exist`, {
      field: 'jurisdiction_id',
    });
  }
  return found;
}

function toCatalogService(row: NonNullable<Awaited<ReturnType<typeof repo.selectService>>>, attributes: AttributeDefinition[]): CatalogService {
  return {
    id: row.id,
    jurisdictionId: row.jurisdiction_id,
    code: row.service_code,
    name: row.name,
    description: row.description,
    groupCode: row.group_code,
    keywords: row.keywords,
    handling: row.handling,
    departmentId: row.department_id,
    answer: row.answer,
    slaHours: row.sla_hours === null ? null : Number(row.sla_hours),
    slaKind: row.sla_kind,
    defaultPriority: row.default_priority,
    confidential: row.confidential,
    active: row.active,
    duplicateRadiusMeters: row.duplicate_radius_m,
    duplicateWindowDays: row.duplicate_window_days,
    version: row.version,
    attributes,
  };
}

/** One service with its questions, or a 404 naming the code. */
export async function getService({ db }: Deps, jurisdictionId: string, serviceCode: string): Promise<CatalogService> {
  const found = await cached(db, `service:${jurisdictionId}:${serviceCode}`, async () => {
    const row = await repo.selectService(db, jurisdictionId, serviceCode);
    return row ? toCatalogService(row, await repo.selectAttributes(db, row.id)) : null;
  });
  if (!found) {
    throw new AppError('unknown_service', 404, `There is no service with code ${JSON.stringify(serviceCode)} in ${jurisdictionId}`, {
      field: 'service_code',
    });
  }
  return found;
}

/** Every service of a jurisdiction in catalog order, with its group's name; questions not included. */
export async function listServices({ db }: Deps, jurisdictionId: string) {
  return cached(db, `services:${jurisdictionId}`, async () => {
    const rows = await repo.selectServices(db, jurisdictionId);
    return rows.map((row) => ({ ...toCatalogService(row, []), groupName: row.group_name }));
  });
}


/** Active routing rules of a jurisdiction. */
export async function getRoutingRules({ db }: Deps, jurisdictionId: string): Promise<RoutingRule[]> {
  return cached(db, `rules:${jurisdictionId}`, () => repo.selectActiveRoutingRules(db, jurisdictionId));
}

/** Whether a point lies in the jurisdiction, and which districts contain it. */
export async function locatePoint({ db }: Deps, jurisdictionId: string, lon: number, lat: number) {
  return repo.selectPlace(db, jurisdictionId, lon, lat);
}

/** A department or outside agency, or a 404. */
export async function getDepartment({ db }: Deps, id: string) {
  const row = await cached(db, `department:${id}`, async () => (await repo.selectDepartment(db, id)) ?? null);
  if (!row) throw notFound('Department', id);
  return row;
}

export async function listDepartments({ db }: Deps, jurisdictionId?: string) {
  return repo.selectDepartments(db, jurisdictionId);
}

export async function listDistricts({ db }: Deps, jurisdictionId: string) {
  return repo.selectDistricts(db, jurisdictionId);
}

export async function listJurisdictions({ db }: Deps) {
  return repo.selectJurisdictions(db);
}

/** Whether any jurisdiction exists (an empty database gets the demo city on `npm start`). */
export async function hasCatalog({ db }: Deps): Promise<boolean> {
  return (await repo.countJurisdictions(db)) > 0;
}

/** Retires a service (no new requests) or brings it back; its history stays. */
export async function setServiceActive({ db }: Deps, jurisdictionId: string, serviceCode: string, active: boolean): Promise<void> {
  if (!(await repo.updateServiceActive(db, jurisdictionId, serviceCode, active))) {
    throw new AppError('unknown_service', 404, `There is no service with code ${JSON.stringify(serviceCode)} in ${jurisdictionId}`, { field: 'service_code' });
  }
  invalidateCatalogCache(db);
}
