import { AppError } from '../../lib/errors.ts';

/** The detailed lifecycle of a service request. */
export const STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'on_hold',
  'resolved',
  'closed',
  'cancelled',
  'duplicate',
  'referred',
  'reopened',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which someone still owes the resident work; Open311 calls them `open`. */
export const OPEN_STATUSES: readonly Status[] = ['new', 'acknowledged', 'in_progress', 'on_hold', 'reopened'];

const WORKING: Status[] = ['acknowledged', 'in_progress', 'on_hold', 'resolved', 'cancelled', 'duplicate', 'referred'];

/** Which status may follow which. `duplicate` is reached only by a merge, `referred` only with an agency. */
const NEXT: Record<Status, readonly Status[]> = {
  new: WORKING,
  acknowledged: WORKING.filter((s) => s !== 'acknowledged'),
  in_progress: ['on_hold', 'resolved', 'cancelled', 'duplicate', 'referred'],
  on_hold: ['in_progress', 'resolved', 'cancelled', 'duplicate', 'referred'],
  reopened: WORKING,
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  cancelled: ['reopened'],
  referred: ['reopened'],
  duplicate: [],
};

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** Whether the request is still open (Open311 `open`) in this status. */
export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}

/** Open311 GeoReport v2 has two statuses; every detailed status maps to one of them. */
export function open311Status(status: Status): 'open' | 'closed' {
  return isOpen(status) ? 'open' : 'closed';
}

/** The statuses a request may move to from `from`. */
export function allowedTransitions(from: Status): readonly Status[] {
  return NEXT[from];
}

/** Refuses an illegal move with an error that says which moves are allowed. */
export function assertTransition(from: Status, to: Status): void {
  if (from === to) {
    throw new AppError('illegal_transition', 409, `The request is already ${from}`, { field: 'status', from, to });
  }
  if (!NEXT[from].includes(to)) {
    const allowed = NEXT[from];
    throw new AppError(
      'illegal_transition',
      409,
      `A request that is ${from} cannot become ${to}; ` +
        (allowed.length ? `it can become: ${allowed.join(', ')}` : 'it cannot change status any more'),
      { field: 'status', from, to, allowed },
    );
  }
}
