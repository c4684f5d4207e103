import { addBusinessHours, addCalendarHours, businessTimeBetween, type BusinessCalendar } from '../../lib/business-calendar.ts';

/**
 * When a request of this service is due, counted from `from`: business hours on the jurisdiction's
 * calendar, or plain elapsed hours, as the service's SLA says. No target, no due time.
 */
export function computeDueAt(calendar: BusinessCalendar, sla: { slaHours: number | null; slaKind: 'business' | 'calendar' }, from: Date): Date | null {
  if (sla.slaHours === null || sla.slaHours <= 0) return null;
  return sla.slaKind === 'calendar' ? addCalendarHours(from, sla.slaHours) : addBusinessHours(calendar, from, sla.slaHours);
}

const HOUR_MS = 3_600_000;

/**
 * The due time pushed back by the time a request spent on hold, counted the way its SLA counts
 * (business or calendar time). Null when the request has no due time.
 */
export function pauseDueAt(
  calendar: BusinessCalendar,
  sla: { slaKind: 'business' | 'calendar' },
  dueAt: Date | null,
  holdStartedAt: Date,
  resumedAt: Date,
): { dueAt: Date; pausedMs: number } | null {
  if (!dueAt) return null;
  const pausedMs = sla.slaKind === 'calendar' ? Math.max(0, resumedAt.getTime() - holdStartedAt.getTime()) : businessTimeBetween(calendar, holdStartedAt, resumedAt);
  const pushed = sla.slaKind === 'calendar' ? addCalendarHours(dueAt, pausedMs / HOUR_MS) : addBusinessHours(calendar, dueAt, pausedMs / HOUR_MS);
  return { dueAt: pausedMs === 0 ? dueAt : pushed, pausedMs };
}
