import { addBusinessHours, addCalendarHours, type BusinessCalendar } from '../../lib/business-calendar.ts';

/**
 * When a request of this service is due, counted from `from`: business hours on the jurisdiction's
 * calendar, or plain elapsed hours, as the service's SLA says. No target, no due time.
 */
export function computeDueAt(calendar: BusinessCalendar, sla: { slaHours: number | null; slaKind: 'business' | 'calendar' }, from: Date): Date | null {
  if (sla.slaHours === null || sla.slaHours <= 0) return null;
  return sla.slaKind === 'calendar' ? addCalendarHours(from, sla.slaHours) : addBusinessHours(calendar, from, sla.slaHours);
}
