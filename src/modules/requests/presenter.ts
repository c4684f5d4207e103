import { canReadRequest, canSeeRequesterDetails, canWriteRequest, type Principal } from '../identity/index.ts';
import type { DuplicateCandidate } from './intake.ts';
import type { ServiceRequest } from './model.ts';
import { open311Status } from './status.ts';

/**
 * What of a service request leaves the server, for whom. The one place that decides: requester
 * contact details only with `requests:read_personal` on the request's department (never for
 * analysts, never in lists), internal notes only for those who may change the request, and nothing
 * at all of a request the caller may not read.
 */

type TimelineRow = {
  id: number;
  at: Date;
  actor: string;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  public_note: string | null;
  internal_note: string | null;
  data: Record<string, unknown>;
};

/** A request's fields that every reader of it may see. */
function presentCore(r: ServiceRequest) {
  return {
    id: r.id,
    trackingNumber: r.trackingNumber,
    jurisdictionId: r.jurisdictionId,
    serviceCode: r.serviceCode,
    status: r.status,
    open311Status: open311Status(r.status),
    priority: r.priority,
    channel: r.channel,
    description: r.description,
    location: r.location,
    address: r.address,
    districtId: r.districtId,
    departmentId: r.departmentId,
    assignedTo: r.assignedTo,
    confidential: r.confidential,
    parentTrackingNumber: r.parentTrackingNumber,
    referredTo: r.referredTo,
    supportCount: r.supportCount,
    dueAt: r.dueAt,
    breachedAt: r.breachedAt,
    firstResponseAt: r.firstResponseAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** One row of the staff list: no contact details (reading those is a recorded, one-request act). */
export function presentRequestListItem(r: ServiceRequest) {
  return presentCore(r);
}

/** The full request for GET /requests/:ref and the answers to changes; `requester` only when the policy allows. */
export function presentRequest(principal: Principal, r: ServiceRequest) {
  if (!canReadRequest(principal, r)) return presentReceipt(r);
  return {
    ...presentCore(r),
    attributes: r.attributes,
    routingRuleId: r.routingRuleId,
    holdStartedAt: r.holdStartedAt,
    requester: canSeeRequesterDetails(principal, r) ? r.requester : undefined,
  };
}

/** What someone who created (or changed) a request they may not read gets back: that it exists, no more. */
export function presentReceipt(r: ServiceRequest) {
  return { id: r.id, trackingNumber: r.trackingNumber, status: r.status, receiptOnly: true as const };
}

/** Whether presentRequest would show the requester's contact details (each such read is audited). */
export const showsRequesterDetails = (principal: Principal, r: ServiceRequest): boolean => r.requester !== null && canSeeRequesterDetails(principal, r);

/** The timeline; internal notes only for those who may change the request. */
export function presentTimeline(principal: Principal, r: ServiceRequest, events: TimelineRow[]) {
  const internal = canWriteRequest(principal, r);
  return events.map((e) => ({
    id: e.id,
    at: e.at,
    actor: e.actor,
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    publicNote: e.public_note,
    internalNote: internal ? e.internal_note : undefined,
    data: e.data,
  }));
}

export function presentDuplicate(d: DuplicateCandidate) {
  return { id: d.id, trackingNumber: d.trackingNumber, status: d.status, supportCount: d.supportCount, createdAt: d.createdAt, location: d.location, distanceMeters: Math.round(d.distanceMeters * 10) / 10 };
}
