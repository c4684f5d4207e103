import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getDepartment, getJurisdiction, listDistricts, locatePoint } from '../catalog/service.ts';
import { getUser } from '../identity/index.ts';
import { getServiceRequest } from '../requests/index.ts';
import { findOrCreateCustomer } from './customers.ts';
import { normalizeCustomerPhone } from './normalize.ts';
import * as repo from './repository.ts';
import type { ContactFilters, ContactRow } from './repository.ts';
import { closeSchema, contactCreateSchema, contactPatchSchema, maxTranscriptBytes, type CloseInput, type ContactCreate } from './schemas.ts';
import type { ContactOutcome, TopicKind } from './tables.ts';

/** A contact with what it was about and the requests it created or supported. */
export interface ContactView {
  row: ContactRow;
  topics: Array<{ kind: TopicKind; ref: string }>;
  requestIds: number[];
}

/** Outcomes in which the caller's need was met in this contact. */
const MET = new Set<ContactOutcome>(['answered', 'request_created', 'referred']);

const bad = (field: string, message: string) => new AppError('validation_failed', 400, message, { field });

/** Whether the referenced thing exists, as a 400 naming the field when it does not. */
async function mustExist(field: string, check: () => Promise<unknown>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw bad(field, `${field}: ${error.message}`);
    throw error;
  }
}

async function requestIdsOf(deps: Deps, refs: Array<number | string>, field: string): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) {
    try {
      ids.push((await getServiceRequest(deps, ref)).id);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) throw bad(field, `${field}: service request ${JSON.stringify(String(ref))} does not exist`);
      throw error;
    }
  }
  return [...new Set(ids)];
}

async function view(deps: Deps, row: ContactRow): Promise<ContactView> {
  const links = await repo.selectLinks(deps.db, [row.id]);
  return { row, topics: links.topics.map((t) => ({ kind: t.kind, ref: t.ref })), requestIds: links.requests.map((r) => r.request_id) };
}

/** What closing sets: outcome, first-contact resolution by the definition in fcr.ts, end and handle time. */
async function closingValues(deps: Deps, row: Pick<ContactRow, 'started_at'>, input: CloseInput, prefix: string) {
  const c = parseInput(closeSchema, input);
  const met = MET.has(c.outcome);
  if (c.resolvedFirstContact === true && !met) throw bad(`${prefix}resolvedFirstContact`, `${prefix}resolvedFirstContact: a contact ${c.outcome} was not resolved at first contact`);
  if (c.outcome === 'referred' && !c.referredAgencyId) throw bad(`${prefix}referredAgencyId`, `${prefix}referredAgencyId: say which agency the caller was referred to`);
  if (c.outcome === 'transferred' && !c.transferredDepartmentId) throw bad(`${prefix}transferredDepartmentId`, `${prefix}transferredDepartmentId: say which department took the transfer`);
  if (c.referredAgencyId && c.outcome !== 'referred') throw bad(`${prefix}referredAgencyId`, `${prefix}referredAgencyId: only for the outcome referred`);
  if (c.transferredDepartmentId && c.outcome !== 'transferred') throw bad(`${prefix}transferredDepartmentId`, `${prefix}transferredDepartmentId: only for the outcome transferred`);
  if (c.referredAgencyId) await mustExist(`${prefix}referredAgencyId`, () => getDepartment(deps, c.referredAgencyId!));
  if (c.transferredDepartmentId) await mustExist(`${prefix}transferredDepartmentId`, () => getDepartment(deps, c.transferredDepartmentId!));
  const ended = c.endedAt ? new Date(c.endedAt) : deps.clock.now();
  if (ended < row.started_at) throw bad(`${prefix}endedAt`, `${prefix}endedAt: a contact cannot end before it started (${row.started_at.toISOString()})`);
  return {
    expectedVersion: c.expectedVersion ?? null,
    notes: c.notes,
    values: {
      outcome: c.outcome,
      resolved_first_contact: met ? c.resolvedFirstContact !== false : false,
      referred_agency_id: c.referredAgencyId ?? null,
      transferred_department_id: c.transferredDepartmentId ?? null,
      ended_at: ended,
      handle_seconds: Math.round((ended.getTime() - row.started_at.getTime()) / 1000),
    },
  };
}

/**
 * Logs a contact (open, or closed at once with `close`). With `source` and `sourceRef` it is
 * idempotent: a channel logging the same message again gets the first contact back (`created:
 * false`). `customer` finds or creates the profile by phone or e-mail. Audited as contact.logged.
 */
export async function logContact(deps: Deps, input: ContactCreate, audit: AuditContext): Promise<{ contact: ContactView; created: boolean }> {
  const c = parseInput(contactCreateSchema, input);
  const agentId = c.agentId ?? null;
  if (c.source && c.sourceRef) {
    const seen = await repo.selectContactBySource(deps.db, c.source, c.sourceRef);
    if (seen) return { contact: await view(deps, seen), created: false };
  }
  if (c.transcript !== undefined && JSON.stringify(c.transcript).length > maxTranscriptBytes) throw bad('body.transcript', `body.transcript: at most ${maxTranscriptBytes} characters of JSON`);
  const jurisdiction = await getJurisdiction(deps, c.jurisdictionId ? { id: c.jurisdictionId } : {});
  if (agentId !== null) await mustExist('body.agentId', () => getUser(deps, agentId));
  let customerId = c.customerId ?? null;
  if (customerId !== null) {
    const found = await repo.selectCustomer(deps.db, customerId);
    if (!found) throw bad('body.customerId', `body.customerId: customer ${customerId} does not exist`);
    customerId = found.merged_into_id ?? found.id;
  } else if (c.customer) customerId = (await findOrCreateCustomer(deps, c.customer, audit)).customer.id;
  let districtId = c.districtId ?? null;
  if (districtId === null && c.location) districtId = (await locatePoint(deps, jurisdiction.id, c.location.long, c.location.lat)).districtIds[0] ?? null;
  else if (districtId !== null && !(await listDistricts(deps, jurisdiction.id)).some((d) => d.id === districtId)) throw bad('body.districtId', `body.districtId: district ${JSON.stringify(districtId)} does not exist`);
  const requestIds = await requestIdsOf(deps, c.requests, 'body.requests');
  const now = deps.clock.now();
  const startedAt = c.startedAt ? new Date(c.startedAt) : now;
  if (startedAt.getTime() > now.getTime() + 60_000) throw bad('body.startedAt', 'body.startedAt: a contact cannot start in the future');
  const closing = c.close ? await closingValues(deps, { started_at: startedAt }, c.close, 'body.close.') : null;
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await repo.insertContact(trx, {
      jurisdiction_id: jurisdiction.id,
      channel: c.channel,
      direction: c.direction,
      started_at: startedAt,
      wait_seconds: c.waitSeconds ?? null,
      handle_seconds: c.handleSeconds ?? null,
      agent_id: agentId,
      language: c.language ?? null,
      interpreter_used: c.interpreterUsed,
      customer_id: customerId,
      district_id: districtId,
      notes: closing?.notes ?? c.notes ?? null,
      source: c.source ?? null,
      source_ref: c.sourceRef ?? null,
      transcript: c.transcript === undefined ? null : JSON.stringify(c.transcript),
      ...(closing ? { ...closing.values, ...(c.handleSeconds !== undefined ? { handle_seconds: c.handleSeconds } : {}) } : {}),
      created_at: now,
      updated_at: now,
    });
    if (!row) return null;
    await repo.insertTopics(trx, row.id, c.topics);
    await repo.insertContactRequests(trx, row.id, requestIds);
    await recordAudit(trx, { ...audit, at: now, action: 'contact.logged', target: { kind: 'contact', id: row.id }, data: { channel: row.channel, outcome: row.outcome, source: row.source } });
    return row;
  });
  if (!result) {
    // Logged at the same moment by another delivery of the same message.
    const seen = await repo.selectContactBySource(deps.db, c.source!, c.sourceRef!);
    return { contact: await view(deps, seen!), created: false };
  }
  return { contact: await view(deps, result), created: true };
}

/** One contact with its topics and requests, or 404. */
export async function getContact(deps: Deps, id: number): Promise<ContactView> {
  const row = await repo.selectContact(deps.db, id);
  if (!row) throw notFound('Contact', id);
  return view(deps, row);
}

/** Changes a contact: language, interpreter, customer, notes; adds topics and linked requests. Audited. */
export async function updateContact(deps: Deps, id: number, input: unknown, audit: AuditContext): Promise<ContactView> {
  const p = parseInput(contactPatchSchema, input);
  const before = await repo.selectContact(deps.db, id);
  if (!before) throw notFound('Contact', id);
  let customerId = p.customerId;
  if (customerId !== undefined && customerId !== null) {
    const found = await repo.selectCustomer(deps.db, customerId);
    if (!found) throw bad('body.customerId', `body.customerId: customer ${customerId} does not exist`);
    customerId = found.merged_into_id ?? found.id;
  }
  if (p.agentId !== undefined) await mustExist('body.agentId', () => getUser(deps, p.agentId!));
  const requestIds = await requestIdsOf(deps, p.addRequests ?? [], 'body.addRequests');
  const now = deps.clock.now();
  const values = {
    ...(p.agentId !== undefined ? { agent_id: p.agentId } : {}),
    ...(p.language !== undefined ? { language: p.language } : {}),
    ...(p.interpreterUsed !== undefined ? { interpreter_used: p.interpreterUsed } : {}),
    ...(customerId !== undefined ? { customer_id: customerId } : {}),
    ...(p.waitSeconds !== undefined ? { wait_seconds: p.waitSeconds } : {}),
    ...(p.notes !== undefined ? { notes: p.notes } : {}),
    updated_at: now,
  };
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await repo.updateContact(trx, id, p.expectedVersion ?? null, values);
    if (!updated) throw conflict('stale_version', `Contact ${id} was changed by someone else (now version ${before.version}); reload and try again`, { currentVersion: before.version });
    await repo.insertTopics(trx, id, p.addTopics ?? []);
    await repo.insertContactRequests(trx, id, requestIds);
    await recordAudit(trx, { ...audit, at: now, action: 'contact.updated', target: { kind: 'contact', id }, data: { fields: Object.keys(p).filter((k) => k !== 'expectedVersion') } });
    return updated;
  });
  return view(deps, row);
}

/**
 * Closes an open contact with its outcome. First-contact resolution defaults from the outcome (see
 * fcr.ts); the agent may only say a met need was not resolved. 409 contact_closed if it was closed.
 */
export async function closeContact(deps: Deps, id: number, input: CloseInput, audit: AuditContext): Promise<ContactView> {
  const before = await repo.selectContact(deps.db, id);
  if (!before) throw notFound('Contact', id);
  if (before.outcome !== null) throw conflict('contact_closed', `Contact ${id} was already closed (${before.outcome})`);
  const closing = await closingValues(deps, before, input, 'body.');
  const now = deps.clock.now();
  const row = await deps.db.transaction().execute(async (trx) => {
    const updated = await repo.updateContact(trx, id, closing.expectedVersion, { ...closing.values, ...(closing.notes !== undefined ? { notes: closing.notes } : {}), updated_at: now }, true);
    if (!updated) throw conflict('contact_closed', `Contact ${id} was closed or changed by someone else; reload it`);
    await recordAudit(trx, { ...audit, at: now, action: 'contact.closed', target: { kind: 'contact', id }, data: { outcome: updated.outcome, resolved_first_contact: updated.resolved_first_contact } });
    return updated;
  });
  return view(deps, row);
}

/** Contacts, newest first, filtered; with their topics and linked requests. */
export async function listContacts(deps: Deps, filters: ContactFilters): Promise<{ contacts: ContactView[]; total: number }> {
  const { rows, total } = await repo.listContacts(deps.db, filters);
  const links = await repo.selectLinks(deps.db, rows.map((r) => r.id));
  const contacts = rows.map((row) => ({
    row,
    topics: links.topics.filter((t) => t.contact_id === row.id).map((t) => ({ kind: t.kind, ref: t.ref })),
    requestIds: links.requests.filter((r) => r.contact_id === row.id).map((r) => r.request_id),
  }));
  return { contacts, total };
}

/**
 * A request a channel made for its contact on its own (the SMS dialogue): links it to the latest
 * contact from `source` since `since` whose customer has this phone, and closes that contact as
 * request_created if it is still open. Returns the contact id, or null when there is none.
 */
export async function recordChannelRequest(deps: Deps, where: { source: string; phone: string; since: Date }, requestId: number, audit: AuditContext): Promise<number | null> {
  const phone = normalizeCustomerPhone(where.phone);
  if (!phone) return null;
  const contact = await repo.selectRecentContactOfPhone(deps.db, where.source, phone, where.since);
  if (!contact) return null;
  await repo.insertContactRequests(deps.db, contact.id, [requestId]);
  if (contact.outcome === null) await closeContact(deps, contact.id, { outcome: 'request_created' }, audit);
  return contact.id;
}
