import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { AppError, notFound, type FieldProblem } from '../../lib/errors.ts';
import { textProblem, toPlainText } from '../../lib/text.ts';
import * as repo from './repository.ts';
import { isStatus, type Status } from './status.ts';

/** A service request as the domain sees it (everything, personal data included: presenters cut it down). */
export interface ServiceRequest {
  id: number;
  trackingNumber: string;
  jurisdictionId: string;
  serviceId: number;
  serviceCode: string;
  status: Status;
  priority: string;
  channel: string;
  description: string;
  location: { lat: number; long: number } | null;
  address: string | null;
  districtId: string | null;
  departmentId: string;
  routingRuleId: number | null;
  attributes: Record<string, unknown>;
  requester: { name: string | null; email: string | null; phone: string | null } | null;
  confidential: boolean;
  parentId: number | null;
  parentTrackingNumber: string | null;
  referredTo: string | null;
  supportCount: number;
  dueAt: Date | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  breachedAt: Date | null;
  /** When the request went on hold; the SLA clock is stopped until it leaves that status. */
  holdStartedAt: Date | null;
  /** The staff member working the request, or null while it waits in its department's queue. */
  assignedTo: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toServiceRequest(r: repo.RequestRecord): ServiceRequest {
  if (!isStatus(r.status)) throw new Error(`request ${r.id} has unknown status ${r.status}`);
  const hasRequester = r.requester_name !== null || r.requester_email !== null || r.requester_phone !== null;
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    jurisdictionId: r.jurisdiction_id,
    serviceId: r.service_id,
    serviceCode: r.service_code,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    description: r.description,
    location: r.lat === null || r.lon === null ? null : { lat: Number(r.lat), long: Number(r.lon) },
    address: r.address,
    districtId: r.district_id,
    departmentId: r.department_id,
    routingRuleId: r.routing_rule_id,
    attributes: r.attributes,
    requester: hasRequester ? { name: r.requester_name, email: r.requester_email, phone: r.requester_phone } : null,
    confidential: r.confidential,
    parentId: r.parent_id,
    parentTrackingNumber: r.parent_tracking_number,
    referredTo: r.referred_to,
    supportCount: r.support_count,
    dueAt: r.due_at,
    firstResponseAt: r.first_response_at,
    resolvedAt: r.resolved_at,
    closedAt: r.closed_at,
    breachedAt: r.breached_at,
    holdStartedAt: r.hold_started_at,
    assignedTo: r.assigned_to,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A request is named by its internal id or by its tracking number. */
export type RequestRef = number | string;

const refWhere = (ref: RequestRef) => (typeof ref === 'number' ? { id: ref } : { trackingNumber: ref.trim().toUpperCase() });

/** Loads a request (inside a transaction when `db` is one), or a 404 naming what was asked for. */
export async function loadRequest(db: Db, ref: RequestRef): Promise<ServiceRequest> {
  const row = await repo.selectRequest(db, refWhere(ref));
  if (!row) throw notFound('Service request', ref);
  return toServiceRequest(row);
}

/** One service request with every field; the caller's presenter decides what leaves the server. */
export async function getServiceRequest({ db }: Deps, ref: RequestRef): Promise<ServiceRequest> {
  return loadRequest(db, ref);
}

/** The request's timeline, oldest first. */
export async function getTimeline({ db }: Deps, ref: RequestRef) {
  const request = await loadRequest(db, ref);
  return repo.selectTimeline(db, request.id);
}

/** Supporters and followers of a request (personal data: staff only). */
export async function getSupportersAndFollowers({ db }: Deps, ref: RequestRef) {
  const request = await loadRequest(db, ref);
  const [supporters, followers] = await Promise.all([repo.selectSupporters(db, request.id), repo.selectFollowers(db, request.id)]);
  return { supporters, followers };
}

/** Cleans a free-text field and checks its length, adding a problem naming the field if it fails. */
export function cleanText(field: string, raw: string | undefined, max: number, problems: FieldProblem[]): string | null {
  if (raw === undefined) return null;
  const bad = textProblem(field, raw);
  if (bad) {
    problems.push(bad);
    return null;
  }
  const text = toPlainText(raw);
  if (text.length > max) {
    problems.push({ field, code: 'too_long', message: `${field} is ${text.length} characters long; the limit is ${max}` });
    return null;
  }
  return text === '' ? null : text;
}

/** The version check that keeps two people from silently overwriting each other's change. */
export function assertVersion(request: ServiceRequest, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && request.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      409,
      `Request ${request.trackingNumber} was changed by someone else (now version ${request.version}, you had ${expectedVersion}); reload it and try again`,
      { field: 'expectedVersion', currentVersion: request.version },
    );
  }
}
