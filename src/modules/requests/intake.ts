import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError, conflict, type FieldProblem } from '../../lib/errors.ts';
import { boxAround, isValidLonLat } from '../../lib/geo.ts';
import { canonicalJson, normalizeEmail, normalizePhone, parseInput, sha256 } from '../../lib/validate.ts';
import { validateAttributeAnswers } from '../catalog/attributes.ts';
import { chooseDepartment } from '../catalog/routing.ts';
import { getJurisdiction, getRoutingRules, getService, locatePoint, type CatalogService, type Jurisdiction } from '../catalog/service.ts';
import { cleanText, loadRequest, type ServiceRequest } from './model.ts';
import * as repo from './repository.ts';
import { createRequestSchema, duplicateQuerySchema, type CreateRequestInput, type DuplicateQuery } from './schemas.ts';
import { computeDueAt } from './sla.ts';

export const DESCRIPTION_MAX = 4000;
const ADDRESS_MAX = 500;
const DAY_MS = 86_400_000;

/** An open request that may be the same problem as a new one. */
export interface DuplicateCandidate {
  id: number;
  trackingNumber: string;
  status: string;
  supportCount: number;
  createdAt: Date;
  location: { lat: number; long: number };
  distanceMeters: number;
}

export interface CreateResult {
  request: ServiceRequest;
  /** Open requests of the same service nearby, nearest first: shown so the resident can add support instead. */
  duplicates: DuplicateCandidate[];
  /** True when an Idempotency-Key matched an earlier create and that request is returned. */
  replayed: boolean;
}

async function replay(deps: Deps, scope: string, key: string, bodyHash: string): Promise<ServiceRequest | null> {
  const existing = await repo.selectIdempotencyKey(deps.db, scope, key);
  if (!existing) return null;
  if (existing.body_hash !== bodyHash) {
    throw conflict('idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key for a new request', {
      field: 'idempotencyKey',
    });
  }
  return loadRequest(deps.db, existing.request_id);
}

function requireIntake(service: CatalogService, channel: string): void {
  if (!service.active && channel !== 'import') {
    throw new AppError('service_inactive', 422, `The service ${service.code} no longer takes new requests`, { field: 'serviceCode' });
  }
  if (service.handling !== 'intake') {
    const how = service.handling === 'refer' ? 'is handled by another agency' : 'is answered directly by 311';
    throw new AppError('service_not_requestable', 422, `${service.name.en ?? service.code} ${how}: ${service.answer?.en ?? 'see its answer'}`, {
      field: 'serviceCode',
      handling: service.handling,
    });
  }
}

/**
 * Takes in a new service request from any channel: validates it against the service's questions and
 * the jurisdiction's boundary, routes it, sets its SLA due time, finds likely duplicates, and writes
 * the request with its first timeline entries in one statement (all or nothing). Its tracking number,
 * e.g. `PDX-2026-004217`, is the prefix, the year in the jurisdiction's time zone and a yearly sequence.
 */
export async function createServiceRequest(deps: Deps, input: CreateRequestInput): Promise<CreateResult> {
  const parsed = parseInput(createRequestSchema, input);
  const jurisdiction = await getJurisdiction(deps, { id: parsed.jurisdictionId });
  const { idempotencyKey, ...body } = parsed;
  const bodyHash = sha256(canonicalJson(body));
  if (idempotencyKey) {
    const earlier = await replay(deps, jurisdiction.id, idempotencyKey, bodyHash);
    if (earlier) return { request: earlier, duplicates: [], replayed: true };
  }

  const service = await getService(deps, jurisdiction.id, parsed.serviceCode);
  requireIntake(service, parsed.channel);

  const problems: FieldProblem[] = [];
  const description = cleanText('description', parsed.description, DESCRIPTION_MAX, problems) ?? '';
  const address = cleanText('address', parsed.address, ADDRESS_MAX, problems);
  const requester = checkRequester(parsed.requester, problems);
  const answers = validateAttributeAnswers(service.attributes, parsed.attributes);
  problems.push(...answers.problems);
  const place = await checkLocation(deps, jurisdiction, parsed.location, problems);
  if (problems.length) throw new ValidationError(problems);

  const routing = chooseDepartment(await getRoutingRules(deps, jurisdiction.id), { serviceId: service.id, districtIds: place.districtIds }, service.departmentId);
  const now = deps.clock.now();
  const dueAt = computeDueAt(jurisdiction.calendar, service, now);
  const duplicates = parsed.location ? await nearbyOpen(deps, service, parsed.location, now) : [];
  const year = DateTime.fromJSDate(now, { zone: jurisdiction.timeZone }).year;

  const values: repo.NewRequest = {
    jurisdictionId: jurisdiction.id,
    trackingPrefix: jurisdiction.trackingPrefix,
    year,
    serviceId: service.id,
    priority: parsed.priority ?? service.defaultPriority,
    channel: parsed.channel,
    description,
    lon: parsed.location?.long ?? null,
    lat: parsed.location?.lat ?? null,
    address,
    districtId: place.districtIds[0] ?? null,
    departmentId: routing.departmentId,
    routingRuleId: routing.ruleId,
    attributes: answers.values,
    requester,
    confidential: service.confidential,
    dueAt,
    at: now,
    actor: parsed.actor,
    createdData: { channel: parsed.channel, due_at: dueAt },
    routedData: { department_id: routing.departmentId, rule_id: routing.ruleId, reason: routing.reason, district_ids: place.districtIds },
    idempotency: idempotencyKey ? { scope: jurisdiction.id, key: idempotencyKey, bodyHash } : null,
    locale: parsed.locale,
    serviceName: service.name,
  };
  try {
    const { id, trackingNumber } = await repo.insertNewRequest(deps.db, values);
    return { request: newRequest(id, trackingNumber, service.code, values), duplicates, replayed: false };
  } catch (error) {
    // Another create with the same key committed first: return its request (or refuse a different body).
    if (!idempotencyKey || !repo.isIdempotencyConflict(error)) throw error;
    const earlier = await replay(deps, jurisdiction.id, idempotencyKey, bodyHash);
    if (!earlier) throw error;
    return { request: earlier, duplicates: [], replayed: true };
  }
}

/** The request just written, from the values written: no second round trip to read it back. */
function newRequest(id: number, trackingNumber: string, serviceCode: string, v: repo.NewRequest): ServiceRequest {
  const { name, email, phone } = v.requester;
  return {
    id,
    trackingNumber,
    jurisdictionId: v.jurisdictionId,
    serviceId: v.serviceId,
    serviceCode,
    status: 'new',
    priority: v.priority,
    channel: v.channel,
    description: v.description,
    location: v.lat === null || v.lon === null ? null : { lat: v.lat, long: v.lon },
    address: v.address,
    districtId: v.districtId,
    departmentId: v.departmentId,
    routingRuleId: v.routingRuleId,
    attributes: v.attributes,
    requester: name !== null || email !== null || phone !== null ? { name, email, phone } : null,
    confidential: v.confidential,
    parentId: null,
    parentTrackingNumber: null,
    referredTo: null,
    supportCount: 0,
    dueAt: v.dueAt,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    breachedAt: null,
    holdStartedAt: null,
    assignedTo: null,
    version: 1,
    createdAt: v.at,
    updatedAt: v.at,
  };
}

function checkRequester(
  person: { name?: string; email?: string; phone?: string } | undefined,
  problems: FieldProblem[],
): { name: string | null; email: string | null; phone: string | null } {
  const name = cleanText('requester.name', person?.name, 200, problems);
  let email: string | null = null;
  let phone: string | null = null;
  if (person?.email?.trim()) {
    const r = normalizeEmail('requester.email', person.email);
    if (r.problem) problems.push(r.problem);
    else email = r.value ?? null;
  }
  if (person?.phone?.trim()) {
    const r = normalizePhone('requester.phone', person.phone);
    if (r.problem) problems.push(r.problem);
    else phone = r.value ?? null;
  }
  return { name, email, phone };
}

async function checkLocation(
  deps: Deps,
  jurisdiction: Jurisdiction,
  location: { lat: number; long: number } | undefined,
  problems: FieldProblem[],
): Promise<{ districtIds: string[] }> {
  if (!location) return { districtIds: [] };
  if (!isValidLonLat(location.long, location.lat)) {
    problems.push({ field: 'location', code: 'invalid_location', message: `location must have lat between -90 and 90 and long between -180 and 180` });
    return { districtIds: [] };
  }
  const place = await locatePoint(deps, jurisdiction.id, location.long, location.lat);
  if (!place.inside) {
    problems.push({
      field: 'location',
      code: 'outside_jurisdiction',
      message: `The location ${location.lat}, ${location.long} is outside ${jurisdiction.name.en ?? jurisdiction.id}; contact the city or county where it is`,
    });
  }
  return place;
}

async function nearbyOpen(
  deps: Deps,
  service: CatalogService,
  location: { lat: number; long: number },
  now: Date,
  limit = 10,
): Promise<DuplicateCandidate[]> {
  if (service.duplicateRadiusMeters <= 0 || service.duplicateWindowDays <= 0) return [];
  const rows = await repo.selectNearbyOpen(deps.db, {
    serviceId: service.id,
    lon: location.long,
    lat: location.lat,
    box: boxAround([location.long, location.lat], service.duplicateRadiusMeters),
    radiusMeters: service.duplicateRadiusMeters,
    since: new Date(now.getTime() - service.duplicateWindowDays * DAY_MS),
    limit,
  });
  return rows.map((r) => ({
    id: r.id,
    trackingNumber: r.tracking_number,
    status: r.status,
    supportCount: r.support_count,
    createdAt: r.created_at,
    location: { lat: Number(r.lat), long: Number(r.lon) },
    distanceMeters: Math.round(Number(r.distance_m) * 10) / 10,
  }));
}

/**
 * Open requests of the same service within the service's radius and window of a place, nearest
 * first: what a resident is shown before reporting, to add support instead.
 */
export async function findDuplicateCandidates(deps: Deps, query: DuplicateQuery): Promise<DuplicateCandidate[]> {
  const q = parseInput(duplicateQuerySchema, query);
  if (!isValidLonLat(q.location.long, q.location.lat)) {
    throw new ValidationError([{ field: 'location', code: 'invalid_location', message: 'location must have lat between -90 and 90 and long between -180 and 180' }]);
  }
  const jurisdiction = await getJurisdiction(deps, { id: q.jurisdictionId });
  const service = await getService(deps, jurisdiction.id, q.serviceCode);
  return nearbyOpen(deps, service, q.location, deps.clock.now(), q.limit);
}
