import type { Deps } from '../../deps.ts';
import type { JobHandler, Schedule } from '../../jobs/queue.ts';
import * as repo from './repository.ts';

const BATCH = 1000;

/** Marks every open request past its due time as breached, recording it in each timeline. */
export async function markOverdueRequests(deps: Deps): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await repo.markBreached(deps.db, deps.clock.now(), BATCH);
    total += n;
    if (n < BATCH) return total;
  }
}

/** An Idempotency-Key protects a create for a day; a retry after that is a new request. */
export const IDEMPOTENCY_KEY_TTL_MS = 86_400_000;

/** Removes idempotency keys past their day. */
export async function pruneIdempotencyKeys(deps: Deps): Promise<number> {
  return repo.deleteIdempotencyKeysBefore(deps.db, new Date(deps.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS));
}

export const requestJobHandlers: Record<string, JobHandler> = {
  'requests.mark-overdue': async (deps) => {
    await markOverdueRequests(deps);
  },
  'requests.prune-idempotency-keys': async (deps) => {
    await pruneIdempotencyKeys(deps);
  },
};

export const requestSchedules: Schedule[] = [
  { name: 'requests.mark-overdue', everyMs: 60_000 },
  { name: 'requests.prune-idempotency-keys', everyMs: 3_600_000 },
];
