import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { loadRequest, type RequestRef } from './model.ts';
import * as repo from './repository.ts';
import { open311Status, type Status } from './status.ts';

/** A request as its own requester (or a follower) sees it in "my requests". */
export interface ResidentRequestSummary {
  trackingNumber: string;
  serviceCode: string;
  status: Status;
  open311Status: 'open' | 'closed';
  description: string;
  address: string | null;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  /** mine = made with this address; following = followed only. */
  relation: 'mine' | 'following';
}

const MAX_LISTED = 200;

/**
 * The requests made with an e-mail address, and those it follows, newest first. Only for an
 * address its owner has proved (a resident signed in by a link sent to it).
 */
export async function listRequestsOfEmail({ db }: Deps, email: string): Promise<ResidentRequestSummary[]> {
  const { rows } = await sql<{
    tracking_number: string; service_code: string; status: Status; description: string; address: string | null;
    created_at: Date; updated_at: Date; due_at: Date | null; mine: boolean;
  }>`
    SELECT sr.tracking_number, s.service_code, sr.status, sr.description, sr.address, sr.created_at, sr.updated_at, sr.due_at,
           lower(sr.requester_email) = lower(${email}) AS mine
      FROM service_requests sr JOIN services s ON s.id = sr.service_id
     WHERE lower(sr.requester_email) = lower(${email})
        OR sr.id IN (SELECT request_id FROM request_followers WHERE lower(email) = lower(${email}))
     ORDER BY sr.created_at DESC, sr.id DESC
     LIMIT ${MAX_LISTED}`.execute(db);
  return rows.map((r) => ({
    trackingNumber: r.tracking_number,
    serviceCode: r.service_code,
    status: r.status,
    open311Status: open311Status(r.status),
    description: r.description,
    address: r.address,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dueAt: r.due_at,
    relation: r.mine ? 'mine' : 'following',
  }));
}

/**
 * Follows a request by e-mail (updates as it progresses). Anyone may follow a public request; a
 * confidential one only its own requester — to everyone else it does not exist.
 */
export async function followRequest(deps: Deps, ref: RequestRef, follower: { email: string; locale: string }): Promise<void> {
  const request = await loadRequest(deps.db, ref);
  const own = request.requester?.email?.toLowerCase() === follower.email.toLowerCase();
  if (request.confidential && !own) throw new AppError('not_found', 404, `Service request ${JSON.stringify(String(ref))} was not found`);
  await repo.insertFollower(deps.db, { requestId: request.id, email: follower.email, phone: null, locale: follower.locale, at: deps.clock.now() });
}

/** Stops following a request by e-mail (nothing happens if the address did not follow it). */
export async function unfollowRequest(deps: Deps, ref: RequestRef, email: string): Promise<void> {
  const request = await loadRequest(deps.db, ref);
  await deps.db.deleteFrom('request_followers').where('request_id', '=', request.id).where(sql`lower(email)`, '=', email.toLowerCase()).execute();
}
