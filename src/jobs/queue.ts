import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import type { JobRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import * as repo from './repository.ts';

/**
 * The durable job queue. Jobs are rows in the application's own database, so a job is enqueued in
 * the same transaction as the change that causes it (the outbox pattern): a committed change never
 * misses its job, and a rolled-back one never runs it.
 */

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  /** A job with the same key is enqueued once only (scheduled ticks, one notification per event). */
  dedupeKey?: string;
}

/** Adds a job; pass a transaction as `db` to tie it to that transaction. Null if the dedupe key was taken. */
export function enqueue(db: Db, now: Date, name: string, payload: Record<string, unknown> = {}, options: EnqueueOptions = {}): Promise<number | null> {
  return repo.insertJob(db, { name, payload, runAt: options.runAt ?? now, maxAttempts: options.maxAttempts ?? 5, dedupeKey: options.dedupeKey ?? null, now });
}

export type JobHandler = (deps: Deps, payload: Record<string, unknown>, job: JobRow) => Promise<void>;

/** A job that runs on its own every `everyMs`. */
export interface Schedule {
  name: string;
  everyMs: number;
}

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  schedules?: Schedule[];
  pollMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** Retry delay after the n-th failed attempt (default 2^n × 5 s, at most an hour). */
  backoffMs?: (attempt: number) => number;
  log?: { error(obj: object, msg: string): void; info?(obj: object, msg: string): void };
}

const defaultBackoff = (attempt: number): number => Math.min(3_600_000, 5_000 * 2 ** (attempt - 1));

/**
 * Claims and runs jobs. Several workers, in one process or many, share one queue safely. `runOnce`
 * drives it by hand (tests, the CLI); `start` polls until `stop`.
 */
export class Worker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  readonly #options: Required<Omit<WorkerOptions, 'log'>> & Pick<WorkerOptions, 'log'>;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = true;

  constructor(private readonly deps: Deps, options: WorkerOptions) {
    this.#options = { schedules: [], pollMs: 1000, leaseMs: 60_000, batchSize: 10, backoffMs: defaultBackoff, ...options };
  }

  /** Enqueues each schedule's job for the current period, once however many workers do it. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    for (const s of this.#options.schedules) {
      const slot = Math.floor(now.getTime() / s.everyMs) * s.everyMs;
      await enqueue(this.deps.db, now, s.name, { slot: new Date(slot).toISOString() }, { dedupeKey: `${s.name}@${new Date(slot).toISOString()}`, maxAttempts: 1 });
    }
  }

  /** Claims one batch of due jobs and runs them; returns how many ran. */
  async runOnce(): Promise<number> {
    const { handlers, leaseMs, batchSize, backoffMs, log } = this.#options;
    const now = this.deps.clock.now();
    const jobs = await repo.claimJobs(this.deps.db, { names: Object.keys(handlers), now, leaseMs, workerId: this.id, limit: batchSize });
    for (const job of jobs) {
      const handler = handlers[job.name];
      try {
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(this.deps, job.payload, job);
        await repo.completeJob(this.deps.db, job.id, this.id, this.deps.clock.now());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const at = this.deps.clock.now();
        const outcome = await repo.failJob(this.deps.db, job, this.id, message, new Date(at.getTime() + backoffMs(job.attempts)), at);
        log?.error({ job: job.id, name: job.name, attempt: job.attempts, outcome, err: message }, 'job failed');
      }
    }
    return jobs.length;
  }

  /** Polls for work until stopped; errors (a database restart, say) are logged and polling goes on. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const loop = async (): Promise<void> => {
      if (this.#stopped) return;
      this.#running = (async () => {
        try {
          await this.tick();
          while (!this.#stopped && (await this.runOnce()) === this.#options.batchSize);
        } catch (error) {
          this.#options.log?.error({ err: error instanceof Error ? error.message : String(error) }, 'job worker poll failed');
        }
      })();
      await this.#running;
      if (!this.#stopped) this.#timer = setTimeout(loop, this.#options.pollMs);
    };
    void loop();
  }

  /** Stops polling and waits for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}

export { pruneFinished, selectJobs as listJobs } from './repository.ts';

const DAY_MS = 86_400_000;
/** Finished jobs are kept a week (to look into), then removed; dead letters stay until an administrator acts. */
export const KEEP_FINISHED_JOBS_MS = 7 * DAY_MS;

/** The queue's own housekeeping, scheduled like any job. */
export const queueJobHandlers: Record<string, JobHandler> = {
  'jobs.prune-finished': async (deps) => {
    await repo.pruneFinished(deps.db, new Date(deps.clock.now().getTime() - KEEP_FINISHED_JOBS_MS));
  },
};
export const queueSchedules: Schedule[] = [{ name: 'jobs.prune-finished', everyMs: 3_600_000 }];
