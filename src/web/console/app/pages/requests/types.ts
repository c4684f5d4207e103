import type { Sla } from '../../components/sla-badge.tsx';
import { slaClock } from '../../../../../modules/requests/sla-clock.ts';
import type { Status } from '../../../../../modules/requests/status.ts';

/** A request as GET /api/v1/requests/:ref gives it to staff. */
export interface RequestDetail {
  id: number;
  trackingNumber: string;
  jurisdictionId: string;
  serviceCode: string;
  status: string;
  priority: string;
  channel: string;
  description: string;
  location: { lat: number; long: number } | null;
  address: string | null;
  districtId: string | null;
  departmentId: string;
  assignedTo: number | null;
  confidential: boolean;
  parentTrackingNumber: string | null;
  referredTo: string | null;
  supportCount: number;
  dueAt: string | null;
  breachedAt: string | null;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  holdStartedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  attributes: Record<string, unknown>;
  requester?: { name: string | null; email: string | null; phone: string | null } | null;
}

export interface TimelineEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  publicNote: string | null;
  internalNote?: string | null;
  data: Record<string, unknown>;
}

export interface Photo {
  id: number;
  staffUrl: string;
  width: number;
  height: number;
}

export interface DetailResponse {
  request: RequestDetail;
  timeline: TimelineEvent[];
  media?: Photo[];
}

/** The SLA clock of a request, computed in the browser by the same code as the queue API's. */
export function slaOfDetail(r: RequestDetail, now = new Date()): Sla {
  const c = slaClock({ status: r.status as Status, dueAt: r.dueAt ? new Date(r.dueAt) : null, breachedAt: r.breachedAt ? new Date(r.breachedAt) : null }, now);
  return { ...c, dueAt: r.dueAt };
}
