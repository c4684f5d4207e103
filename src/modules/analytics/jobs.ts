import type { JobHandler, Schedule } from '../../jobs/queue.ts';
import { refreshRollups } from './rollup.ts';

/** The worker keeps the rollups current: every 15 s, so a figure is never a minute old. */
export const analyticsJobHandlers: Record<string, JobHandler> = {
  'analytics.refresh': async (deps) => {
    await refreshRollups(deps);
  },
};

export const analyticsSchedules: Schedule[] = [{ name: 'analytics.refresh', everyMs: 15_000 }];
