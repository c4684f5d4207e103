import { isOpen, type Status } from './status.ts';

/** A request's SLA clock, shared by the queue API and the console (pure: no database, no clock of its own). */

const DUE_SOON_MS = 4 * 3_600_000;

export type SlaState = 'none' | 'on_time' | 'due_soon' | 'overdue' | 'paused' | 'closed';
export interface SlaClock {
  dueAt: Date | null;
  secondsLeft: number | null;
  breached: boolean;
  state: SlaState;
}

/**
 * The clock at `now`: when the request is due, seconds left (negative once overdue), and a state the
 * console puts in words. On hold stops the clock; a closed request's clock is over.
 */
export function slaClock(r: { status: Status; dueAt: Date | null; breachedAt: Date | null }, now: Date): SlaClock {
  const secondsLeft = r.dueAt ? Math.round((r.dueAt.getTime() - now.getTime()) / 1000) : null;
  const breached = r.breachedAt !== null || (isOpen(r.status) && r.status !== 'on_hold' && secondsLeft !== null && secondsLeft < 0);
  let state: SlaState;
  if (!isOpen(r.status)) state = 'closed';
  else if (r.status === 'on_hold') state = 'paused';
  else if (secondsLeft === null) state = 'none';
  else if (breached) state = 'overdue';
  else state = secondsLeft * 1000 <= DUE_SOON_MS ? 'due_soon' : 'on_time';
  return { dueAt: r.dueAt, secondsLeft, breached, state };
}
