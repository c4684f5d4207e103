import type { Updateable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import type { ServiceRequestsTable } from '../../db/schema.ts';
import { AppError, ValidationError, conflict, type FieldProblem } from '../../lib/errors.ts';
import { normalizeEmail, normalizePhone, parseInput } from '../../lib/validate.ts';
import { getDepartment, getJurisdiction, getService } from '../catalog/service.ts';
import { assertVersion, cleanText, loadRequest, type RequestRef, type ServiceRequest } from './model.ts';
import * as repo from './repository.ts';
import { mergeSchema, noteSchema, supportSchema, transitionSchema, type MergeInput, type NoteInput, type SupportInput, type TransitionInput } from './schemas.ts';
import { computeDueAt, pauseDueAt } from './sla.ts';
import { enqueueNotifications, notifyRequestChange, requesterLocale } from '../notifications/index.ts';
import { smsItemsForRequestChange } from '../sms/delivery.ts';
import { assertTransition, isOpen } from './status.ts';

const NOTE_MAX = 4000;

/**
 * Work a caller adds to a change's own transaction (the HTTP layer writes the audit entry there, so
 * it is recorded exactly when the change is). It receives the transaction and the request as it was
 * before the change; it must use only `trx`.
 */
export type WithinChange = (trx: Db, before: ServiceRequest) => Promise<void>;

/** What e-mails about a request may carry (the notifications module adds nothing personal). */
const notice = (r: ServiceRequest) => ({ requestId: r.id, trackingNumber: r.trackingNumber, requesterEmail: r.requester?.email ?? null });

/** A text to a requester who reported by SMS, queued in the change's own transaction. */
async function notifyBySms(trx: Db, r: ServiceRequest, change: { kind: 'status' | 'note'; status: string; publicNote: string | null }, at: Date): Promise<void> {
  const items = await smsItemsForRequestChange(trx, { request: r, eventId: `v${r.version + 1}`, ...change });
  if (items.length) await enqueueNotifications(trx, items, at);
}

function notes(input: { publicNote?: string; internalNote?: string }, problems: FieldProblem[]) {
  return {
    publicNote: cleanText('publicNote', input.publicNote, NOTE_MAX, problems),
    internalNote: cleanText('internalNote', input.internalNote, NOTE_MAX, problems),
  };
}

async function idOf(deps: Deps, ref: RequestRef): Promise<number> {
  return typeof ref === 'number' ? ref : (await loadRequest(deps.db, ref)).id;
}

/** The calendar and SLA of a request's service: read before a transaction opens (see below). */
async function slaContext(deps: Deps, id: number) {
  const request = await loadRequest(deps.db, id);
  const jurisdiction = await getJurisdiction(deps, { id: request.jurisdictionId });
  const service = await getService(deps, request.jurisdictionId, request.serviceCode);
  return { calendar: jurisdiction.calendar, service };
}

/**
 * Moves a request to another status, if the status machine allows it and nobody changed the
 * request since `expectedVersion`; records the change, with its notes, in the timeline.
 */
export async function transitionServiceRequest(deps: Deps, input: TransitionInput, within?: WithinChange): Promise<ServiceRequest> {
  const t = parseInput(transitionSchema, input);
  const problems: FieldProblem[] = [];
  const { publicNote, internalNote } = notes(t, problems);
  if (problems.length) throw new ValidationError(problems);
  if (t.to === 'duplicate') {
    throw new AppError('use_merge', 422, 'To mark a request as a duplicate, merge it into the request it duplicates', { field: 'to' });
  }
  if (t.to === 'referred') {
    if (!t.referredTo) throw new ValidationError([{ field: 'referredTo', code: 'required', message: 'referredTo must name the agency the request is referred to' }]);
    await getDepartment(deps, t.referredTo).catch(() => {
      throw new ValidationError([{ field: 'referredTo', code: 'unknown_agency', message: `There is no department or agency ${JSON.stringify(t.referredTo)}` }]);
    });
  }
  const id = await idOf(deps, t.request);
  const now = deps.clock.now();
  // Catalog reads happen before the transaction: on PGlite the transaction holds the only connection.
  const sla = await slaContext(deps, id);
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockRequests(trx, [id]);
    const current = await loadRequest(trx, id);
    assertVersion(current, t.expectedVersion);
    assertTransition(current.status, t.to);
    const set: Updateable<ServiceRequestsTable> = { status: t.to, updated_at: now };
    if (current.firstResponseAt === null) set.first_response_at = now;
    if (t.to === 'resolved') set.resolved_at = now;
    if (isOpen(current.status) && !isOpen(t.to)) set.closed_at = now;
    if (t.to === 'referred') set.referred_to = t.referredTo;
    if (t.to === 'reopened') {
      Object.assign(set, { resolved_at: null, closed_at: null, breached_at: null, hold_started_at: null, due_at: computeDueAt(sla.calendar, sla.service, now) });
    }
    const data: Record<string, unknown> = t.referredTo ? { referred_to: t.referredTo } : {};
    if (t.to === 'on_hold') set.hold_started_at = now;
    if (current.status === 'on_hold' && current.holdStartedAt) {
      set.hold_started_at = null;
      const paused = pauseDueAt(sla.calendar, sla.service, current.dueAt, current.holdStartedAt, now);
      if (paused) {
        set.due_at = paused.dueAt;
        Object.assign(data, { sla_paused_ms: paused.pausedMs, due_at: paused.dueAt });
      }
    }
    await repo.updateRequestVersioned(trx, id, t.expectedVersion, set);
    await repo.insertEvents(trx, [
      {
        request_id: id,
        at: now,
        actor: t.actor,
        kind: 'status_changed',
        from_status: current.status,
        to_status: t.to,
        public_note: publicNote,
        internal_note: internalNote,
        data: JSON.stringify(data),
      },
    ]);
    await notifyRequestChange(trx, { request: notice(current), version: current.version + 1, kind: 'status', status: t.to, publicNote: publicNote ?? null, followers: await repo.selectFollowers(trx, id), at: now });
    await notifyBySms(trx, current, { kind: 'status', status: t.to, publicNote: publicNote ?? null }, now);
    await within?.(trx, current);
  });
  return loadRequest(deps.db, id);
}

/** Adds a public and/or internal note; a public note is the first response if none came before. */
export async function addNote(deps: Deps, input: NoteInput, within?: WithinChange): Promise<ServiceRequest> {
  const n = parseInput(noteSchema, input);
  const problems: FieldProblem[] = [];
  const { publicNote, internalNote } = notes(n, problems);
  if (!problems.length && !publicNote && !internalNote) {
    problems.push({ field: 'publicNote', code: 'required', message: 'A note needs text in publicNote or internalNote' });
  }
  if (problems.length) throw new ValidationError(problems);
  const id = await idOf(deps, n.request);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockRequests(trx, [id]);
    const current = await loadRequest(trx, id);
    assertVersion(current, n.expectedVersion);
    const set: Updateable<ServiceRequestsTable> = { updated_at: now };
    if (publicNote && current.firstResponseAt === null) set.first_response_at = now;
    await repo.updateRequestVersioned(trx, id, null, set);
    await repo.insertEvents(trx, [{ request_id: id, at: now, actor: n.actor, kind: 'note', public_note: publicNote, internal_note: internalNote, data: '{}' }]);
    if (publicNote) {
      await notifyRequestChange(trx, { request: notice(current), version: current.version + 1, kind: 'note', status: current.status, publicNote, followers: await repo.selectFollowers(trx, id), at: now });
      await notifyBySms(trx, current, { kind: 'note', status: current.status, publicNote }, now);
    }
    await within?.(trx, current);
  });
  return loadRequest(deps.db, id);
}

/**
 * "Me too": adds a supporter to an open request instead of a new, duplicate request. A resident's
 * support never bumps the version, so it cannot make a staff member's edit fail.
 */
export async function addSupport(deps: Deps, input: SupportInput, within?: WithinChange): Promise<ServiceRequest> {
  const s = parseInput(supportSchema, input);
  const problems: FieldProblem[] = [];
  const name = cleanText('supporter.name', s.supporter.name, 200, problems);
  const comment = cleanText('comment', s.comment, NOTE_MAX, problems);
  const email = s.supporter.email?.trim() ? normalizeEmail('supporter.email', s.supporter.email) : {};
  const phone = s.supporter.phone?.trim() ? normalizePhone('supporter.phone', s.supporter.phone) : {};
  for (const r of [email, phone]) if (r.problem) problems.push(r.problem);
  if (problems.length) throw new ValidationError(problems);
  const id = await idOf(deps, s.request);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockRequests(trx, [id]);
    const current = await loadRequest(trx, id);
    if (!isOpen(current.status)) {
      throw conflict('request_closed', `Request ${current.trackingNumber} is ${current.status}; support can only be added to an open request`);
    }
    if (current.confidential) throw new AppError('not_supportable', 422, 'Confidential requests do not take public support');
    if (email.value && (await repo.supporterEmailExists(trx, id, email.value))) {
      throw conflict('already_supported', `${email.value} already supports request ${current.trackingNumber}`, { field: 'supporter.email' });
    }
    const supporterId = await repo.insertSupporter(trx, { requestId: id, channel: s.channel, name, email: email.value ?? null, phone: phone.value ?? null, comment, at: now });
    await repo.incrementSupport(trx, id, now);
    await repo.insertEvents(trx, [{ request_id: id, at: now, actor: 'resident', kind: 'supported', data: JSON.stringify({ supporter_id: supporterId, channel: s.channel }) }]);
    await within?.(trx, current);
  });
  return loadRequest(deps.db, id);
}

/**
 * Merges a duplicate into the request it repeats: the child becomes `duplicate` of the parent, its
 * supporters, followers, requester and own duplicates move to the parent, and both timelines say so.
 */
export async function mergeServiceRequests(deps: Deps, input: MergeInput, within?: WithinChange): Promise<{ child: ServiceRequest; parent: ServiceRequest }> {
  const m = parseInput(mergeSchema, input);
  const problems: FieldProblem[] = [];
  const publicNote = cleanText('publicNote', m.publicNote, NOTE_MAX, problems);
  if (problems.length) throw new ValidationError(problems);
  const [childId, parentId] = [await idOf(deps, m.child), await idOf(deps, m.parent)];
  if (childId === parentId) throw new AppError('merge_into_itself', 422, 'A request cannot be merged into itself', { field: 'parent' });
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockRequests(trx, [childId, parentId]);
    const child = await loadRequest(trx, childId);
    const parent = await loadRequest(trx, parentId);
    assertVersion(child, m.expectedChildVersion);
    if (child.jurisdictionId !== parent.jurisdictionId) {
      throw new AppError('merge_across_jurisdictions', 422, 'Requests of different jurisdictions cannot be merged', { field: 'parent' });
    }
    if (parent.status === 'duplicate') {
      throw new AppError('parent_is_duplicate', 422, `${parent.trackingNumber} is itself a duplicate of ${parent.parentTrackingNumber}; merge into that one`, { field: 'parent' });
    }
    if (!isOpen(parent.status)) {
      throw conflict('parent_closed', `${parent.trackingNumber} is ${parent.status}; reopen it before merging into it`, { field: 'parent' });
    }
    assertTransition(child.status, 'duplicate');
    const set: Updateable<ServiceRequestsTable> = { status: 'duplicate', parent_id: parentId, updated_at: now, closed_at: now };
    if (child.firstResponseAt === null) set.first_response_at = now;
    await repo.updateRequestVersioned(trx, childId, null, set);
    const movedChildren = await repo.repointChildren(trx, childId, parentId, now);
    const r = child.requester;
    await repo.insertSupporter(trx, { requestId: parentId, channel: child.channel, name: r?.name ?? null, email: r?.email ?? null, phone: r?.phone ?? null, comment: null, at: now });
    await repo.moveSupporters(trx, childId, parentId, now);
    const childFollowers = await repo.selectFollowers(trx, childId);
    if (r?.email || r?.phone) await repo.insertFollower(trx, { requestId: parentId, email: r.email, phone: r.phone, locale: r.email ? await requesterLocale(trx, childId, r.email) : 'en', at: now });
    await repo.moveFollowers(trx, childId, parentId);
    await repo.updateRequestVersioned(trx, parentId, null, { updated_at: now });
    await repo.insertEvents(trx, [
      {
        request_id: childId,
        at: now,
        actor: m.actor,
        kind: 'merged_into',
        from_status: child.status,
        to_status: 'duplicate',
        public_note: publicNote ?? `Merged into ${parent.trackingNumber}, which reports the same problem`,
        data: JSON.stringify({ parent_id: parentId, parent_tracking_number: parent.trackingNumber }),
      },
      {
        request_id: parentId,
        at: now,
        actor: m.actor,
        kind: 'merged',
        data: JSON.stringify({ child_id: childId, child_tracking_number: child.trackingNumber, moved_children: movedChildren }),
      },
    ]);
    await notifyRequestChange(trx, {
      request: notice(child),
      version: child.version + 1,
      kind: 'status',
      status: 'duplicate',
      publicNote,
      mergedInto: parent.trackingNumber,
      followers: childFollowers,
      at: now,
    });
    await within?.(trx, child);
  });
  return { child: await loadRequest(deps.db, childId), parent: await loadRequest(deps.db, parentId) };
}
