import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/client.ts';
import { columnsOf, SPECS, type EntityKey, type Row } from './entities.ts';

/** Directory SQL: the only file that touches the directory tables. */

/** Text ids as a set-returning SQL expression (one jsonb parameter, the same on PGlite and node-postgres). */
const idList = (ids: Iterable<string>): RawBuilder<string> => sql<string>`(SELECT jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb))`;

// Point has no equality operator, so records are compared with it as text.
const comparable = (prefix: string, column: string): RawBuilder<unknown> =>
  column === 'coordinates' ? sql`${sql.ref(`${prefix}.${column}`)}::text` : sql`${sql.ref(`${prefix}.${column}`)}`;

export interface UpsertResult {
  id: string;
  inserted: boolean;
}

/**
 * Inserts or updates rows by id in one statement. A row whose values are all unchanged is not
 * written (and not returned), so `last_modified` moves only when something really changed.
 */
export async function upsertRows(db: Db, key: EntityKey, rows: Row[]): Promise<UpsertResult[]> {
  if (rows.length === 0) return [];
  const { table } = SPECS[key];
  const columns = columnsOf(key);
  const compared = columns.filter((c) => c !== 'id' && c !== 'last_modified');
  const values = sql.join(rows.map((row) => sql`(${sql.join(columns.map((c) => row[c] ?? null))})`));
  const result = await sql<{ id: string; inserted: boolean }>`
    INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    VALUES ${values}
    ON CONFLICT (id) DO UPDATE SET ${sql.join(columns.filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))}
    WHERE (${sql.join(compared.map((c) => comparable(table, c)))}) IS DISTINCT FROM (${sql.join(compared.map((c) => comparable('excluded', c)))})
    RETURNING id, (xmax = 0) AS inserted`.execute(db);
  return result.rows;
}

/** Which of these ids exist in an entity's table. */
export async function selectExistingIds(db: Db, key: EntityKey, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ id: string }>`SELECT id FROM ${sql.table(SPECS[key].table)} WHERE id IN ${idList(ids)}`.execute(db);
  return result.rows.map((r) => r.id);
}

export interface TouchedParents {
  services: Set<string>;
  terms: Set<string>;
  organizations: Set<string>;
  serviceAtLocations: Set<string>;
  locations: Set<string>;
}

/**
 * Marks services as modified at `now` when a part of their HSDS representation changed (their
 * organization, a location they are delivered at, a phone, schedule, language, taxonomy term, …), except those
 * written themselves in this import (their own last_modified is already right). Returns how many.
 */
export async function touchServices(db: Db, now: Date, touched: TouchedParents, written: Set<string>): Promise<number> {
  if (Object.values(touched).every((set: Set<string>) => set.size === 0)) return 0;
  const result = await sql`
    UPDATE directory_services SET last_modified = ${now}
    WHERE id NOT IN ${idList(written)}
      AND (id IN ${idList(touched.services)}
        OR organization_id IN ${idList(touched.organizations)}
        OR id IN (SELECT service_id FROM directory_service_taxonomy_terms WHERE taxonomy_term_id IN ${idList(touched.terms)})
        OR id IN (SELECT service_id FROM directory_service_at_locations
                  WHERE id IN ${idList(touched.serviceAtLocations)} OR location_id IN ${idList(touched.locations)}))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Reads: API pages and the nested service graphs behind `GET /hsds/services/{id}` and the export.

/** Byte order (COLLATE "C"), so pages and exports come out the same on every engine and locale. */
const byteOrder = (column: string): RawBuilder<unknown> => sql`${sql.ref(column)} COLLATE "C"`;
const caseless = (column: string): RawBuilder<unknown> => sql`lower(${sql.ref(column)}) COLLATE "C"`;
const likePattern = (search: string): string => `%${search.replace(/[\\%_]/g, '\\$&')}%`;

export interface ServiceFilter {
  search?: string;
  organizationId?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  modifiedAfter?: Date;
}

export interface Paging {
  limit: number;
  offset: number;
}

function servicesWhere(f: ServiceFilter): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.search) {
    const p = likePattern(f.search);
    parts.push(sql`(s.name ILIKE ${p} OR s.alternate_name ILIKE ${p} OR s.description ILIKE ${p})`);
  }
  if (f.organizationId !== undefined) parts.push(sql`s.organization_id = ${f.organizationId}`);
  if (f.taxonomyTermId !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM directory_service_taxonomy_terms l WHERE l.service_id = s.id AND l.taxonomy_term_id = ${f.taxonomyTermId})`);
  }
  if (f.taxonomyId !== undefined) {
    parts.push(sql`EXISTS (SELECT 1 FROM directory_service_taxonomy_terms l JOIN directory_taxonomy_terms t ON t.id = l.taxonomy_term_id
                          WHERE l.service_id = s.id AND t.taxonomy_id = ${f.taxonomyId})`);
  }
  if (f.modifiedAfter) parts.push(sql`s.last_modified >= ${f.modifiedAfter}`);
  return sql<boolean>`${sql.join(parts, sql` AND `)}`;
}

export type ServiceRow = Awaited<ReturnType<typeof selectServicesByIds>>[number];

/** A page of services matching the filter, by name, with the total count. */
export async function selectServicePage(db: Db, filter: ServiceFilter, paging: Paging): Promise<{ total: number; rows: ServiceRow[] }> {
  const where = servicesWhere(filter);
  const [count, ids] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::int AS n FROM directory_services s WHERE ${where}`.execute(db),
    sql<{ id: string }>`SELECT s.id FROM directory_services s WHERE ${where}
      ORDER BY lower(s.name) COLLATE "C", s.id COLLATE "C" LIMIT ${paging.limit} OFFSET ${paging.offset}`.execute(db),
  ]);
  const rows = await selectServicesByIds(db, ids.rows.map((r) => r.id));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { total: count.rows[0]?.n ?? 0, rows: ids.rows.flatMap((r) => byId.get(r.id) ?? []) };
}

export async function selectServicesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('directory_services').selectAll().where('id', 'in', idList(ids)).orderBy(byteOrder('id')).execute();
}

/** Service ids after `after` in byte order (the export walks them a page at a time). */
export async function selectServiceIdsAfter(db: Db, after: string | null, limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }>`SELECT id FROM directory_services
    WHERE ${after === null ? sql`true` : sql`id COLLATE "C" > ${after}`} ORDER BY id COLLATE "C" LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** A page of service-at-location links whose service matches the filter (search also matches the location's name). */
export async function selectServiceAtLocationPage(db: Db, filter: ServiceFilter, paging: Paging) {
  const { search, ...rest } = filter;
  const p = search ? likePattern(search) : null;
  const where = sql`${servicesWhere(rest)}${p ? sql` AND (s.name ILIKE ${p} OR s.description ILIKE ${p} OR loc.name ILIKE ${p} OR sal.description ILIKE ${p})` : sql``}`;
  const from = sql`directory_service_at_locations sal JOIN directory_services s ON s.id = sal.service_id JOIN directory_locations loc ON loc.id = sal.location_id`;
  const [count, rows] = await Promise.all([
    sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`.execute(db),
    sql<SalRow>`SELECT sal.* FROM ${from} WHERE ${where}
      ORDER BY lower(s.name) COLLATE "C", sal.id COLLATE "C" LIMIT ${paging.limit} OFFSET ${paging.offset}`.execute(db),
  ]);
  return { total: count.rows[0]?.n ?? 0, rows: rows.rows };
}

export interface OrganizationFilter {
  search?: string;
  modifiedAfter?: Date;
}

export async function selectOrganizationPage(db: Db, filter: OrganizationFilter, paging: Paging) {
  let q = db.selectFrom('directory_organizations');
  if (filter.search) {
    const p = likePattern(filter.search);
    q = q.where((eb) => eb.or([eb('name', 'ilike', p), eb('alternate_name', 'ilike', p), eb('description', 'ilike', p)]));
  }
  if (filter.modifiedAfter) q = q.where('last_modified', '>=', filter.modifiedAfter);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.selectAll().orderBy(caseless('name')).orderBy(byteOrder('id')).limit(paging.limit).offset(paging.offset).execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

export interface TaxonomyTermFilter {
  search?: string;
  taxonomyId?: string;
  parentId?: string;
  topOnly?: boolean;
}

function selectTerms(db: Db) {
  return db
    .selectFrom('directory_taxonomy_terms as t')
    .leftJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
    .select(['t.id', 't.code', 't.name', 't.description', 't.parent_id', 't.taxonomy_id', 't.language', 't.term_uri'])
    .select(['x.name as taxonomy_name', 'x.description as taxonomy_description', 'x.uri as taxonomy_uri', 'x.version as taxonomy_version']);
}
export type TermRow = Awaited<ReturnType<ReturnType<typeof selectTerms>['execute']>>[number];

export async function selectTaxonomyTermPage(db: Db, filter: TaxonomyTermFilter, paging: Paging) {
  let q = selectTerms(db);
  if (filter.search) {
    const p = likePattern(filter.search);
    q = q.where((eb) => eb.or([eb('t.name', 'ilike', p), eb('t.description', 'ilike', p), eb('t.code', 'ilike', p)]));
  }
  if (filter.taxonomyId !== undefined) q = q.where('t.taxonomy_id', '=', filter.taxonomyId);
  if (filter.parentId !== undefined) q = q.where('t.parent_id', '=', filter.parentId);
  if (filter.topOnly) q = q.where('t.parent_id', 'is', null);
  const [count, rows] = await Promise.all([
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.orderBy(caseless('t.name')).orderBy(byteOrder('t.id')).limit(paging.limit).offset(paging.offset).execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

export async function selectTaxonomyTerm(db: Db, id: string): Promise<TermRow | undefined> {
  return selectTerms(db).where('t.id', '=', id).executeTakeFirst();
}

export async function selectTaxonomyPage(db: Db, search: string | undefined, paging: Paging) {
  let q = db.selectFrom('directory_taxonomies');
  if (search) q = q.where('name', 'ilike', likePattern(search));
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.selectAll().orderBy(caseless('name')).orderBy(byteOrder('id')).limit(paging.limit).offset(paging.offset).execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

export async function selectTaxonomy(db: Db, id: string) {
  return db.selectFrom('directory_taxonomies').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectOrganization(db: Db, id: string) {
  return db.selectFrom('directory_organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectServiceAtLocation(db: Db, id: string) {
  return db.selectFrom('directory_service_at_locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export type OrganizationRow = NonNullable<Awaited<ReturnType<typeof selectOrganization>>>;
export type SalRow = NonNullable<Awaited<ReturnType<typeof selectServiceAtLocation>>>;

function selectLocations(db: Db) {
  return db
    .selectFrom('directory_locations')
    .select(['id', 'location_type', 'url', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'external_identifier', 'external_identifier_type', 'last_modified'])
    .select([sql<number | null>`(coordinates)[1]`.as('latitude'), sql<number | null>`(coordinates)[0]`.as('longitude')]);
}
export type LocationRow = Awaited<ReturnType<ReturnType<typeof selectLocations>['execute']>>[number];

/** Locations of an organization (for `GET /hsds/organizations/{id}`). */
export async function selectOrganizationLocations(db: Db, organizationId: string): Promise<LocationRow[]> {
  return selectLocations(db).where('organization_id', '=', organizationId).orderBy(byteOrder('id')).execute();
}

/** Services of an organization, by name. */
export async function selectOrganizationServices(db: Db, organizationId: string): Promise<ServiceRow[]> {
  return db.selectFrom('directory_services').selectAll().where('organization_id', '=', organizationId).orderBy(caseless('name')).orderBy(byteOrder('id')).execute();
}

/** Everything nested in the HSDS representation of these services, in a fixed number of queries. */
export async function selectServiceGraphRows(db: Db, serviceIds: string[]) {
  const services = await selectServicesByIds(db, serviceIds);
  if (services.length === 0) {
    return { services, organizations: [], sals: [], areas: [], links: [], locations: [], addresses: [], accessibility: [], phones: [], schedules: [], languages: [] };
  }
  const ids = services.map((s) => s.id);
  const orgIds = [...new Set(services.map((s) => s.organization_id))];
  const [organizations, sals, areas, links] = await Promise.all([
    db.selectFrom('directory_organizations').selectAll().where('id', 'in', idList(orgIds)).execute(),
    db.selectFrom('directory_service_at_locations').selectAll().where('service_id', 'in', idList(ids)).orderBy(byteOrder('id')).execute(),
    db.selectFrom('directory_service_areas').selectAll().where('service_id', 'in', idList(ids)).orderBy(byteOrder('id')).execute(),
    db
      .selectFrom('directory_service_taxonomy_terms as l')
      .innerJoin('directory_taxonomy_terms as t', 't.id', 'l.taxonomy_term_id')
      .leftJoin('directory_taxonomies as x', 'x.id', 't.taxonomy_id')
      .select(['l.id as link_id', 'l.service_id', 'l.link_type', 'l.value'])
      .select(['t.id', 't.code', 't.name', 't.description', 't.parent_id', 't.taxonomy_id', 't.language', 't.term_uri'])
      .select(['x.name as taxonomy_name', 'x.description as taxonomy_description', 'x.uri as taxonomy_uri', 'x.version as taxonomy_version'])
      .where('l.service_id', 'in', idList(ids))
      .orderBy(byteOrder('l.id'))
      .execute(),
  ]);
  const salIds = sals.map((s) => s.id);
  const locationIds = [...new Set(sals.map((s) => s.location_id))];
  const [locations, addresses, accessibility, phones, schedules] = await Promise.all([
    selectLocations(db).where('id', 'in', idList(locationIds)).execute(),
    db.selectFrom('directory_addresses').selectAll().where('location_id', 'in', idList(locationIds)).orderBy(byteOrder('id')).execute(),
    db.selectFrom('directory_accessibility').selectAll().where('location_id', 'in', idList(locationIds)).orderBy(byteOrder('id')).execute(),
    db
      .selectFrom('directory_phones')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('service_id', 'in', idList(ids)),
          eb('service_at_location_id', 'in', idList(salIds)),
          eb('location_id', 'in', idList(locationIds)),
          eb('organization_id', 'in', idList(orgIds)),
        ]),
      )
      .orderBy(byteOrder('id'))
      .execute(),
    db
      .selectFrom('directory_schedules')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('service_id', 'in', idList(ids)),
          eb('service_at_location_id', 'in', idList(salIds)),
          eb('location_id', 'in', idList(locationIds)),
        ]),
      )
      // Weekdays in week order, then opening time: how people read opening hours.
      .orderBy(sql`array_position(ARRAY['MO','TU','WE','TH','FR','SA','SU']::text[], byday)`)
      .orderBy(byteOrder('opens_at'))
      .orderBy(byteOrder('id'))
      .execute(),
  ]);
  const phoneIds = phones.map((p) => p.id);
  const languages = await db
    .selectFrom('directory_languages')
    .selectAll()
    .where((eb) =>
      eb.or([eb('service_id', 'in', idList(ids)), eb('location_id', 'in', idList(locationIds)), eb('phone_id', 'in', idList(phoneIds))]),
    )
    .orderBy(byteOrder('id'))
    .execute();
  return { services, organizations, sals, areas, links, locations, addresses, accessibility, phones, schedules, languages };
}
export type ServiceGraphRows = Awaited<ReturnType<typeof selectServiceGraphRows>>;
