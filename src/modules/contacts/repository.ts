import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { ContactsTable, CustomersTable, TopicKind, VisitsTable } from './tables.ts';

/** The contacts module's SQL: customers, contacts with their topics and requests, visits. */

export type CustomerRow = Selectable<CustomersTable>;
export type ContactRow = Selectable<ContactsTable>;
export type VisitRow = Selectable<VisitsTable>;

// ---- customers

export async function insertCustomer(db: Db, values: Insertable<CustomersTable>): Promise<CustomerRow> {
  return db.insertInto('customers').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function selectCustomer(db: Db, id: number): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Profiles (not merged away) that have any of these phones or e-mail addresses, oldest first. */
export async function selectCustomersByIdentifiers(db: Db, phones: string[], emails: string[]): Promise<CustomerRow[]> {
  if (!phones.length && !emails.length) return [];
  return db
    .selectFrom('customers')
    .selectAll()
    .where('merged_into_id', 'is', null)
    .where((eb) => eb.or([...(phones.length ? [eb('phones', '&&', sql<string[]>`${phones}::text[]`)] : []), ...(emails.length ? [eb('emails', '&&', sql<string[]>`${emails}::text[]`)] : [])]))
    .orderBy('id')
    .limit(20)
    .execute();
}

/** Writes the changes if the profile is still at `expectedVersion`; undefined when it is not. */
export async function updateCustomer(db: Db, id: number, expectedVersion: number | null, values: Updateable<CustomersTable>): Promise<CustomerRow | undefined> {
  let q = db
    .updateTable('customers')
    .set({ ...values, version: sql`version + 1` })
    .where('id', '=', id);
  if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
  return q.returningAll().executeTakeFirst();
}

/** How many trigram matches are ranked at most: common words match thousands of profiles. */
const SEARCH_CANDIDATES = 400;

/**
 * Search-as-you-type, two ways. `prefix`: names starting with it, alphabetically (btree on name_key
 * with text_pattern_ops, read in its own order, so only `limit` rows are touched). `terms` (each 3
 * characters or more): every term appears in `search_text` (trigram GIN index); at most
 * SEARCH_CANDIDATES matches are ranked — a word of the name starting with the first term first,
 * then by name — so a common word costs the same as a rare one.
 */
export async function searchCustomers(db: Db, query: { terms: string[]; exclude?: number[] } | { prefix: string }, limit: number): Promise<CustomerRow[]> {
  const escape = (t: string) => t.replace(/[\\%_]/g, (c) => `\\${c}`);
  if ('prefix' in query) {
    return db
      .selectFrom('customers')
      .selectAll()
      .where('merged_into_id', 'is', null)
      .where('name_key', 'like', `${escape(query.prefix)}%`)
      .orderBy(sql`name_key USING ~<~`)
      .orderBy('id')
      .limit(limit)
      .execute();
  }
  let candidates = db.selectFrom('customers').selectAll().where('merged_into_id', 'is', null);
  for (const term of query.terms) candidates = candidates.where('search_text', 'like', `%${escape(term)}%`);
  if (query.exclude?.length) candidates = candidates.where('id', 'not in', query.exclude);
  const first = escape(query.terms[0] ?? '');
  return db
    .selectFrom(candidates.limit(SEARCH_CANDIDATES).as('c'))
    .selectAll()
    .orderBy(sql`c.name_key LIKE ${`${first}%`} OR c.name_key LIKE ${`% ${first}%`}`, 'desc')
    .orderBy('c.name_key')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Moves a duplicate's contacts to the profile it is merged into and marks it merged. Run in a transaction. */
export async function mergeCustomerInto(trx: Db, fromId: number, into: { id: number; values: Updateable<CustomersTable> }, at: Date): Promise<{ contactsMoved: number }> {
  const moved = await trx.updateTable('contacts').set({ customer_id: into.id, updated_at: at }).where('customer_id', '=', fromId).executeTakeFirst();
  await trx.updateTable('customers').set({ merged_into_id: into.id, updated_at: at, version: sql`version + 1` }).where('id', '=', fromId).execute();
  await trx.updateTable('customers').set({ ...into.values, updated_at: at, version: sql`version + 1` }).where('id', '=', into.id).execute();
  return { contactsMoved: Number(moved.numUpdatedRows) };
}

// ---- contacts

/** Inserts a contact; undefined when one with the same source and source_ref exists (a channel logging twice). */
export async function insertContact(db: Db, values: Insertable<ContactsTable>): Promise<ContactRow | undefined> {
  return db
    .insertInto('contacts')
    .values(values)
    .onConflict((oc) => oc.columns(['source', 'source_ref']).where('source', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function selectContactBySource(db: Db, source: string, sourceRef: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('source', '=', source).where('source_ref', '=', sourceRef).executeTakeFirst();
}

export async function selectContact(db: Db, id: number): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Writes the changes if the contact is still at `expectedVersion` (when given); undefined otherwise. */
export async function updateContact(db: Db, id: number, expectedVersion: number | null, values: Updateable<ContactsTable>, onlyOpen = false): Promise<ContactRow | undefined> {
  let q = db
    .updateTable('contacts')
    .set({ ...values, version: sql`version + 1` })
    .where('id', '=', id);
  if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
  if (onlyOpen) q = q.where('outcome', 'is', null);
  return q.returningAll().executeTakeFirst();
}

export async function insertTopics(db: Db, contactId: number, topics: Array<{ kind: TopicKind; ref: string }>): Promise<void> {
  if (!topics.length) return;
  await db
    .insertInto('contact_topics')
    .values(topics.map((t) => ({ contact_id: contactId, kind: t.kind, ref: t.ref })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function insertContactRequests(db: Db, contactId: number, requestIds: number[]): Promise<void> {
  if (!requestIds.length) return;
  await db
    .insertInto('contact_requests')
    .values(requestIds.map((request_id) => ({ contact_id: contactId, request_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Topics and linked request ids of these contacts. */
export async function selectLinks(db: Db, contactIds: number[]) {
  if (!contactIds.length) return { topics: [], requests: [] };
  const [topics, requests] = await Promise.all([
    db.selectFrom('contact_topics').selectAll().where('contact_id', 'in', contactIds).orderBy('contact_id').orderBy('kind').orderBy('ref').execute(),
    db.selectFrom('contact_requests').selectAll().where('contact_id', 'in', contactIds).orderBy('contact_id').orderBy('request_id').execute(),
  ]);
  return { topics, requests };
}

export interface ContactFilters {
  channels?: string[];
  outcomes?: string[];
  open?: boolean;
  agentId?: number;
  customerId?: number;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

/** Contacts, newest first, with the total that match. */
export async function listContacts(db: Db, f: ContactFilters): Promise<{ rows: ContactRow[]; total: number }> {
  let q = db.selectFrom('contacts');
  if (f.channels?.length) q = q.where('channel', 'in', f.channels as ContactRow['channel'][]);
  if (f.outcomes?.length || f.open) {
    const outcomes = (f.outcomes ?? []) as NonNullable<ContactRow['outcome']>[];
    q = q.where((eb) => eb.or([...(outcomes.length ? [eb('outcome', 'in', outcomes)] : []), ...(f.open ? [eb('outcome', 'is', null)] : [])]));
  }
  if (f.agentId !== undefined) q = q.where('agent_id', '=', f.agentId);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.from) q = q.where('started_at', '>=', f.from);
  if (f.to) q = q.where('started_at', '<', f.to);
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The figures first-contact resolution is computed from (see fcr.ts for the definition). */
export async function countFirstContactResolution(db: Db, from: Date, to: Date): Promise<{ eligible: number; resolved: number }> {
  const row = await db
    .selectFrom('contacts')
    .select([sql<number>`count(*)`.as('eligible'), sql<number>`count(*) FILTER (WHERE resolved_first_contact)`.as('resolved')])
    .where('direction', '=', 'inbound')
    .where('outcome', 'is not', null)
    .where('outcome', '<>', 'abandoned')
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .executeTakeFirstOrThrow();
  return { eligible: Number(row.eligible), resolved: Number(row.resolved) };
}

// ---- visits

export async function insertVisit(db: Db, values: Insertable<VisitsTable>): Promise<VisitRow> {
  return db.insertInto('visits').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function selectVisit(db: Db, id: number): Promise<VisitRow | undefined> {
  return db.selectFrom('visits').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a visitor still in the building wears this badge. */
export async function badgeInUse(db: Db, badge: string): Promise<boolean> {
  const row = await db.selectFrom('visits').select('id').where('badge_number', '=', badge).where('signed_out_at', 'is', null).executeTakeFirst();
  return row !== undefined;
}

export async function signOutVisit(db: Db, id: number, at: Date): Promise<VisitRow | undefined> {
  return db.updateTable('visits').set({ signed_out_at: at }).where('id', '=', id).where('signed_out_at', 'is', null).returningAll().executeTakeFirst();
}

/** Visitors still in the building, and (with `since`) everyone signed in since then; earliest first. */
export async function listVisits(db: Db, since: Date | null): Promise<VisitRow[]> {
  return db
    .selectFrom('visits')
    .selectAll()
    .where((eb) => (since ? eb.or([eb('signed_out_at', 'is', null), eb('signed_in_at', '>=', since)]) : eb('signed_out_at', 'is', null)))
    .orderBy('signed_in_at')
    .orderBy('id')
    .limit(500)
    .execute();
}

/** The start of the day that `at` falls in, in the time zone. */
export async function startOfLocalDay(db: Db, at: Date, timeZone: string): Promise<Date> {
  const { rows } = await sql<{ start: Date }>`SELECT (date_trunc('day', ${at}::timestamptz AT TIME ZONE ${timeZone}) AT TIME ZONE ${timeZone}) AS start`.execute(db);
  return new Date(rows[0]!.start);
}

export async function selectContactOutcomes(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('contacts').select(['id', 'outcome']).where('id', 'in', ids).execute();
}

/** The most recently changed profiles (the customer screen before anything is typed). */
export async function selectRecentCustomers(db: Db, limit: number): Promise<CustomerRow[]> {
  return db.selectFrom('customers').selectAll().where('merged_into_id', 'is', null).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The latest contact from this channel source, since `since`, whose customer has this phone. */
export async function selectRecentContactOfPhone(db: Db, source: string, phone: string, since: Date): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .innerJoin('customers', 'customers.id', 'contacts.customer_id')
    .selectAll('contacts')
    .where('contacts.source', '=', source)
    .where('contacts.started_at', '>=', since)
    .where(sql<boolean>`${phone} = ANY (customers.phones)`)
    .orderBy('contacts.started_at', 'desc')
    .orderBy('contacts.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
