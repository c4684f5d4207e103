import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { ValidationError, conflict, notFound, type FieldProblem } from '../../lib/errors.ts';
import { federalHolidays } from '../../lib/business-calendar.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import * as adminRepo from './admin-repository.ts';
import { getJurisdiction, invalidateCatalogCache, listJurisdictions } from './service.ts';

/**
 * A jurisdiction's business calendar (weekly opening hours, local holidays, whether US federal
 * holidays close it), edited by staff. It counts business-hour SLAs of requests made from then on;
 * due dates already set on existing requests are not recomputed. Last write wins (a change is small
 * and audited with what it replaced).
 */

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const span = z
  .object({
    weekday: z.number().int().min(1).max(7).describe('ISO weekday: 1 Monday … 7 Sunday'),
    opens: z.string().regex(HH_MM, "must be a time 'HH:MM' (00:00–23:59)"),
    closes: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "must be a time 'HH:MM', or '24:00' for midnight"),
  })
  .strict();

export const hoursPutSchema = z
  .object({
    hours: z.array(span).max(70).describe('Every opening span of the week; a weekday without one is closed'),
    observesFederalHolidays: z.boolean(),
  })
  .strict();

export const holidayCreateSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'must be a real date'),
    name: z.string().trim().min(1, 'must not be empty').max(100),
  })
  .strict();

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every jurisdiction, for the calendar picker. */
export async function listJurisdictionSummaries(deps: Deps) {
  return (await listJurisdictions(deps)).map((j) => ({ id: j.id, name: j.name, timeZone: j.time_zone, isDefault: j.is_default }));
}

/** The calendar of a jurisdiction, with this year's and next year's federal holidays for reference. */
export async function getCalendar(deps: Deps, jurisdictionId: string) {
  const j = await getJurisdiction(deps, { id: jurisdictionId });
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: j.timeZone, year: 'numeric' }).format(deps.clock.now()));
  return {
    jurisdictionId: j.id,
    timeZone: j.timeZone,
    observesFederalHolidays: j.calendar.observesFederalHolidays,
    hours: j.calendar.hours,
    holidays: j.calendar.localHolidays,
    federalHolidays: [...federalHolidays(year), ...federalHolidays(year + 1)],
  };
}

/** Checks opening spans: each closes after it opens, and no two spans of one weekday overlap. */
function spanProblems(hours: z.infer<typeof span>[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  hours.forEach((h, i) => {
    if (minutes(h.closes) <= minutes(h.opens)) problems.push({ field: `hours.${i}.closes`, code: 'closes_before_opens', message: `Hours on weekday ${h.weekday}: closing ${h.closes} is not after opening ${h.opens}` });
  });
  for (let day = 1; day <= 7; day++) {
    const spans = hours.map((h, i) => ({ ...h, i })).filter((h) => h.weekday === day).sort((a, b) => minutes(a.opens) - minutes(b.opens));
    for (let k = 1; k < spans.length; k++) {
      const prev = spans[k - 1];
      const cur = spans[k];
      if (prev && cur && minutes(cur.opens) < minutes(prev.closes)) {
        problems.push({ field: `hours.${cur.i}.opens`, code: 'overlap', message: `Hours on weekday ${day} overlap: ${prev.opens}–${prev.closes} and ${cur.opens}–${cur.closes}` });
      }
    }
  }
  return problems;
}

/** Replaces the weekly hours and the federal-holiday setting; audited with what was there before. */
export async function replaceCalendarHours(deps: Deps, jurisdictionId: string, input: unknown, ctx: AuditContext) {
  const p = parseInput(hoursPutSchema, input);
  const problems = spanProblems(p.hours);
  if (problems.length) throw new ValidationError(problems);
  const before = await getCalendar(deps, jurisdictionId);
  await deps.db.transaction().execute(async (trx) => {
    await adminRepo.replaceHours(trx, jurisdictionId, p.hours);
    await adminRepo.updateObservesFederalHolidays(trx, jurisdictionId, p.observesFederalHolidays);
    await recordAudit(trx, {
      ...ctx,
      at: deps.clock.now(),
      action: 'catalog.calendar_hours_replaced',
      target: { kind: 'jurisdiction', id: jurisdictionId },
      data: { before: { hours: before.hours, observesFederalHolidays: before.observesFederalHolidays }, after: p },
    });
  });
  invalidateCatalogCache(deps.db);
  return getCalendar(deps, jurisdictionId);
}

/** Adds a local holiday (409 if that date already is one); audited. */
export async function addHoliday(deps: Deps, jurisdictionId: string, input: unknown, ctx: AuditContext) {
  const h = parseInput(holidayCreateSchema, input);
  await getJurisdiction(deps, { id: jurisdictionId });
  await deps.db.transaction().execute(async (trx) => {
    if (!(await adminRepo.insertHoliday(trx, jurisdictionId, h.date, h.name))) throw conflict('holiday_exists', `${h.date} is already a holiday`, { field: 'date' });
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.holiday_added', target: { kind: 'jurisdiction', id: jurisdictionId }, data: h });
  });
  invalidateCatalogCache(deps.db);
  return getCalendar(deps, jurisdictionId);
}

/** Removes a local holiday (404 if there is none that day); audited. */
export async function removeHoliday(deps: Deps, jurisdictionId: string, date: string, ctx: AuditContext) {
  await getJurisdiction(deps, { id: jurisdictionId });
  await deps.db.transaction().execute(async (trx) => {
    const name = await adminRepo.deleteHoliday(trx, jurisdictionId, date);
    if (name === null) throw notFound('Holiday', date);
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: 'catalog.holiday_removed', target: { kind: 'jurisdiction', id: jurisdictionId }, data: { date, name } });
  });
  invalidateCatalogCache(deps.db);
  return getCalendar(deps, jurisdictionId);
}
