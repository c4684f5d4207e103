import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { AttributeValue, Localized, Priority } from '../../db/schema.ts';

/** Catalog SQL for the staff administration screens: new services, their questions, service groups, calendars. */

const json = (v: unknown): string => JSON.stringify(v);

/** Every service group, in display order. */
export async function selectServiceGroups(db: Db) {
  return db.selectFrom('service_groups').selectAll().orderBy('sort_order').orderBy('code').execute();
}

/** Inserts a new service; null when the code is taken in the jurisdiction. */
export async function insertService(
  db: Db,
  s: {
    jurisdictionId: string; code: string; name: Localized; description: Localized; groupCode: string | null; keywords: string[]; handling: 'resolve' | 'intake' | 'refer';
    departmentId: string; slaHours: number | null; slaKind: 'business' | 'calendar'; defaultPriority: Priority; confidential: boolean; active: boolean;
  },
): Promise<number | null> {
  const row = await db
    .insertInto('services')
    .values({
      jurisdiction_id: s.jurisdictionId,
      service_code: s.code,
      name: json(s.name),
      description: json(s.description),
      group_code: s.groupCode,
      keywords: s.keywords,
      handling: s.handling,
      department_id: s.departmentId,
      sla_hours: s.slaHours,
      sla_kind: s.slaKind,
      default_priority: s.defaultPriority,
      confidential: s.confidential,
      active: s.active,
    })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'service_code']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Every question of a service, retired ones included (last), in form order. */
export async function selectAllAttributes(db: Db, serviceId: number) {
  return db
    .selectFrom('service_attributes')
    .select(['code', 'datatype', 'required', 'variable', 'description', 'values', 'sort_order', 'retired_at'])
    .where('service_id', '=', serviceId)
    .orderBy(sql`retired_at IS NOT NULL`)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
}

/** Bumps a service's version if it is still at `expected`; false when someone saved in between. */
export async function bumpServiceVersion(db: Db, serviceId: number, expected: number): Promise<boolean> {
  const r = await db
    .updateTable('services')
    .set({ version: sql`version + 1`, updated_at: sql`now()` })
    .where('id', '=', serviceId)
    .where('version', '=', expected)
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}

/**
 * Writes the service's questions in this order (each inserted or updated, a retired one restored) and
 * retires every other question it has: retired rows stay, so stored answers keep their meaning.
 */
export async function saveAttributes(
  db: Db,
  serviceId: number,
  attributes: Array<{ code: string; datatype: string; required: boolean; variable: boolean; description: Localized; values: AttributeValue[] }>,
  now: Date,
): Promise<void> {
  for (const [order, a] of attributes.entries()) {
    const values = {
      datatype: a.datatype as 'string',
      required: a.required,
      variable: a.variable,
      description: json(a.description),
      sort_order: order,
      values: json(a.values),
      retired_at: null,
    };
    await db
      .insertInto('service_attributes')
      .values({ service_id: serviceId, code: a.code, datatype_description: '{}', ...values })
      .onConflict((oc) => oc.columns(['service_id', 'code']).doUpdateSet(values))
      .execute();
  }
  let retire = db.updateTable('service_attributes').set({ retired_at: now }).where('service_id', '=', serviceId).where('retired_at', 'is', null);
  if (attributes.length) retire = retire.where('code', 'not in', attributes.map((a) => a.code));
  await retire.execute();
}

/** Sets whether the jurisdiction closes on US federal holidays. */
export async function updateObservesFederalHolidays(db: Db, jurisdictionId: string, observes: boolean): Promise<void> {
  await db.updateTable('jurisdictions').set({ observes_federal_holidays: observes, updated_at: sql`now()` }).where('id', '=', jurisdictionId).execute();
}

/** Replaces the weekly opening hours of a jurisdiction. */
export async function replaceHours(db: Db, jurisdictionId: string, hours: Array<{ weekday: number; opens: string; closes: string }>): Promise<void> {
  await db.deleteFrom('business_hours').where('jurisdiction_id', '=', jurisdictionId).execute();
  if (hours.length) await db.insertInto('business_hours').values(hours.map((h) => ({ jurisdiction_id: jurisdictionId, ...h }))).execute();
}

/** Adds a local holiday; false when that date already is one. */
export async function insertHoliday(db: Db, jurisdictionId: string, day: string, name: string): Promise<boolean> {
  const row = await db
    .insertInto('holidays')
    .values({ jurisdiction_id: jurisdictionId, day, name })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'day']).doNothing())
    .returning('day')
    .executeTakeFirst();
  return row !== undefined;
}

/** Removes a local holiday; its name, or null when there was none that day. */
export async function deleteHoliday(db: Db, jurisdictionId: string, day: string): Promise<string | null> {
  const row = await db.deleteFrom('holidays').where('jurisdiction_id', '=', jurisdictionId).where('day', '=', day).returning('name').executeTakeFirst();
  return row?.name ?? null;
}
