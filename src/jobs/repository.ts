import { sql } from 'kysely';
import type { Db } from '../db/client.ts';
import type { JobRow } from '../db/schema.ts';

/** Job-queue SQL. */

export async function insertJob(
  db: Db,
  job: { name: string; payload: Record<string, unknown>; runAt: Date; maxAttempts: number; dedupeKey: string | null; now: Date },
): Promise<number | null> {
  const row = await db
    .insertInto('jobs')
    .values({
      name: job.name,
      payload: JSON.stringify(job.payload),
      run_at: job.runAt,
      max_attempts: job.maxAttempts,
      dedupe_key: job.dedupeKey,
      created_at: job.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Claims up to `limit` due jobs for this worker: pending ones whose time has come, and running ones
 * whose lease ran out (their worker died). SKIP LOCKED lets several workers claim side by side.
 */
export async function claimJobs(db: Db, q: { names: string[]; now: Date; leaseMs: number; workerId: string; limit: number }): Promise<JobRow[]> {
  if (!q.names.length) return [];
  const leaseUntil = new Date(q.now.getTime() + q.leaseMs);
  const { rows } = await sql<JobRow>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_until = ${leaseUntil}, locked_by = ${q.workerId}
     WHERE id IN (
       SELECT id FROM jobs
        WHERE name IN (${sql.join(q.names)})
          AND ((status = 'pending' AND run_at <= ${q.now}) OR (status = 'running' AND locked_until < ${q.now}))
        ORDER BY run_at, id
        LIMIT ${q.limit}
        FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(db);
  return rows;
}

export async function completeJob(db: Db, id: number, workerId: string, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: now, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Puts a failed job back for a later try, or into the dead-letter state once its attempts are used up. */
export async function failJob(db: Db, job: JobRow, workerId: string, error: string, retryAt: Date, now: Date): Promise<'retry' | 'failed'> {
  const final = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set(
      final
        ? { status: 'failed', finished_at: now, locked_until: null, last_error: error }
        : { status: 'pending', run_at: retryAt, locked_until: null, last_error: error },
    )
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return final ? 'failed' : 'retry';
}

/** Removes finished jobs older than `before` so the table stays small. */
export async function pruneFinished(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('jobs').where('status', 'in', ['done']).where('finished_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function selectJobs(db: Db, where: { status?: JobRow['status']; name?: string }) {
  let q = db.selectFrom('jobs').selectAll();
  if (where.status) q = q.where('status', '=', where.status);
  if (where.name) q = q.where('name', '=', where.name);
  return q.orderBy('id').execute();
}
