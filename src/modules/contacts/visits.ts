import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { closeContact } from './contacts.ts';
import * as repo from './repository.ts';
import type { VisitRow } from './repository.ts';
import { visitSignInSchema, visitSignOutSchema } from './schemas.ts';

/** A visit with its contact's outcome (null while the contact is open). */
export interface VisitView extends VisitRow {
  outcome: string | null;
}

const withOutcome = async (deps: Deps, v: VisitRow): Promise<VisitView> => ({ ...v, outcome: (await repo.selectContact(deps.db, v.contact_id))?.outcome ?? null });

/**
 * Signs a visitor in at the walk-in desk: a visit row (name, purpose, host, badge) and its walk_in
 * contact, opened by the agent, in one transaction. 409 badge_in_use when someone still in the
 * building wears that badge.
 */
export async function signInVisitor(deps: Deps, input: unknown, agentId: number | null, audit: AuditContext): Promise<VisitView> {
  const v = parseInput(visitSignInSchema, input);
  const jurisdiction = await getJurisdiction(deps);
  if (v.customerId !== undefined && !(await repo.selectCustomer(deps.db, v.customerId))) {
    throw new AppError('validation_failed', 400, `body.customerId: customer ${v.customerId} does not exist`, { field: 'body.customerId' });
  }
  const badge = v.badgeNumber ?? null;
  if (badge && (await repo.badgeInUse(deps.db, badge))) throw conflict('badge_in_use', `Badge ${badge} is worn by a visitor who has not signed out`, { field: 'body.badgeNumber' });
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const contact = await repo.insertContact(trx, {
        jurisdiction_id: jurisdiction.id,
        channel: 'walk_in',
        direction: 'inbound',
        started_at: now,
        agent_id: agentId,
        language: v.language ?? null,
        customer_id: v.customerId ?? null,
        notes: `Visit: ${v.purpose}`,
        created_at: now,
        updated_at: now,
      });
      const visit = await repo.insertVisit(trx, { contact_id: contact!.id, visitor_name: v.visitorName, purpose: v.purpose, host: v.host, badge_number: badge, signed_in_at: now });
      await recordAudit(trx, { ...audit, at: now, action: 'visit.signed_in', target: { kind: 'visit', id: visit.id }, data: { contact_id: contact!.id, badge_number: badge } });
      return { ...visit, outcome: null };
    });
  } catch (error) {
    // Two desks handing out the same badge at once: the unique index decides.
    if (badge && /visits_badge_in_use|duplicate key/.test(String((error as Error).message))) throw conflict('badge_in_use', `Badge ${badge} is worn by a visitor who has not signed out`, { field: 'body.badgeNumber' });
    throw error;
  }
}

/** Signs a visitor out and closes the visit's contact if it is still open (answered unless told otherwise). */
export async function signOutVisitor(deps: Deps, id: number, input: unknown, audit: AuditContext): Promise<VisitView> {
  const s = parseInput(visitSignOutSchema, input);
  const before = await repo.selectVisit(deps.db, id);
  if (!before) throw notFound('Visit', id);
  const now = deps.clock.now();
  const visit = await deps.db.transaction().execute(async (trx) => {
    const out = await repo.signOutVisit(trx, id, now);
    if (!out) throw conflict('already_signed_out', `Visit ${id} was signed out at ${before.signed_out_at?.toISOString()}`);
    await recordAudit(trx, { ...audit, at: now, action: 'visit.signed_out', target: { kind: 'visit', id }, data: { contact_id: out.contact_id } });
    return out;
  });
  const contact = await repo.selectContact(deps.db, visit.contact_id);
  if (contact && contact.outcome === null) await closeContact(deps, contact.id, { outcome: s.outcome ?? 'answered', ...(s.notes !== undefined ? { notes: s.notes } : {}) }, audit);
  return withOutcome(deps, visit);
}

/** Today's visitors (signed in since midnight in the jurisdiction's zone, or still in the building), or only those in the building. */
export async function listVisits(deps: Deps, scope: 'today' | 'in_building'): Promise<VisitView[]> {
  const since = scope === 'today' ? await repo.startOfLocalDay(deps.db, deps.clock.now(), (await getJurisdiction(deps)).timeZone) : null;
  const rows = await repo.listVisits(deps.db, since);
  const outcomes = new Map((await repo.selectContactOutcomes(deps.db, rows.map((r) => r.contact_id))).map((c) => [c.id, c.outcome]));
  return rows.map((r) => ({ ...r, outcome: outcomes.get(r.contact_id) ?? null }));
}
