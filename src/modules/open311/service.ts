import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import type { Localized } from '../../db/schema.ts';
import { AppError, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { boxAround } from '../../lib/geo.ts';
import type { Locale } from '../../i18n/index.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getDepartment, getJurisdiction, getService, listDistricts, listServices, type Jurisdiction } from '../catalog/service.ts';
import { TtlCache } from '../../lib/ttl-cache.ts';
import type { Db } from '../../db/client.ts';
import type { ApiKeyPrincipal } from '../identity/policy.ts';
import { addNote, createServiceRequest, getServiceRequest, open311Status, transitionServiceRequest, type Status } from '../requests/index.ts';
import { OPEN_STATUSES, STATUSES, allowedTransitions, isStatus } from '../requests/status.ts';
import { ParamReader, attributeAnswers, type RawParams } from './params.ts';
import * as repo from './repository.ts';

/** The GeoReport v2 operations, in plain values; routes.ts renders them as JSON or XML. */

export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** Default window of GET requests when no date is given, and the most requests one page holds. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_PAGE_SIZE = 1000;
export const MAX_RADIUS_M = 50_000;
const DEFAULT_RADIUS_M = 1000;
const DAY_MS = 86_400_000;
const TRACKING = /^[A-Za-z]{2,5}-\d{4}-\d{1,12}$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The zone's UTC offset in minutes at an instant. Offsets change only on quarter-hour boundaries
 * (in UTC, for every zone in the tz database), so one luxon lookup serves a whole quarter hour.
 */
const offsets = new Map<string, number>();
const QUARTER_MS = 900_000;
function offsetMinutes(ms: number, zone: string): number {
  const key = `${zone}|${Math.floor(ms / QUARTER_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 200_000) offsets.clear();
    offset = DateTime.fromMillis(ms, { zone }).offset;
    offsets.set(key, offset);
  }
  return offset;
}

/** W3C date-time with the jurisdiction's offset, e.g. 2026-03-02T09:00:00-08:00 (whole seconds). */
export function w3c(date: Date | null | undefined, zone: string): string {
  if (!date) return '';
  const ms = Math.floor(date.getTime() / 1000) * 1000;
  const offset = offsetMinutes(ms, zone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const text = (l: Localized | null | undefined, locale: Locale): string => (l ? (l[locale] ?? l.en ?? '') : '');

/** The jurisdiction named by Open311's `jurisdiction_id`, or the default one when it is omitted. */
export async function jurisdictionOf(deps: Deps, params: RawParams): Promise<Jurisdiction> {
  const raw = params.jurisdiction_id;
  if (raw !== undefined && typeof raw !== 'string') throw new ValidationError([{ field: 'jurisdiction_id', code: 'repeated', message: 'jurisdiction_id must be given once' }]);
  const id = raw?.trim();
  return id ? getJurisdiction(deps, { open311Id: id }) : getJurisdiction(deps);
}

// ---------------------------------------------------------------- discovery and services

export function discovery(publicUrl: string, contact: string) {
  return {
    changeset: '2026-03-01T00:00:00Z',
    contact,
    key_service: `API keys for POST are issued by the city's 311 administrators (${publicUrl})`,
    endpoints: [
      {
        specification: SPEC_URL,
        url: `${publicUrl}/open311/v2`,
        changeset: '2026-03-01T00:00:00Z',
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/** Services a resident can report through Open311: active intake services that are not confidential. */
async function requestableServices(deps: Deps, jurisdiction: Jurisdiction) {
  const all = await listServices(deps, jurisdiction.id);
  return all.filter((s) => s.active && s.handling === 'intake' && !s.confidential);
}

export async function services(deps: Deps, jurisdiction: Jurisdiction, locale: Locale) {
  const list = await requestableServices(deps, jurisdiction);
  const withQuestions = await Promise.all(list.map((s) => getService(deps, jurisdiction.id, s.code)));
  const lastModified = await repo.selectServicesChangedAt(deps.db, jurisdiction.id);
  return {
    lastModified,
    services: list.map((s, i) => ({
      service_code: s.code,
      service_name: text(s.name, locale),
      description: text(s.description, locale),
      metadata: (withQuestions[i]?.attributes.length ?? 0) > 0,
      type: 'realtime',
      keywords: s.keywords.join(', '),
      group: text(s.groupName as Localized | null, locale),
    })),
  };
}

export async function serviceDefinition(deps: Deps, jurisdiction: Jurisdiction, serviceCode: string, locale: Locale) {
  const listed = await requestableServices(deps, jurisdiction);
  if (!listed.some((s) => s.code === serviceCode)) {
    throw new AppError('unknown_service', 404, `There is no service with service_code ${JSON.stringify(serviceCode)}`, { field: 'service_code' });
  }
  const service = await getService(deps, jurisdiction.id, serviceCode);
  return {
    service_code: service.code,
    attributes: service.attributes.map((a, i) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: '',
      order: i + 1,
      description: text(a.description, locale),
      values: a.values.map((v) => ({ key: v.key, name: text(v.name, locale) })),
    })),
  };
}

// ---------------------------------------------------------------- reading requests

/** The catalog as the request presenter needs it, derived once per cached service list. */
interface CatalogView {
  scope: repo.PublicScope;
  byId: Map<number, { code: string; name: Localized }>;
  idsByCode: Map<string, number>;
}
const views = new WeakMap<object, CatalogView>();
const districtCaches = new WeakMap<Db, TtlCache<Map<string, Localized>>>();

async function catalogView(deps: Deps, jurisdictionId: string): Promise<CatalogView> {
  const services = await listServices(deps, jurisdictionId);
  let view = views.get(services);
  if (!view) {
    view = {
      scope: { jurisdictionId, confidentialServiceIds: services.filter((s) => s.confidential).map((s) => s.id) },
      byId: new Map(services.map((s) => [s.id, { code: s.code, name: s.name }])),
      idsByCode: new Map(services.filter((s) => !s.confidential).map((s) => [s.code, s.id])),
    };
    views.set(services, view);
  }
  return view;
}

/** District names of a jurisdiction (for the `district_name` extension), cached like the catalog. */
function districtNames(deps: Deps, jurisdictionId: string): Promise<Map<string, Localized>> {
  let cache = districtCaches.get(deps.db);
  if (!cache) districtCaches.set(deps.db, (cache = new TtlCache(30_000)));
  return cache.get(jurisdictionId, async () => new Map((await listDistricts(deps, jurisdictionId)).map((d) => [d.id, d.name as Localized])));
}

export type PublicRequest = ReturnType<typeof presentRequest>;

interface Names {
  service: { code: string; name: Localized } | undefined;
  department: Localized;
  district: Localized | undefined;
}

/** A request's media_url: a client's own URL as sent, or our first public photo's address on the public site. */
const mediaUrlOf = (url: string | null, publicUrl: string): string => (url?.startsWith('/') ? `${publicUrl}${url}` : (url ?? ''));

function presentRequest(r: repo.PublicRequestRow, names: Names, zone: string, locale: Locale, notes: repo.PublicNoteRow[] | null, publicUrl: string) {
  const status = isStatus(r.status) ? r.status : 'new';
  const base = {
    service_request_id: r.tracking_number,
    status: open311Status(status),
    status_notes: r.status_notes ?? '',
    service_name: text(names.service?.name, locale),
    service_code: names.service?.code ?? '',
    description: r.description,
    agency_responsible: text(names.department, locale),
    service_notice: '',
    requested_datetime: w3c(r.created_at, zone),
    updated_datetime: w3c(r.updated_at, zone),
    expected_datetime: w3c(r.due_at, zone),
    address: r.address ?? '',
    address_id: r.address_id ?? '',
    zipcode: '',
    lat: r.lat === null ? null : Number(r.lat),
    long: r.lon === null ? null : Number(r.lon),
    media_url: mediaUrlOf(r.media_url, publicUrl),
  };
  if (!notes) return base;
  return {
    ...base,
    extended_attributes: {
      detailed_status: status,
      parent_service_request_id: r.parent_tracking_number ?? '',
      channel: r.channel,
      priority: r.priority,
      district: r.district_id ?? '',
      district_name: text(names.district, locale),
      support_count: r.support_count,
      attributes: Object.entries(r.attributes).map(([code, v]) => ({ code, values: (Array.isArray(v) ? v : [v]).map(String) })),
      notes: notes.map((n) => ({ datetime: w3c(n.at, zone), status: n.to_status ?? '', description: n.public_note })),
    },
  };
}

async function present(deps: Deps, view: CatalogView, rows: repo.PublicRequestRow[], zone: string, locale: Locale, extensions: boolean, publicUrl: string) {
  const departments = new Map<string, Localized>();
  for (const id of new Set(rows.map((r) => r.department_id))) departments.set(id, (await getDepartment(deps, id)).name as Localized);
  const districts = extensions ? await districtNames(deps, view.scope.jurisdictionId) : new Map<string, Localized>();
  const names = (r: repo.PublicRequestRow): Names => ({
    service: view.byId.get(r.service_id),
    department: departments.get(r.department_id) ?? {},
    district: r.district_id ? districts.get(r.district_id) : undefined,
  });
  if (!extensions) return rows.map((r) => presentRequest(r, names(r), zone, locale, null, publicUrl));
  const notes = await repo.selectPublicNotes(deps.db, rows.map((r) => r.id));
  return rows.map((r) => presentRequest(r, names(r), zone, locale, notes.filter((n) => n.request_id === r.id), publicUrl));
}

const truthy = (v: string | undefined): boolean => v === 'true' || v === '1';

export async function getRequest(deps: Deps, jurisdiction: Jurisdiction, id: string, params: RawParams, locale: Locale, publicUrl = '') {
  const p = new ParamReader(params);
  const extensions = truthy(p.text('extensions'));
  p.done();
  const ref = id.trim().toUpperCase();
  const view = await catalogView(deps, jurisdiction.id);
  const row = TRACKING.test(ref) ? await repo.selectPublicRequest(deps.db, view.scope, ref) : undefined;
  if (!row) throw new AppError('not_found', 404, `There is no service request ${JSON.stringify(id)}`, { field: 'service_request_id' });
  return present(deps, view, [row], jurisdiction.timeZone, locale, extensions, publicUrl);
}

/** GET requests: the filters, paging and extensions of GeoReport v2 and the extensions clients use. */
export async function listRequests(deps: Deps, jurisdiction: Jurisdiction, params: RawParams, locale: Locale, publicUrl = '') {
  const p = new ParamReader(params);
  const ids = p.list('service_request_id', TRACKING, MAX_PAGE_SIZE)?.map((s) => s.toUpperCase());
  const serviceCodes = p.list('service_code', CODE, 200);
  let createdFrom = p.dateTime('start_date');
  const createdTo = p.dateTime('end_date');
  const updatedAfter = p.dateTime('updated_after');
  const updatedBefore = p.dateTime('updated_before');
  const statusList = p.list('status', /^(open|closed)$/, 2);
  const page = p.integer('page', 1, 1_000_000) ?? 1;
  const pageSize = p.integer('page_size', 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
  const extensions = truthy(p.text('extensions'));
  const lat = p.number('lat', -90, 90);
  const long = p.number('long', -180, 180);
  const radius = p.number('radius', 1, MAX_RADIUS_M);
  const bboxText = p.text('bbox', 200);
  let box: repo.ListFilter['box'];
  if (bboxText !== undefined) {
    const parts = bboxText.split(',').map((s) => Number(s.trim()));
    const [west, south, east, north] = parts as [number, number, number, number];
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || west > east || south > north || south < -90 || north > 90 || west < -180 || east > 180) {
      p.problem('bbox', 'invalid_bbox', `bbox must be west,south,east,north in degrees (longitude, latitude, longitude, latitude), got ${JSON.stringify(bboxText)}`);
    } else box = { west, south, east, north };
  }
  if ((lat === undefined) !== (long === undefined)) p.problem(lat === undefined ? 'lat' : 'long', 'required', 'lat and long must be given together');
  if (radius !== undefined && lat === undefined) p.problem('radius', 'needs_point', 'radius needs lat and long');
  if (createdFrom && createdTo && createdFrom > createdTo) p.problem('start_date', 'invalid_range', 'start_date must not be after end_date');
  if (updatedAfter && updatedBefore && updatedAfter >= updatedBefore) p.problem('updated_after', 'invalid_range', 'updated_after must be before updated_before');
  p.done();

  const incremental = updatedAfter !== undefined || updatedBefore !== undefined;
  // The spec's default window: the last 90 days when no date is given (updated_* counts as a date).
  if (!ids && !incremental) {
    const now = deps.clock.now();
    if (!createdFrom && !createdTo) createdFrom = new Date(now.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    else if (!createdFrom && createdTo) createdFrom = new Date(createdTo.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  }
  let circle: repo.ListFilter['circle'];
  if (lat !== undefined && long !== undefined) {
    const radiusMeters = radius ?? DEFAULT_RADIUS_M;
    circle = { lon: long, lat, radiusMeters };
    const around = boxAround([long, lat], radiusMeters);
    box = box
      ? { west: Math.max(box.west, around.west), south: Math.max(box.south, around.south), east: Math.min(box.east, around.east), north: Math.min(box.north, around.north) }
      : around;
  }
  const statuses = statusList?.length === 1 ? STATUSES.filter((s) => (open311Status(s) === statusList[0])) : undefined;
  const view = await catalogView(deps, jurisdiction.id);
  const serviceIds = serviceCodes?.flatMap((code) => view.idsByCode.get(code) ?? []);
  if (serviceIds && !serviceIds.length && !ids) return [];
  const rows = await repo.selectPublicRequests(deps.db, {
    ...view.scope,
    ids,
    serviceIds,
    createdFrom,
    createdTo,
    updatedAfter,
    updatedBefore,
    statuses,
    box,
    circle,
    order: incremental && !ids ? 'updated_asc' : 'created_desc',
    limit: ids ? MAX_PAGE_SIZE : pageSize,
    offset: ids ? 0 : (page - 1) * pageSize,
  });
  if (ids) rows.sort((a, b) => ids.indexOf(a.tracking_number) - ids.indexOf(b.tracking_number));
  return present(deps, view, rows, jurisdiction.timeZone, locale, extensions, publicUrl);
}

export async function resolveToken(deps: Deps, jurisdiction: Jurisdiction, token: string) {
  const row = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await repo.selectToken(deps.db, (await catalogView(deps, jurisdiction.id)).scope, token) : undefined;
  if (!row) throw new AppError('not_found', 404, `There is no token ${JSON.stringify(token)}`, { field: 'token' });
  return [{ service_request_id: row.tracking_number, token }];
}

// ---------------------------------------------------------------- POST requests

/** Open311 names for intake's fields, so an error names what the client sent. */
const FIELD_NAMES: Record<string, string> = {
  'requester.email': 'email',
  'requester.phone': 'phone',
  'requester.name': 'first_name',
  location: 'lat',
  address: 'address_string',
  serviceCode: 'service_code',
  jurisdictionId: 'jurisdiction_id',
};

function renameProblems(error: unknown): never {
  if (error instanceof ValidationError) {
    throw new ValidationError(error.problems.map((p) => ({ ...p, field: FIELD_NAMES[p.field] ?? p.field })));
  }
  // A service that exists but takes no requests through intake is a bad service_code for this client.
  if (error instanceof AppError && ['unknown_service', 'service_inactive', 'service_not_requestable'].includes(error.code)) {
    throw new AppError(error.code, 400, error.message, { field: 'service_code' });
  }
  throw error;
}

/** The API key a POST carries: the spec's `api_key` form field, or the identity module's headers. */
export function requireKey(principal: ApiKeyPrincipal | null, scope: 'open311:write'): ApiKeyPrincipal {
  if (!principal) throw new AppError('api_key_required', 403, 'api_key is missing or not valid: send a Frontdoor API key (fdk_…) in the api_key field', { field: 'api_key' });
  if (!principal.scopes.includes(scope)) {
    throw new AppError('forbidden', 403, `This API key may not submit through Open311: it needs the ${scope} scope`, { field: 'api_key' });
  }
  return principal;
}

export async function createRequest(deps: Deps, jurisdiction: Jurisdiction, params: RawParams, key: ApiKeyPrincipal, ctx: AuditContext) {
  const p = new ParamReader(params);
  const serviceCode = p.text('service_code', 64);
  const lat = p.number('lat', -90, 90);
  const long = p.number('long', -180, 180);
  const addressString = p.text('address_string', 2000);
  const addressId = p.text('address_id', 200);
  const email = p.text('email', 254);
  const deviceId = p.text('device_id', 200);
  const accountId = p.text('account_id', 200);
  const firstName = p.text('first_name', 100);
  const lastName = p.text('last_name', 100);
  const phone = p.text('phone', 40);
  const description = p.text('description', 20_000);
  const mediaUrl = p.text('media_url', 2000);
  if (!serviceCode) p.problem('service_code', 'required', 'service_code is required');
  else if (!CODE.test(serviceCode)) p.problem('service_code', 'invalid', `service_code ${JSON.stringify(serviceCode)} is not a service code`);
  if ((lat === undefined) !== (long === undefined)) p.problem(lat === undefined ? 'lat' : 'long', 'required', 'lat and long must be given together');
  if (lat === undefined && long === undefined && !addressString && !addressId) {
    p.problem('lat', 'location_required', 'A location is required: lat and long, address_string or address_id');
  }
  if (mediaUrl !== undefined && !/^https?:\/\/[^\s<>"]+$/i.test(mediaUrl)) p.problem('media_url', 'invalid_url', 'media_url must be an http or https URL');
  p.done();
  const listed = await requestableServices(deps, jurisdiction);
  if (!listed.some((s) => s.code === serviceCode)) {
    throw new AppError('unknown_service', 400, `There is no service with service_code ${JSON.stringify(serviceCode)} that takes requests`, { field: 'service_code' });
  }
  const name = [firstName, lastName].filter(Boolean).join(' ');
  const requester = name || email || phone ? { name: name || undefined, email, phone } : undefined;
  const result = await createServiceRequest(deps, {
    jurisdictionId: jurisdiction.id,
    serviceCode: serviceCode as string,
    channel: 'open311',
    description: description ?? '',
    location: lat !== undefined && long !== undefined ? { lat, long } : undefined,
    address: addressString,
    attributes: attributeAnswers(params),
    requester,
    actor: `api_key:${key.name}`,
  }).catch(renameProblems);
  const r = result.request;
  const token = randomBytes(18).toString('base64url');
  // Two independent writes after the request's own one-statement write (see docs/open311.md).
  await Promise.all([
    repo.insertSubmission(deps.db, { requestId: r.id, token, mediaUrl: mediaUrl ?? null, addressId: addressId ?? null, deviceId: deviceId ?? null, accountId: accountId ?? null, apiKeyId: key.keyId, at: r.createdAt }),
    recordAudit(deps.db, { ...ctx, at: r.createdAt, action: 'request.created', target: { kind: 'service_request', id: r.id }, data: { tracking_number: r.trackingNumber, channel: 'open311' } }),
  ]);
  return [
    {
      service_request_id: r.trackingNumber,
      token,
      service_notice: '',
      account_id: accountId ?? '',
    },
  ];
}

// ---------------------------------------------------------------- mySociety's servicerequestupdates

/** Our detailed status as one of FixMyStreet's extended states (lower case, as FixMyStreet reads them). */
const FMS_STATE: Record<Status, string> = {
  new: 'open',
  acknowledged: 'open',
  reopened: 'open',
  in_progress: 'in_progress',
  on_hold: 'action_scheduled',
  resolved: 'fixed',
  closed: 'closed',
  cancelled: 'no_further_action',
  duplicate: 'duplicate',
  referred: 'not_councils_responsibility',
};

/** What an incoming state asks of the request: one of our statuses, or `open` (reopen if closed). */
const INCOMING: Record<string, Status | 'open'> = {
  open: 'open',
  investigating: 'in_progress',
  in_progress: 'in_progress',
  action_scheduled: 'in_progress',
  fixed: 'resolved',
  closed: 'closed',
  no_further_action: 'cancelled',
  not_councils_responsibility: 'cancelled',
  wont_fix: 'cancelled',
};

export async function listUpdates(deps: Deps, jurisdiction: Jurisdiction, params: RawParams) {
  const p = new ParamReader(params);
  const start = p.dateTime('start_date');
  const end = p.dateTime('end_date');
  const after = p.dateTime('updated_after');
  const before = p.dateTime('updated_before');
  const ids = p.list('service_request_id', TRACKING, MAX_PAGE_SIZE)?.map((s) => s.toUpperCase());
  const page = p.integer('page', 1, 1_000_000) ?? 1;
  const pageSize = p.integer('page_size', 1, MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE;
  let from = start && after ? new Date(Math.max(start.getTime(), after.getTime())) : (start ?? after);
  const to = end && before ? new Date(Math.min(end.getTime(), before.getTime())) : (end ?? before);
  if (from && to && from > to) p.problem('start_date', 'invalid_range', 'start_date must not be after end_date');
  p.done();
  if (!from && !ids) from = new Date((to ?? deps.clock.now()).getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  const rows = await repo.selectPublicUpdates(deps.db, { ...(await catalogView(deps, jurisdiction.id)).scope, from, to, ids, limit: pageSize, offset: (page - 1) * pageSize });
  const zone = jurisdiction.timeZone;
  return rows.map((u) => {
    const status = isStatus(u.status_after) ? u.status_after : 'new';
    return {
      update_id: String(u.id),
      service_request_id: u.tracking_number,
      status: FMS_STATE[status],
      updated_datetime: w3c(u.at, zone),
      description: u.public_note ?? '',
      media_url: u.media_url ?? '',
      extended_attributes: { detailed_status: status, open311_status: open311Status(status) },
    };
  });
}

/** POST servicerequestupdates: a partner system adds a public update, possibly changing the status. */
export async function postUpdate(deps: Deps, jurisdiction: Jurisdiction, params: RawParams, key: ApiKeyPrincipal, ctx: AuditContext) {
  const p = new ParamReader(params);
  const id = p.text('service_request_id', 40);
  const externalId = p.text('update_id', 200) ?? null;
  const stateText = p.text('status', 40)?.toLowerCase();
  const description = p.text('description', 20_000);
  const mediaUrl = p.text('media_url', 2000) ?? null;
  p.dateTime('updated_datetime'); // checked; the update is dated when we record it (see docs/open311.md)
  if (!id) p.problem('service_request_id', 'required', 'service_request_id is required');
  if (stateText !== undefined && !(stateText in INCOMING)) {
    p.problem('status', 'not_in_list', `status must be one of ${Object.keys(INCOMING).map((s) => s.toUpperCase()).join(', ')}; got ${JSON.stringify(stateText.toUpperCase())}`);
  }
  if (mediaUrl !== null && !/^https?:\/\/[^\s<>"]+$/i.test(mediaUrl)) p.problem('media_url', 'invalid_url', 'media_url must be an http or https URL');
  if (!description && (stateText === undefined || stateText === 'open')) p.problem('description', 'required', 'An update needs a description or a status change');
  p.done();
  if (externalId) {
    const earlier = await repo.selectUpdateByExternalId(deps.db, key.keyId, externalId);
    if (earlier) return [{ update_id: String(earlier.event_id) }];
  }
  const ref = TRACKING.test(id as string) ? await repo.selectRequestRef(deps.db, (await catalogView(deps, jurisdiction.id)).scope, (id as string).toUpperCase()) : undefined;
  if (!ref) throw new AppError('not_found', 404, `There is no service request ${JSON.stringify(id)}`, { field: 'service_request_id' });
  const current = await getServiceRequest(deps, ref.id);
  const wanted = stateText === undefined ? undefined : INCOMING[stateText];
  let to: Status | undefined;
  if (wanted === 'open') to = OPEN_STATUSES.includes(current.status) ? undefined : 'reopened';
  else if (wanted === 'closed') to = current.status === 'closed' ? undefined : allowedTransitions(current.status).includes('closed') ? 'closed' : 'resolved';
  else if (wanted !== undefined && wanted !== current.status) to = wanted;
  if (to !== undefined && !key.scopes.includes('requests:write')) {
    throw new AppError('forbidden', 403, 'This API key may add updates but not change a status: that needs the requests:write scope', { field: 'status' });
  }
  const actor = `api_key:${key.name}`;
  let eventId = 0;
  const within = async (trx: typeof deps.db) => {
    eventId = await repo.selectLastEventId(trx, ref.id);
    await repo.insertUpdateLink(trx, { eventId, apiKeyId: key.keyId, externalUpdateId: externalId, mediaUrl, at: deps.clock.now() });
    await recordAudit(trx, { ...ctx, at: deps.clock.now(), action: to ? 'request.transitioned' : 'request.noted', target: { kind: 'service_request', id: ref.id }, data: { tracking_number: current.trackingNumber, channel: 'open311', to: to ?? null } });
  };
  const problems: FieldProblem[] = [];
  try {
    if (to) await transitionServiceRequest(deps, { request: ref.id, to, expectedVersion: current.version, actor, publicNote: description }, within);
    else await addNote(deps, { request: ref.id, actor, publicNote: description }, within);
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const pr of error.problems) problems.push({ ...pr, field: pr.field === 'publicNote' ? 'description' : pr.field });
      throw new ValidationError(problems);
    }
    throw error;
  }
  return [{ update_id: String(eventId) }];
}
