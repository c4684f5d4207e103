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

/** `PDX-2026-004217`: prefix, the year in the jurisdiction's time zone, a six-digit yearly sequence. */
export function formatTrackingNumber(prefix: string, year: number, value: number): string {
  return `${prefix}-${year}-${String(value).padStart(6, '0')}`;
}

class IdempotencyRace extends Error {}

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
 * the request with its first timeline entries in one transaction (all or nothing).
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

  try {
    const id = await deps.db.transaction().execute(async (trx) => {
      const trackingNumber = formatTrackingNumber(jurisdiction.trackingPrefix, year, await repo.nextTrackingValue(trx, jurisdiction.id, year));
      const requestId = await repo.insertRequest(trx, {
        tracking_number: trackingNumber,
        jurisdiction_id: jurisdiction.id,
        service_id: service.id,
        status: 'new',
        priority: parsed.priority ?? service.defaultPriority,
        channel: parsed.channel,
        description,
        lon: parsed.location?.long ?? null,
        lat: parsed.location?.lat ?? null,
        address,
        district_id: place.districtIds[0] ?? null,
        department_id: routing.departmentId,
        routing_rule_id: routing.ruleId,
        attributes: JSON.stringify(answers.values),
        requester_name: requester.name,
        requester_email: requester.email,
        requester_phone: requester.phone,
        confidential: service.confidential,
        due_at: dueAt,
        created_at: now,
        updated_at: now,
      });
      await repo.insertEvents(trx, [
        { request_id: requestId, at: now, actor: parsed.actor, kind: 'created', to_status: 'new', data: JSON.stringify({ channel: parsed.channel, due_at: dueAt }) },
        {
          request_id: requestId,
          at: now,
          actor: 'system',
          kind: 'routed',
          data: JSON.stringify({ department_id: routing.departmentId, rule_id: routing.ruleId, reason: routing.reason, district_ids: place.districtIds }),
        },
      ]);
      if (idempotencyKey) {
        const claimed = await repo.claimIdempotencyKey(trx, { scope: jurisdiction.id, key: idempotencyKey, bodyHash, requestId, at: now });
        if (!claimed) throw new IdempotencyRace();
      }
      return requestId;
    });
    return { request: await loadRequest(deps.db, id), duplicates, replayed: false };
  } catch (error) {
    if (!(error instanceof IdempotencyRace) || !idempotencyKey) throw error;
    const earlier = await replay(deps, jurisdiction.id, idempotencyKey, bodyHash);
    if (!earlier) throw error;
    return { request: earlier, duplicates: [], replayed: true };
  }
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
