import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Localized, Priority } from '../../db/schema.ts';
import type { AttributeDefinition } from './attributes.ts';
import type { RoutingRule } from './routing.ts';

/** Catalog SQL. The only module file that touches the catalog tables. */

export async function selectJurisdiction(db: Db, where: { id?: string; open311Id?: string }) {
  let q = db.selectFrom('jurisdictions').selectAll();
  if (where.id !== undefined) q = q.where('id', '=', where.id);
  if (where.open311Id !== undefined) q = q.where('open311_jurisdiction_id', '=', where.open311Id);
  if (where.id === undefined && where.open311Id === undefined) q = q.where('is_default', '=', true);
  return q.executeTakeFirst();
}

export async function selectJurisdictions(db: Db) {
  return db.selectFrom('jurisdictions').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function selectCalendarRows(db: Db, jurisdictionId: string) {
  const [hours, holidays] = await Promise.all([
    db
      .selectFrom('business_hours')
      .select(['weekday', sql<string>`to_char(opens, 'HH24:MI')`.as('opens'), sql<string>`to_char(closes, 'HH24:MI')`.as('closes')])
      .where('jurisdiction_id', '=', jurisdictionId)
      .orderBy('weekday')
      .orderBy('opens')
      .execute(),
    db.selectFrom('holidays').select(['day', 'name']).where('jurisdiction_id', '=', jurisdictionId).orderBy('day').execute(),
  ]);
  return { hours, holidays };
}

export async function selectService(db: Db, jurisdictionId: string, serviceCode: string) {
  return db
    .selectFrom('services')
    .selectAll()
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
}

export async function selectServices(db: Db, jurisdictionId: string) {
  return db
    .selectFrom('services')
    .leftJoin('service_groups', 'service_groups.code', 'services.group_code')
    .selectAll('services')
    .select(['service_groups.name as group_name', 'service_groups.sort_order as group_sort'])
    .where('services.jurisdiction_id', '=', jurisdictionId)
    .orderBy('service_groups.sort_order')
    .orderBy('services.service_code')
    .execute();
}

export async function selectAttributes(db: Db, serviceId: number): Promise<AttributeDefinition[]> {
  const rows = await db
    .selectFrom('service_attributes')
    .select(['code', 'datatype', 'required', 'variable', 'description', 'values'])
    .where('service_id', '=', serviceId)
    .where('retired_at', 'is', null)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  return rows;
}

export async function selectActiveRoutingRules(db: Db, jurisdictionId: string): Promise<RoutingRule[]> {
  const rows = await db
    .selectFrom('routing_rules')
    .select(['id', 'service_id', 'district_id', 'department_id', 'priority', 'description'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    serviceId: r.service_id,
    districtId: r.district_id,
    departmentId: r.department_id,
    priority: r.priority,
    description: r.description,
  }));
}

/** Whether the point is inside the jurisdiction, and the districts that contain it. One round trip. */
export async function selectPlace(db: Db, jurisdictionId: string, lon: number, lat: number) {
  const { rows } = await sql<{ inside: boolean; district_ids: string[] | null }>`
    SELECT j.boundary @> point(${lon}, ${lat}) AS inside,
           (SELECT array_agg(d.id ORDER BY d.kind, d.id) FROM districts d
             WHERE d.jurisdiction_id = j.id AND d.area @> point(${lon}, ${lat})) AS district_ids
      FROM jurisdictions j WHERE j.id = ${jurisdictionId}`.execute(db);
  const row = rows[0];
  return { inside: row?.inside ?? false, districtIds: row?.district_ids ?? [] };
}

export async function selectDepartment(db: Db, id: string) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectDepartments(db: Db, jurisdictionId?: string) {
  let q = db.selectFrom('departments').selectAll();
  if (jurisdictionId) q = q.where('jurisdiction_id', '=', jurisdictionId);
  return q.orderBy('kind').orderBy('id').execute();
}

export async function selectDistricts(db: Db, jurisdictionId: string) {
  return db.selectFrom('districts').selectAll().where('jurisdiction_id', '=', jurisdictionId).orderBy('id').execute();
}

export async function countJurisdictions(db: Db): Promise<number> {
  const row = await db.selectFrom('jurisdictions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}


// ---- writes (catalog import; used by the demo seed and by a city loading its own catalog) ----

type Executor = Db;
const json = (v: unknown): string => JSON.stringify(v);

export async function upsertJurisdiction(
  db: Executor,
  j: {
    id: string; name: Localized; timeZone: string; trackingPrefix: string; open311JurisdictionId: string; boundary: string;
    observesFederalHolidays: boolean; isDefault: boolean;
  },
) {
  await db
    .insertInto('jurisdictions')
    .values({
      id: j.id,
      name: json(j.name),
      time_zone: j.timeZone,
      tracking_prefix: j.trackingPrefix,
      open311_jurisdiction_id: j.open311JurisdictionId,
      boundary: j.boundary,
      observes_federal_holidays: j.observesFederalHolidays,
      is_default: j.isDefault,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        time_zone: eb.ref('excluded.time_zone'),
        tracking_prefix: eb.ref('excluded.tracking_prefix'),
        open311_jurisdiction_id: eb.ref('excluded.open311_jurisdiction_id'),
        boundary: eb.ref('excluded.boundary'),
        observes_federal_holidays: eb.ref('excluded.observes_federal_holidays'),
        is_default: eb.ref('excluded.is_default'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

export async function replaceCalendar(
  db: Executor,
  jurisdictionId: string,
  hours: Array<{ weekday: number; opens: string; closes: string }>,
  holidays: Array<{ date: string; name: string }>,
) {
  await db.deleteFrom('business_hours').where('jurisdiction_id', '=', jurisdictionId).execute();
  if (hours.length) {
    await db.insertInto('business_hours').values(hours.map((h) => ({ jurisdiction_id: jurisdictionId, ...h }))).execute();
  }
  for (const h of holidays) {
    await db
      .insertInto('holidays')
      .values({ jurisdiction_id: jurisdictionId, day: h.date, name: h.name })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'day']).doUpdateSet({ name: h.name }))
      .execute();
  }
}

export async function upsertDepartment(
  db: Executor,
  d: {
    id: string; jurisdictionId: string; kind: 'department' | 'agency'; agencyKind: string; acronym?: string; name: Localized;
    description?: Localized; phone?: string; email?: string; web?: string; hours?: Localized;
  },
) {
  const values = {
    jurisdiction_id: d.jurisdictionId,
    kind: d.kind,
    agency_kind: d.agencyKind,
    acronym: d.acronym ?? null,
    name: json(d.name),
    description: json(d.description ?? {}),
    phone: d.phone ?? null,
    email: d.email ?? null,
    web: d.web ?? null,
    hours: json(d.hours ?? {}),
  };
  await db
    .insertInto('departments')
    .values({ id: d.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

export async function upsertServiceGroup(db: Executor, g: { code: string; name: Localized; sortOrder: number }) {
  await db
    .insertInto('service_groups')
    .values({ code: g.code, name: json(g.name), sort_order: g.sortOrder })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: json(g.name), sort_order: g.sortOrder }))
    .execute();
}

export async function upsertService(
  db: Executor,
  s: Omit<import('./service.ts').CatalogService, 'id' | 'attributes' | 'active' | 'version'>,
): Promise<number> {
  const values = {
    name: json(s.name),
    description: json(s.description),
    group_code: s.groupCode,
    keywords: s.keywords,
    handling: s.handling,
    department_id: s.departmentId,
    answer: s.answer ? json(s.answer) : null,
    sla_hours: s.slaHours,
    sla_kind: s.slaKind,
    default_priority: s.defaultPriority,
    confidential: s.confidential,
    duplicate_radius_m: s.duplicateRadiusMeters,
    duplicate_window_days: s.duplicateWindowDays,
  };
  const row = await db
    .insertInto('services')
    .values({ jurisdiction_id: s.jurisdictionId, service_code: s.code, ...values })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'service_code']).doUpdateSet({ ...values, updated_at: sql`now()`, version: sql`services.version + 1` }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function replaceAttributes(db: Executor, serviceId: number, attributes: Array<AttributeDefinition & { order: number; datatypeDescription?: Localized }>) {
  await db.deleteFrom('service_attributes').where('service_id', '=', serviceId).execute();
  if (!attributes.length) return;
  await db
    .insertInto('service_attributes')
    .values(
      attributes.map((a) => ({
        service_id: serviceId,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        variable: a.variable,
        description: json(a.description),
        datatype_description: json(a.datatypeDescription ?? {}),
        sort_order: a.order,
        values: json(a.values),
      })),
    )
    .execute();
}

export async function upsertDistrict(
  db: Executor,
  d: { id: string; jurisdictionId: string; kind: string; name: Localized; population: number | null; area: string; approximate: boolean },
) {
  const values = { jurisdiction_id: d.jurisdictionId, kind: d.kind, name: json(d.name), population: d.population, area: d.area, approximate: d.approximate };
  await db
    .insertInto('districts')
    .values({ id: d.id, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function countRoutingRules(db: Executor, jurisdictionId: string): Promise<number> {
  const row = await db
    .selectFrom('routing_rules')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('jurisdiction_id', '=', jurisdictionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertRoutingRule(
  db: Executor,
  r: { jurisdictionId: string; serviceId: number | null; districtId: string | null; departmentId: string; priority: number; description: string },
): Promise<number> {
  const row = await db
    .insertInto('routing_rules')
    .values({
      jurisdiction_id: r.jurisdictionId,
      service_id: r.serviceId,
      district_id: r.districtId,
      department_id: r.departmentId,
      priority: r.priority,
      description: r.description,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateServiceActive(db: Executor, jurisdictionId: string, serviceCode: string, active: boolean): Promise<boolean> {
  const r = await db
    .updateTable('services')
    .set({ active, updated_at: sql`now()` })
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('service_code', '=', serviceCode)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

// ---- staff administration (PATCH /services/:code, /routing-rules) ----

/** Changes a service's administrable fields; null when there is no such service. */
export async function updateService(
  db: Executor,
  jurisdictionId: string,
  serviceCode: string,
  set: {
    active?: boolean; sla_hours?: number | null; sla_kind?: 'business' | 'calendar'; default_priority?: Priority; name?: Localized; description?: Localized;
    confidential?: boolean; department_id?: string; group_code?: string | null; handling?: 'resolve' | 'intake' | 'refer';
  },
  expectedVersion?: number,
): Promise<number | null> {
  const values = {
    ...set,
    name: set.name === undefined ? undefined : json(set.name),
    description: set.description === undefined ? undefined : json(set.description),
    updated_at: sql<Date>`now()`,
    version: sql<number>`version + 1`,
  };
  let q = db.updateTable('services').set(values).where('jurisdiction_id', '=', jurisdictionId).where('service_code', '=', serviceCode);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const row = await q.returning('id').executeTakeFirst();
  return row?.id ?? null;
}

const ruleColumns = ['r.id', 'r.jurisdiction_id', 'r.service_id', 'r.district_id', 'r.department_id', 'r.priority', 'r.description', 'r.active', 'r.created_at'] as const;

/** Every routing rule of a jurisdiction (active or not), most specific first, with its service's code. */
export async function selectRoutingRules(db: Db, jurisdictionId: string) {
  return db
    .selectFrom('routing_rules as r')
    .leftJoin('services as s', 's.id', 'r.service_id')
    .select([...ruleColumns, 's.service_code'])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .orderBy('r.priority')
    .orderBy('r.id')
    .execute();
}

export async function selectRoutingRule(db: Db, id: number) {
  return db.selectFrom('routing_rules as r').leftJoin('services as s', 's.id', 'r.service_id').select([...ruleColumns, 's.service_code']).where('r.id', '=', id).executeTakeFirst();
}

export async function updateRoutingRule(
  db: Executor,
  id: number,
  set: { service_id?: number | null; district_id?: string | null; department_id?: string; priority?: number; description?: string; active?: boolean },
): Promise<boolean> {
  const r = await db.updateTable('routing_rules').set(set).where('id', '=', id).executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

export async function deleteRoutingRule(db: Executor, id: number): Promise<boolean> {
  const r = await db.deleteFrom('routing_rules').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows === 1n;
}
