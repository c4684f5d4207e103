import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { Status } from './status.ts';

/** A request as a customer's history lists it (staff only: the caller checks customers:read). */
export interface RequesterRequest {
  id: number;
  trackingNumber: string;
  serviceCode: string;
  status: Status;
  departmentId: string;
  confidential: boolean;
  description: string;
  address: string | null;
  createdAt: Date;
  /** How it is tied to the customer: made with their e-mail or phone, or linked through a contact. */
  matchedBy: Array<'email' | 'phone' | 'contact'>;
}

/**
 * The requests made with any of these e-mail addresses or phone numbers (exact, as intake stored
 * them: pass every form a number may have), or with these ids (linked through contacts), newest
 * first. Uses the requester e-mail (0009) and phone (0017) indexes.
 */
export async function listRequestsOfRequester({ db }: Deps, who: { emails: string[]; phones: string[]; ids: number[] }, limit = 200): Promise<RequesterRequest[]> {
  if (!who.emails.length && !who.phones.length && !who.ids.length) return [];
  const emails = who.emails.map((e) => e.toLowerCase());
  const { rows } = await sql<{
    id: number; tracking_number: string; service_code: string; status: Status; department_id: string; confidential: boolean;
    description: string; address: string | null; created_at: Date; by_email: boolean; by_phone: boolean; by_contact: boolean;
  }>`
    SELECT sr.id, sr.tracking_number, s.service_code, sr.status, sr.department_id, sr.confidential, sr.description, sr.address, sr.created_at,
           coalesce(lower(sr.requester_email) = ANY (${emails}::text[]), false) AS by_email,
           coalesce(sr.requester_phone = ANY (${who.phones}::text[]), false) AS by_phone,
           sr.id = ANY (${who.ids}::bigint[]) AS by_contact
      FROM service_requests sr JOIN services s ON s.id = sr.service_id
     WHERE sr.id IN (
             SELECT id FROM service_requests WHERE lower(requester_email) = ANY (${emails}::text[])
             UNION SELECT id FROM service_requests WHERE requester_phone = ANY (${who.phones}::text[])
             UNION SELECT unnest(${who.ids}::bigint[]))
     ORDER BY sr.created_at DESC, sr.id DESC
     LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id),
    trackingNumber: r.tracking_number,
    serviceCode: r.service_code,
    status: r.status,
    departmentId: r.department_id,
    confidential: r.confidential,
    description: r.description,
    address: r.address,
    createdAt: r.created_at,
    matchedBy: [...(r.by_email ? ['email' as const] : []), ...(r.by_phone ? ['phone' as const] : []), ...(r.by_contact ? ['contact' as const] : [])],
  }));
}
