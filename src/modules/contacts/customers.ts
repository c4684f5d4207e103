import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { AppError, conflict, notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getJurisdiction, locatePoint } from '../catalog/service.ts';
import { customerSearchText, foldForSearch, queryKind } from './normalize.ts';
import * as repo from './repository.ts';
import type { CustomerRow } from './repository.ts';
import { customerCreateSchema, customerPatchSchema, findOrCreateSchema, type CustomerCreate, type CustomerPatch, type FindOrCreateInput } from './schemas.ts';

const FIELD_COLUMNS = {
  name: 'name',
  address: 'address',
  preferredLanguage: 'preferred_language',
  accessibilityNeeds: 'accessibility_needs',
  consentToContact: 'consent_to_contact',
  notes: 'notes',
  phones: 'phones',
  emails: 'emails',
} as const;

/** The district that contains the point, in the default jurisdiction; null outside every district. */
async function districtAt(deps: Deps, location: { lat: number; long: number } | null | undefined): Promise<string | null> {
  if (!location) return null;
  const jurisdiction = await getJurisdiction(deps);
  const place = await locatePoint(deps, jurisdiction.id, location.long, location.lat);
  return place.districtIds[0] ?? null;
}

const pointOf = (l: { lat: number; long: number } | null | undefined) => (l ? `(${l.long},${l.lat})` : null);
const keysOf = (c: { name: string | null; phones: string[]; emails: string[] }) => ({ name_key: foldForSearch(c.name ?? ''), search_text: customerSearchText(c) });

/** Serialises finding-or-creating by the same identifiers (so two calls at once make one profile). */
async function lockIdentifiers(trx: Db, identifiers: string[]): Promise<void> {
  for (const id of [...new Set(identifiers)].sort()) await sql`SELECT pg_advisory_xact_lock(hashtext(${`customer:${id}`}))`.execute(trx);
}

/** 409 when another profile already has one of these phones or e-mail addresses. */
async function assertIdentifiersFree(db: Db, phones: string[], emails: string[], self: number | null): Promise<void> {
  const other = (await repo.selectCustomersByIdentifiers(db, phones, emails)).find((c) => c.id !== self);
  if (other) {
    const field = other.phones.some((p) => phones.includes(p)) ? 'phones' : 'emails';
    throw conflict('duplicate_customer', `Customer ${other.id} already has this ${field === 'phones' ? 'phone number' : 'e-mail address'}: use that profile, or merge the two`, { field: `body.${field}`, customerId: other.id });
  }
}

const audited = (db: Db, audit: AuditContext, at: Date, action: string, id: number, data: Record<string, unknown> = {}) =>
  recordAudit(db, { ...audit, at, action, target: { kind: 'customer', id }, data });

/** Creates a customer profile; 409 duplicate_customer when its phone or e-mail belongs to another. */
export async function createCustomer(deps: Deps, input: unknown, audit: AuditContext): Promise<CustomerRow> {
  const c: CustomerCreate = parseInput(customerCreateSchema, input);
  const phones = c.phones ?? [];
  const emails = c.emails ?? [];
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockIdentifiers(trx, [...phones, ...emails]);
    await assertIdentifiersFree(trx, phones, emails, null);
    const name = c.name ?? null;
    const row = await repo.insertCustomer(trx, {
      name,
      phones,
      emails,
      address: c.address ?? null,
      location: pointOf(c.location),
      district_id: await districtAt({ ...deps, db: trx }, c.location),
      preferred_language: c.preferredLanguage ?? null,
      accessibility_needs: c.accessibilityNeeds ?? null,
      consent_to_contact: c.consentToContact ?? false,
      notes: c.notes ?? null,
      ...keysOf({ name, phones, emails }),
      created_at: now,
      updated_at: now,
    });
    await audited(trx, audit, now, 'customer.created', row.id, { fields: Object.keys(c) });
    return row;
  });
}

/**
 * The customer with this phone or e-mail address, or a new profile. When found, what it lacked
 * (the other identifier, a name, an address) is added. With a name alone (nothing to match on) a
 * new profile is always made. Other modules' channels call this (inbound e-mail, SMS, chat).
 */
export async function findOrCreateCustomer(deps: Deps, input: FindOrCreateInput, audit: AuditContext): Promise<{ customer: CustomerRow; created: boolean }> {
  const c = parseInput(findOrCreateSchema, input);
  const phones = c.phone ? [c.phone] : [];
  const emails = c.email ? [c.email] : [];
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    await lockIdentifiers(trx, [...phones, ...emails]);
    const found = (await repo.selectCustomersByIdentifiers(trx, phones, emails))[0];
    if (!found) {
      const name = c.name ?? null;
      const row = await repo.insertCustomer(trx, {
        name,
        phones,
        emails,
        address: c.address ?? null,
        location: pointOf(c.location),
        district_id: await districtAt({ ...deps, db: trx }, c.location),
        preferred_language: c.preferredLanguage ?? null,
        consent_to_contact: c.consentToContact ?? false,
        ...keysOf({ name, phones, emails }),
        created_at: now,
        updated_at: now,
      });
      await audited(trx, audit, now, 'customer.created', row.id, { fields: Object.keys(c), via: 'find_or_create' });
      return { customer: row, created: true };
    }
    // Phones or addresses that already belong to another profile are not added to this one.
    const taken = await repo.selectCustomersByIdentifiers(trx, phones, emails);
    const free = (v: string) => !taken.some((t) => t.id !== found.id && (t.phones.includes(v) || t.emails.includes(v)));
    const next = {
      name: found.name ?? c.name ?? null,
      phones: [...found.phones, ...phones.filter((p) => !found.phones.includes(p) && free(p))],
      emails: [...found.emails, ...emails.filter((e) => !found.emails.includes(e) && free(e))],
      address: found.address ?? c.address ?? null,
      preferred_language: found.preferred_language ?? c.preferredLanguage ?? null,
    };
    const added = Object.entries(next).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(found[k as keyof CustomerRow])).map(([k]) => k);
    if (!added.length) return { customer: found, created: false };
    const location = found.location === null && !found.address && c.location ? c.location : null;
    const row = await repo.updateCustomer(trx, found.id, null, { ...next, ...(location ? { location: pointOf(location), district_id: await districtAt({ ...deps, db: trx }, location) } : {}), ...keysOf(next), updated_at: now });
    await audited(trx, audit, now, 'customer.updated', found.id, { fields: added, via: 'find_or_create' });
    return { customer: row ?? found, created: false };
  });
}

/** One profile, or 404. A merged profile is returned with `merged_into_id` set. */
export async function getCustomer(deps: Deps, id: number): Promise<CustomerRow> {
  const row = await repo.selectCustomer(deps.db, id);
  if (!row) throw notFound('Customer', id);
  return row;
}

/** Changes a profile (409 stale_version if someone saved since `expectedVersion`; 409 duplicate_customer for a phone or e-mail of another). */
export async function updateCustomer(deps: Deps, id: number, input: unknown, audit: AuditContext): Promise<CustomerRow> {
  const p: CustomerPatch = parseInput(customerPatchSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const before = await repo.selectCustomer(trx, id);
    if (!before) throw notFound('Customer', id);
    if (before.merged_into_id !== null) throw conflict('customer_merged', `Customer ${id} was merged into ${before.merged_into_id}; change that profile`, { customerId: before.merged_into_id });
    const phones = p.phones ?? before.phones;
    const emails = p.emails ?? before.emails;
    await lockIdentifiers(trx, [...phones, ...emails]);
    await assertIdentifiersFree(trx, phones.filter((x) => !before.phones.includes(x)), emails.filter((x) => !before.emails.includes(x)), id);
    const values: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(FIELD_COLUMNS)) if (field in p) values[column] = p[field as keyof CustomerPatch] ?? null;
    if ('consentToContact' in p) values.consent_to_contact = p.consentToContact ?? false;
    if ('phones' in p) values.phones = phones;
    if ('emails' in p) values.emails = emails;
    if ('location' in p) {
      values.location = pointOf(p.location);
      values.district_id = await districtAt({ ...deps, db: trx }, p.location);
    }
    const name = 'name' in p ? (p.name ?? null) : before.name;
    const row = await repo.updateCustomer(trx, id, p.expectedVersion, { ...values, ...keysOf({ name, phones, emails }), updated_at: now });
    if (!row) throw conflict('stale_version', `Customer ${id} was changed by someone else (now version ${before.version}); reload and try again`, { currentVersion: before.version });
    const changed = Object.keys(p).filter((k) => k !== 'expectedVersion');
    await audited(trx, audit, now, 'customer.updated', id, { fields: changed, ...('consentToContact' in p ? { consent: { from: before.consent_to_contact, to: row.consent_to_contact } } : {}) });
    return row;
  });
}

/**
 * Merges the duplicate profile `fromId` into `intoId`: its contacts move over, its phones and
 * addresses are added, fields the kept profile lacks are filled from it, and it leaves searches.
 */
export async function mergeCustomers(deps: Deps, intoId: number, fromId: number, audit: AuditContext): Promise<{ customer: CustomerRow; contactsMoved: number }> {
  if (intoId === fromId) throw new AppError('invalid_merge', 400, 'A customer cannot be merged into itself', { field: 'body.from' });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const [into, from] = await Promise.all([repo.selectCustomer(trx, intoId), repo.selectCustomer(trx, fromId)]);
    if (!into) throw notFound('Customer', intoId);
    if (!from) throw new AppError('not_found', 404, `Customer ${fromId} was not found`, { field: 'body.from' });
    if (into.merged_into_id !== null) throw conflict('customer_merged', `Customer ${intoId} was itself merged into ${into.merged_into_id}`);
    if (from.merged_into_id !== null) throw conflict('customer_merged', `Customer ${fromId} was already merged into ${from.merged_into_id}`);
    const phones = [...new Set([...into.phones, ...from.phones])];
    const emails = [...new Set([...into.emails, ...from.emails])];
    const name = into.name ?? from.name;
    const values = {
      name,
      phones,
      emails,
      address: into.address ?? from.address,
      location: into.location ?? from.location,
      district_id: into.district_id ?? from.district_id,
      preferred_language: into.preferred_language ?? from.preferred_language,
      accessibility_needs: into.accessibility_needs ?? from.accessibility_needs,
      consent_to_contact: into.consent_to_contact && from.consent_to_contact,
      notes: [into.notes, from.notes].filter(Boolean).join('\n\n') || null,
      ...keysOf({ name, phones, emails }),
    };
    const { contactsMoved } = await repo.mergeCustomerInto(trx, fromId, { id: intoId, values }, now);
    await audited(trx, audit, now, 'customer.merged', intoId, { from: fromId, contacts_moved: contactsMoved });
    const customer = await repo.selectCustomer(trx, intoId);
    return { customer: customer!, contactsMoved };
  });
}

/**
 * Search-as-you-type over names, phones and e-mail addresses (at least 2 characters). A query that
 * looks like a phone number is matched on its digits; merged profiles never appear.
 */
export async function searchCustomers(deps: Deps, q: string, limit = 10): Promise<CustomerRow[]> {
  const kind = queryKind(q);
  const folded = kind === 'phone' ? q.replace(/\D/g, '') : foldForSearch(q);
  const long = (kind === 'name' ? folded.split(' ') : [folded]).filter((t) => t.length >= 3);
  const size = Math.min(Math.max(limit, 1), 50);
  // Names that start with what was typed come first; then profiles that contain every word.
  const starting = kind === 'name' && folded.length >= 2 ? await repo.searchCustomers(deps.db, { prefix: folded }, size) : [];
  if (starting.length >= size || !long.length) return starting;
  const containing = await repo.searchCustomers(deps.db, { terms: long, exclude: starting.map((c) => c.id) }, size - starting.length);
  return [...starting, ...containing];
}
