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
  const rows = await repo.selectRequestsOfEmail(db, email, MAX_LISTED);
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
  await repo.deleteFollower(deps.db, request.id, email);
}
