import type { JSX } from 'preact';
import { locale, t } from '../i18n.ts';

/** A request's SLA clock as the queue API gives it. */
export interface Sla {
  dueAt: string | null;
  secondsLeft: number | null;
  breached: boolean;
  state: 'none' | 'on_time' | 'due_soon' | 'overdue' | 'paused' | 'closed';
}

const units = new Map<string, Intl.NumberFormat>();
function unit(value: number, name: 'minute' | 'hour' | 'day'): string {
  let f = units.get(name);
  if (!f) units.set(name, (f = new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 })));
  return f.format(value);
}

/** A duration in words for a clock: "45 min", "3 hr", "2 days" (in the console's language). */
export function durationWords(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 3600) return unit(Math.max(1, Math.round(s / 60)), 'minute');
  if (s < 2 * 86400) return unit(Math.round(s / 3600), 'hour');
  return unit(Math.round(s / 86400), 'day');
}

/** The SLA clock in words ("Overdue 3 hr", "Due in 2 days", "Paused"); the colour only repeats what the words say. */
export function slaText(sla: Sla): string {
  switch (sla.state) {
    case 'overdue':
      return t('sla.overdue', { time: durationWords(sla.secondsLeft ?? 0) });
    case 'due_soon':
    case 'on_time':
      return t('sla.dueIn', { time: durationWords(sla.secondsLeft ?? 0) });
    case 'paused':
      return t('sla.paused');
    case 'closed':
      return t('sla.closed');
    default:
      return t('sla.none');
  }
}

const TONE: Record<Sla['state'], string> = { overdue: 'danger', due_soon: 'warn', on_time: 'ok', paused: 'warn', closed: 'muted', none: 'muted' };

/** The SLA badge of the queue and the request page. */
export function SlaBadge({ sla }: { sla: Sla }): JSX.Element {
  return <span class={`badge sla ${TONE[sla.state]}`}>{slaText(sla)}</span>;
}
