/** What the staff API returns for customers, contacts and visits. Staff only: none of it is ever public. */
import type { RequesterRequest } from '../requests/index.ts';
import type { ContactView } from './contacts.ts';
import type { CustomerRow } from './repository.ts';
import type { VisitView } from './visits.ts';

const pointToLocation = (p: string | null) => {
  const m = p ? /^\(([-\d.e]+),([-\d.e]+)\)$/.exec(p) : null;
  return m ? { long: Number(m[1]), lat: Number(m[2]) } : null;
};

/** A search result: enough to pick the right person while they wait. */
export function presentCustomerSummary(c: CustomerRow) {
  return { id: c.id, name: c.name, phones: c.phones, emails: c.emails, address: c.address, preferredLanguage: c.preferred_language };
}

/** The whole profile. */
export function presentCustomer(c: CustomerRow) {
  return {
    ...presentCustomerSummary(c),
    location: pointToLocation(c.location),
    districtId: c.district_id,
    accessibilityNeeds: c.accessibility_needs,
    consentToContact: c.consent_to_contact,
    notes: c.notes,
    mergedIntoId: c.merged_into_id,
    version: c.version,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

/** A contact; the chat transcript only with `withTranscript` (the detail view). */
export function presentContact(v: ContactView, withTranscript = false) {
  const r = v.row;
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    channel: r.channel,
    direction: r.direction,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    waitSeconds: r.wait_seconds,
    handleSeconds: r.handle_seconds,
    agentId: r.agent_id,
    language: r.language,
    interpreterUsed: r.interpreter_used,
    customerId: r.customer_id,
    outcome: r.outcome,
    resolvedFirstContact: r.resolved_first_contact,
    referredAgencyId: r.referred_agency_id,
    transferredDepartmentId: r.transferred_department_id,
    districtId: r.district_id,
    notes: r.notes,
    source: r.source,
    sourceRef: r.source_ref,
    topics: v.topics,
    requestIds: v.requestIds,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(withTranscript ? { transcript: r.transcript } : {}),
  };
}

export function presentRequesterRequest(r: RequesterRequest) {
  return { id: r.id, trackingNumber: r.trackingNumber, serviceCode: r.serviceCode, status: r.status, departmentId: r.departmentId, description: r.description, address: r.address, createdAt: r.createdAt, matchedBy: r.matchedBy };
}

export function presentVisit(v: VisitView) {
  return {
    id: v.id,
    contactId: v.contact_id,
    visitorName: v.visitor_name,
    purpose: v.purpose,
    host: v.host,
    badgeNumber: v.badge_number,
    signedInAt: v.signed_in_at,
    signedOutAt: v.signed_out_at,
    outcome: v.outcome,
  };
}
