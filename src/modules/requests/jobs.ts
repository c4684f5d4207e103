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

export const requestJobHandlers: Record<string, JobHandler> = {
  'requests.mark-overdue': async (deps) => {
    await markOverdueRequests(deps);
  },
};

export const requestSchedules: Schedule[] = [{ name: 'requests.mark-overdue', everyMs: 60_000 }];
