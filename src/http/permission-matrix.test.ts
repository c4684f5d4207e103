import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../app.ts';
import { createApiKey, revokeApiKey } from '../modules/identity/index.ts';
import { openTestDatabase } from '../test/database.ts';
import { STAFF_PASSWORD, createPothole, createStaff, seedTestville, staffSession } from '../test/factories.ts';
import { registeredRoutes } from './openapi.ts';
import { createSmtpMailer } from '../lib/mailer.ts';
import { createCustomer, logContact, signInVisitor } from '../modules/contacts/index.ts';
import { attachPhotos, preparePhotos } from '../modules/media/index.ts';
import { multipartBody } from '../modules/media/test-helpers.ts';
import sharp from 'sharp';

/**
 * The permission matrix: every /api/v1 route the app registers × every kind of caller, against an
 * explicit table of what should happen. A route without a row fails, so no route can be added without
 * deciding who may call it. `ok` = 2xx; `404` = the caller may not know the request exists.
 */

const t = await openTestDatabase();
await seedTestville(t.deps);
// A real SMTP mailer that is never used here: the matrix tests who may call, not what is sent.
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' }, mailer: createSmtpMailer('smtp://127.0.0.1:9', 'matrix@localhost') });
after(() => app.close());

const CALLERS = ['anonymous', 'revoked_key', 'api_key', 'agent', 'bureau_staff', 'bureau_other', 'supervisor', 'analyst', 'administrator'] as const;
type Caller = (typeof CALLERS)[number];
type Outcome = 'ok' | '303' | '401' | '403' | '404';

const system = { actor: { kind: 'system' as const, label: 'matrix test' } };
const revoked = await createApiKey(t.deps, { name: 'revoked', scopes: ['requests:read'] }, system);
await revokeApiKey(t.deps, revoked.apiKey.id, system);
const key = await createApiKey(t.deps, { name: 'integration', scopes: ['requests:read', 'requests:write', 'requests:read_personal'] }, system);

const ROLE_OF: Record<Exclude<Caller, 'anonymous' | 'revoked_key' | 'api_key'>, { roles: string[]; departments?: string[] }> = {
  agent: { roles: ['agent'] },
  bureau_staff: { roles: ['bureau_staff'], departments: ['streets'] },
  bureau_other: { roles: ['bureau_staff'], departments: ['parks'] },
  supervisor: { roles: ['supervisor'] },
  analyst: { roles: ['analyst'] },
  administrator: { roles: ['administrator'] },
};
const sessions = new Map<Caller, Record<string, string>>();
for (const [caller, r] of Object.entries(ROLE_OF)) sessions.set(caller as Caller, (await staffSession(app, t.deps, r.roles, r.departments)).session.headers);
sessions.set('anonymous', {});
sessions.set('revoked_key', { authorization: `Bearer ${revoked.key}` });
sessions.set('api_key', { authorization: `Bearer ${key.key}` });
const agentId = (await createStaff(t.deps, { roles: ['agent'] })).id;

/** Headers of a throwaway account of the caller's role (for routes that end sessions). */
async function throwaway(caller: Caller): Promise<Record<string, string>> {
  if (!(caller in ROLE_OF)) return sessions.get(caller) ?? {};
  const r = ROLE_OF[caller as keyof typeof ROLE_OF];
  return (await staffSession(app, t.deps, r.roles, r.departments)).session.headers;
}

let unique = 0;
const PHOTO = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).jpeg().toBuffer();
const pothole = async () => (await createPothole(t.deps)).request;

type Build = (caller: Caller) => Promise<Omit<InjectOptions, 'headers'> & { headers?: Record<string, string> }>;
const o = (...outcomes: Outcome[]): Record<Caller, Outcome> => Object.fromEntries(CALLERS.map((c, i) => [c, outcomes[i]])) as Record<Caller, Outcome>;

//                         anonymous revoked api_key agent bureau bureau_other supervisor analyst admin
const READ_ANY = o('401', '401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const READ_REQUEST = o('401', '401', 'ok', 'ok', 'ok', '404', 'ok', 'ok', 'ok');
const WRITE_REQUEST = o('401', '401', 'ok', 'ok', 'ok', '404', 'ok', '403', 'ok');
const CREATE_REQUEST = o('401', '401', 'ok', 'ok', 'ok', 'ok', 'ok', '403', 'ok');
const ADMIN_ONLY = o('401', '401', '403', '403', '403', '403', '403', '403', 'ok');
const STAFF_ONLY = o('401', '401', '403', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const ANYONE = o('ok', '401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const NOT_A_RESIDENT = o('401', '401', '401', '401', '401', '401', '401', '401', '401');
const KB_READ = o('401', '401', '403', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
const KB_EDIT_STREETS = o('401', '401', '403', '403', 'ok', '403', 'ok', '403', 'ok');
const KB_QUEUES = o('401', '401', '403', '403', 'ok', 'ok', 'ok', '403', 'ok');
const ALERTS_PUBLISH = o('401', '401', '403', '403', '403', '403', 'ok', '403', 'ok');
const CHAT_ANSWER = o('401', '401', '403', 'ok', '403', '403', 'ok', '403', 'ok');
const SUPERVISORS = o('401', '401', '403', '403', '403', '403', 'ok', '403', 'ok');

/** A saved view the caller owns (staff callers), else one of another account (refused before it matters). */
async function ownView(caller: Caller): Promise<number> {
  const headers = sessions.get(caller) ?? {};
  const created = await app.inject({ method: 'POST', url: '/api/v1/queue/views', headers, payload: { name: `Own ${++unique}` } });
  if (created.statusCode === 201) return (created.json() as { view: { id: number } }).view.id;
  const row = await t.deps.db.insertInto('queue_views').values({ owner_id: agentId, name: `Other ${++unique}`, filters: '{}', sort: 'due', created_at: t.clock.now(), updated_at: t.clock.now() }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A fresh response template of the streets department (version 1). */
async function template(): Promise<number> {
  const row = await t.deps.db.insertInto('response_templates').values({ department_id: 'streets', name: `Tpl ${++unique}`, texts: JSON.stringify({ en: 'Done' }), created_at: t.clock.now(), updated_at: t.clock.now() }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A notification that could not be delivered (a dead letter), for the retry route. */
async function deadLetter(): Promise<number> {
  const row = await t.deps.db
    .insertInto('notification_outbox')
    .values({ event_key: `matrix:${++unique}`, channel: 'email', recipient: 'dead@example.org', locale: 'en', template: 'request.received', data: '{}', status: 'failed', created_at: t.clock.now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Contacts module (issue 6): 311 staff only (agent, supervisor, administrator). */
const CONTACTS = o('401', '401', '403', 'ok', '403', '403', 'ok', '403', 'ok');
const newContact = async () => (await logContact(t.deps, { channel: 'phone' }, system)).contact.row.id;
const newCustomer = async () => (await createCustomer(t.deps, { name: `Matrix Customer ${++unique}`, phones: [`50355${String(10000 + unique)}`] }, system)).id;
const newVisit = async () => (await signInVisitor(t.deps, { visitorName: 'Matrix Visitor', purpose: 'Permit', host: 'Counter' }, null, system)).id;

/** A fresh one-time resident sign-in link (its path), read from the e-mail job it queued. */
async function residentLink(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email: `link${++unique}@example.org` } });
  assert.equal(res.statusCode, 202, res.body);
  const job = await t.deps.db.selectFrom('jobs').select('payload').where('name', '=', 'residents.send-sign-in-link').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return new URL(String(job.payload.url)).pathname + new URL(String(job.payload.url)).search;
}

const MATRIX: Record<string, { expect: Record<Caller, Outcome>; build: Build; ownSession?: boolean }> = {
  // identity
  'POST /api/v1/auth/sign-in': { expect: ANYONE, ownSession: true, build: async () => ({ payload: { email: (await createStaff(t.deps)).email, password: STAFF_PASSWORD } }) },
  'POST /api/v1/auth/sign-out': { expect: STAFF_ONLY, ownSession: true, build: async () => ({}) },
  'POST /api/v1/auth/sign-out-everywhere': { expect: STAFF_ONLY, ownSession: true, build: async () => ({}) },
  // Whether single sign-on is on: public (start and callback exist only when it is configured).
  'GET /api/v1/auth/oidc': { expect: ANYONE, build: async () => ({}) },
  'GET /api/v1/auth/me': { expect: o('401', '401', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'), build: async () => ({}) },
  'GET /api/v1/roles': { expect: ADMIN_ONLY, build: async () => ({}) },
  'GET /api/v1/users': { expect: ADMIN_ONLY, build: async () => ({}) },
  'GET /api/v1/users/:id': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/users/${agentId}` }) },
  'POST /api/v1/users': { expect: ADMIN_ONLY, build: async () => ({ payload: { email: `new${++unique}@testville.example`, name: 'New', roles: ['agent'] } }) },
  'PATCH /api/v1/users/:id': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/users/${(await createStaff(t.deps)).id}`, payload: { name: 'Renamed' } }) },
  'GET /api/v1/api-keys': { expect: ADMIN_ONLY, build: async () => ({}) },
  'GET /api/v1/permissions': { expect: ADMIN_ONLY, build: async () => ({}) },
  'POST /api/v1/api-keys': { expect: ADMIN_ONLY, build: async () => ({ payload: { name: `k${++unique}`, scopes: ['requests:read'] } }) },
  'DELETE /api/v1/api-keys/:id': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/api-keys/${(await createApiKey(t.deps, { name: `d${++unique}`, scopes: ['requests:read'] }, system)).apiKey.id}` }) },
  'GET /api/v1/audit': { expect: ADMIN_ONLY, build: async () => ({}) },
  // notifications (issue 8): dead letters for administrators, survey figures for analytics, anyone may ask to follow by e-mail;
  // the inbound e-mail webhook is off (404) unless its shared secret is configured, and never takes principals
  'GET /api/v1/notifications/dead-letters': { expect: ADMIN_ONLY, build: async () => ({}) },
  'POST /api/v1/notifications/dead-letters/:id/retry': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/notifications/dead-letters/${await deadLetter()}/retry` }) },
  'GET /api/v1/notifications/surveys/summary': { expect: o('401', '401', '403', '403', '403', '403', 'ok', 'ok', 'ok'), build: async () => ({}) },
  // analytics (issue 9): dashboard tiles and populations for analytics:read, populations loaded by catalog:admin, public aggregates for anyone
  'GET /api/v1/analytics/tiles/:tile': { expect: o('401', '401', '403', '403', '403', '403', 'ok', 'ok', 'ok'), build: async () => ({ url: '/api/v1/analytics/tiles/summary' }) },
  'GET /api/v1/analytics/populations': { expect: o('401', '401', '403', '403', '403', '403', 'ok', 'ok', 'ok'), build: async () => ({}) },
  'GET /api/v1/analytics/districts': { expect: o('401', '401', '403', '403', '403', '403', 'ok', 'ok', 'ok'), build: async () => ({}) },
  'PUT /api/v1/analytics/populations': { expect: ADMIN_ONLY, build: async () => ({ payload: { districts: [{ districtId: 'east', population: 1000, source: 'matrix test' }] } }) },
  'GET /api/v1/analytics/public': { expect: ANYONE, build: async () => ({}) },
  'POST /api/v1/requests/:ref/email-followers': { expect: ANYONE, build: async () => ({ url: `/api/v1/requests/${(await pothole()).trackingNumber}/email-followers`, payload: { email: `follower${++unique}@example.org` } }) },
  'POST /api/v1/inbound/email': { expect: o('404', '401', '404', '404', '404', '404', '404', '404', '404'), build: async () => ({ headers: { 'content-type': 'message/rfc822' }, payload: 'From: a@example.org\r\nSubject: hi\r\n\r\nhello' }) },
  // service requests
  'GET /api/v1/requests': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/requests/duplicates': { expect: READ_ANY, build: async () => ({ url: '/api/v1/requests/duplicates?service_code=POTHOLE&lat=45.5&long=-122.61' }) },
  'GET /api/v1/requests/:ref': { expect: READ_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).trackingNumber}` }) },
  'POST /api/v1/requests': { expect: CREATE_REQUEST, build: async () => ({ payload: { serviceCode: 'STREETLIGHT', channel: 'phone', description: 'Out', location: { lat: 45.5, long: -122.61 } } }) },
  'POST /api/v1/requests/:ref/transition': { expect: WRITE_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/transition`, payload: { to: 'acknowledged', expectedVersion: 1 } }) },
  'POST /api/v1/requests/:ref/notes': { expect: WRITE_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/notes`, payload: { internalNote: 'Called back' } }) },
  'POST /api/v1/requests/:ref/assign': { expect: WRITE_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/assign`, payload: { assigneeId: agentId, expectedVersion: 1 } }) },
  'POST /api/v1/requests/:ref/merge': {
    expect: WRITE_REQUEST,
    build: async () => {
      const parent = await pothole();
      return { url: `/api/v1/requests/${(await pothole()).id}/merge`, payload: { parent: parent.trackingNumber } };
    },
  },
  // photos (multipart uploads; read back at the staff address)
  'POST /api/v1/requests/:ref/media': {
    expect: WRITE_REQUEST,
    build: async () => {
      const body = multipartBody([], [{ name: 'photos', filename: 'p.jpg', contentType: 'image/jpeg', data: PHOTO }]);
      return { url: `/api/v1/requests/${(await pothole()).id}/media`, headers: body.headers, payload: body.payload };
    },
  },
  'GET /api/v1/media/:id': {
    expect: READ_REQUEST,
    build: async () => {
      const [photo] = await attachPhotos(t.deps, (await pothole()).id, await preparePhotos([{ data: PHOTO, keepExif: false }]), { public: false, uploadedBy: 'resident' });
      return { url: `/api/v1/media/${photo?.id}` };
    },
  },
  'POST /api/v1/requests/:ref/support': { expect: WRITE_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/support`, payload: { channel: 'phone', supporter: { name: 'Neighbour' } } }) },
  // contacts, customers, visits (issue 6): the 311 center's staff; bureau staff and analysts have none of it
  'GET /api/v1/contacts': { expect: CONTACTS, build: async () => ({}) },
  'GET /api/v1/contacts/first-contact-resolution': { expect: CONTACTS, build: async () => ({ url: '/api/v1/contacts/first-contact-resolution?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z' }) },
  'POST /api/v1/contacts': { expect: CONTACTS, build: async () => ({ payload: { channel: 'phone' } }) },
  'GET /api/v1/contacts/:id': { expect: CONTACTS, build: async () => ({ url: `/api/v1/contacts/${await newContact()}` }) },
  'PATCH /api/v1/contacts/:id': { expect: CONTACTS, build: async () => ({ url: `/api/v1/contacts/${await newContact()}`, payload: { notes: 'Asked about permits' } }) },
  'POST /api/v1/contacts/:id/close': { expect: CONTACTS, build: async () => ({ url: `/api/v1/contacts/${await newContact()}/close`, payload: { outcome: 'answered' } }) },
  'GET /api/v1/customers': { expect: CONTACTS, build: async () => ({ url: '/api/v1/customers?q=matrix' }) },
  'POST /api/v1/customers': { expect: CONTACTS, build: async () => ({ payload: { name: `New customer ${++unique}` } }) },
  'GET /api/v1/customers/:id': { expect: CONTACTS, build: async () => ({ url: `/api/v1/customers/${await newCustomer()}` }) },
  'PATCH /api/v1/customers/:id': { expect: CONTACTS, build: async () => ({ url: `/api/v1/customers/${await newCustomer()}`, payload: { expectedVersion: 1, notes: 'Prefers mornings' } }) },
  'POST /api/v1/customers/:id/merge': { expect: CONTACTS, build: async () => ({ url: `/api/v1/customers/${await newCustomer()}/merge`, payload: { from: await newCustomer() } }) },
  'GET /api/v1/visits': { expect: CONTACTS, build: async () => ({}) },
  'POST /api/v1/visits': { expect: CONTACTS, build: async () => ({ payload: { visitorName: 'Visitor', purpose: 'Permit', host: 'Counter' } }) },
  'POST /api/v1/visits/:id/sign-out': { expect: CONTACTS, build: async () => ({ url: `/api/v1/visits/${await newVisit()}/sign-out`, payload: {} }) },
  // bureau work queue (issue 6): the queue list, counts, saved views (staff only), templates, bulk changes, merge candidates
  'GET /api/v1/queue/requests': { expect: READ_ANY, build: async () => ({ url: '/api/v1/queue/requests?sort=due' }) },
  'GET /api/v1/queue/summary': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/queue/assignees': { expect: READ_REQUEST, build: async () => ({ url: '/api/v1/queue/assignees?department=streets' }) },
  'GET /api/v1/queue/views': { expect: STAFF_ONLY, build: async () => ({}) },
  'POST /api/v1/queue/views': { expect: STAFF_ONLY, build: async () => ({ payload: { name: `View ${++unique}`, filters: { overdue: 'true' } } }) },
  'PATCH /api/v1/queue/views/:id': { expect: STAFF_ONLY, build: async (caller) => ({ url: `/api/v1/queue/views/${await ownView(caller)}`, payload: { name: `Renamed ${++unique}` } }) },
  'DELETE /api/v1/queue/views/:id': { expect: STAFF_ONLY, build: async (caller) => ({ url: `/api/v1/queue/views/${await ownView(caller)}` }) },
  'GET /api/v1/response-templates': { expect: READ_ANY, build: async () => ({}) },
  'POST /api/v1/response-templates': { expect: SUPERVISORS, build: async () => ({ payload: { department: 'streets', name: `T${++unique}`, texts: { en: 'Done: {tracking_number}' } } }) },
  'PATCH /api/v1/response-templates/:id': { expect: SUPERVISORS, build: async () => ({ url: `/api/v1/response-templates/${await template()}`, payload: { name: `T${++unique}`, expectedVersion: 1 } }) },
  'GET /api/v1/requests/:ref/response-templates': { expect: READ_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/response-templates?locale=es` }) },
  'GET /api/v1/requests/:ref/merge-candidates': { expect: READ_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).trackingNumber}/merge-candidates` }) },
  'GET /api/v1/requests/:ref/audience': { expect: READ_REQUEST, build: async () => ({ url: `/api/v1/requests/${(await pothole()).id}/audience` }) },
  // bulk: 200 with per-item results for every writer (another department's items come back as 404 inside)
  'POST /api/v1/requests/bulk': { expect: o('401', '401', 'ok', 'ok', 'ok', 'ok', 'ok', '403', 'ok'), build: async () => ({ payload: { action: 'assign', assigneeId: null, items: [{ ref: (await pothole()).id, expectedVersion: 1 }] } }) },
  'GET /api/v1/supervision/overview': { expect: SUPERVISORS, build: async () => ({}) },
  // catalog
  'GET /api/v1/services': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/services/:code': { expect: READ_ANY, build: async () => ({ url: '/api/v1/services/POTHOLE' }) },
  'PATCH /api/v1/services/:code': { expect: ADMIN_ONLY, build: async () => ({ url: '/api/v1/services/GRAFFITI', payload: { slaHours: 24 } }) },
  'GET /api/v1/departments': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/districts': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/routing-rules': { expect: READ_ANY, build: async () => ({}) },
  'POST /api/v1/routing-rules': { expect: ADMIN_ONLY, build: async () => ({ payload: { serviceCode: 'GRAFFITI', districtId: 'east', departmentId: 'east-crew' } }) },
  // catalog administration (console admin screens): pickers for anyone signed in, changes need catalog:admin
  'GET /api/v1/service-groups': { expect: READ_ANY, build: async () => ({}) },
  'GET /api/v1/jurisdictions': { expect: READ_ANY, build: async () => ({}) },
  'POST /api/v1/services': { expect: ADMIN_ONLY, build: async () => ({ payload: { code: `MATRIX_${++unique}`, name: { en: 'Matrix service' }, departmentId: 'streets' } }) },
  'GET /api/v1/services/:code/attributes': { expect: ADMIN_ONLY, build: async () => ({ url: '/api/v1/services/POTHOLE/attributes' }) },
  'PUT /api/v1/services/:code/attributes': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/services/${await newService()}/attributes`, payload: { expectedVersion: 1, attributes: [{ code: 'Q', datatype: 'string', description: { en: 'Q?' } }] } }) },
  'GET /api/v1/calendar': { expect: READ_ANY, build: async () => ({}) },
  'PUT /api/v1/calendar/hours': { expect: ADMIN_ONLY, build: async () => ({ payload: { hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' })), observesFederalHolidays: true } }) },
  'POST /api/v1/calendar/holidays': { expect: ADMIN_ONLY, build: async () => ({ payload: { date: matrixDate(), name: 'Matrix holiday' } }) },
  'DELETE /api/v1/calendar/holidays/:date': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/calendar/holidays/${await newHoliday()}` }) },
  // resident accounts: anyone may ask for a link and use one; a staff session is not a resident session
  'POST /api/v1/residents/sign-in-link': { expect: ANYONE, build: async () => ({ payload: { email: `resident${++unique}@example.org` } }) },
  'GET /api/v1/residents/sign-in': { expect: o('303', '401', '303', '303', '303', '303', '303', '303', '303'), build: async () => ({ url: await residentLink() }) },
  'GET /api/v1/residents/me': { expect: NOT_A_RESIDENT, build: async () => ({}) },
  'POST /api/v1/residents/follows': { expect: NOT_A_RESIDENT, build: async () => ({ payload: { request: (await pothole()).trackingNumber } }) },
  'DELETE /api/v1/residents/follows/:ref': { expect: NOT_A_RESIDENT, build: async () => ({ url: `/api/v1/residents/follows/${(await pothole()).trackingNumber}` }) },
  'POST /api/v1/residents/sign-out': { expect: NOT_A_RESIDENT, build: async () => ({}) },
  'PATCH /api/v1/routing-rules/:id': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/routing-rules/${await newRule()}`, payload: { priority: 5 } }) },
  'DELETE /api/v1/routing-rules/:id': { expect: ADMIN_ONLY, build: async () => ({ url: `/api/v1/routing-rules/${await newRule()}` }) },
  // search: anyone searches (staff with kb:read see more); synonyms and the no-results list need search:manage
  'GET /api/v1/search': { expect: ANYONE, build: async () => ({ url: '/api/v1/search?q=pothole' }) },
  // geocoding: public, rate-limited per client address
  'GET /api/v1/geocode': { expect: ANYONE, build: async () => ({ url: '/api/v1/geocode?q=1%20Main%20St' }) },
  'GET /api/v1/geocode/reverse': { expect: ANYONE, build: async () => ({ url: '/api/v1/geocode/reverse?lat=45.5&long=-122.6' }) },
  'GET /api/v1/search/synonyms': { expect: o('401', '401', '403', '403', '403', '403', 'ok', '403', 'ok'), build: async () => ({}) },
  'PUT /api/v1/search/synonyms': { expect: o('401', '401', '403', '403', '403', '403', 'ok', '403', 'ok'), build: async () => ({ payload: { sets: [['trash', 'garbage']] } }) },
  'GET /api/v1/search/no-results': { expect: o('401', '401', '403', '403', '403', '403', 'ok', '403', 'ok'), build: async () => ({}) },
  // knowledge base, staff: kb:read (every role; not this API key's scopes), kb:edit / kb:flags for the owner
  // department (these articles belong to streets), kb:publish for supervisors and administrators
  'GET /api/v1/kb/articles': { expect: KB_READ, build: async () => ({}) },
  'POST /api/v1/kb/articles': { expect: KB_EDIT_STREETS, build: async () => ({ payload: { slug: `kb-new-${++unique}`, locale: 'en', title: 'New article', owner: 'streets' } }) },
  'GET /api/v1/kb/articles/:id': { expect: KB_READ, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}` }) },
  'PATCH /api/v1/kb/articles/:id': { expect: KB_EDIT_STREETS, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}`, payload: { expectedVersion: 1, summary: 'Changed' } }) },
  'POST /api/v1/kb/articles/:id/transition': { expect: KB_EDIT_STREETS, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}/transition`, payload: { to: 'in_review', expectedVersion: 1 } }) },
  'GET /api/v1/kb/articles/:id/versions': { expect: KB_READ, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}/versions` }) },
  'GET /api/v1/kb/articles/:id/versions/:version': { expect: KB_READ, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}/versions/1` }) },
  'GET /api/v1/kb/articles/:id/diff': { expect: KB_READ, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle(true)).id}/diff?from=1&to=3` }) },
  'POST /api/v1/kb/articles/:id/flags': { expect: KB_READ, build: async () => ({ url: `/api/v1/kb/articles/${(await kbArticle()).id}/flags`, payload: { reason: 'outdated' } }) },
  'POST /api/v1/kb/preview': { expect: o('401', '401', '403', '403', 'ok', 'ok', 'ok', '403', 'ok'), build: async () => ({ payload: { body: '# Preview' } }) },
  'GET /api/v1/kb/review-queue': { expect: KB_QUEUES, build: async () => ({}) },
  'GET /api/v1/kb/flags': { expect: KB_QUEUES, build: async () => ({}) },
  'POST /api/v1/kb/flags/:id/resolve': { expect: KB_EDIT_STREETS, build: async () => ({ url: `/api/v1/kb/flags/${await kbFlag()}/resolve`, payload: { status: 'resolved', note: 'Fixed' } }) },
  // knowledge base, residents: published public articles, anonymous flags and feedback
  'GET /api/v1/articles': { expect: ANYONE, build: async () => ({}) },
  'GET /api/v1/articles/:slug': { expect: ANYONE, build: async () => ({ url: `/api/v1/articles/${(await kbArticle(true)).slug}` }) },
  'POST /api/v1/articles/:slug/flags': { expect: ANYONE, build: async () => ({ url: `/api/v1/articles/${(await kbArticle(true)).slug}/flags`, payload: { reason: 'unclear' } }) },
  'POST /api/v1/articles/:slug/feedback': { expect: ANYONE, build: async () => ({ url: `/api/v1/articles/${(await kbArticle(true)).slug}/feedback`, payload: { helpful: true } }) },
  // emergency notices: alerts:publish (supervisors and administrators); the banner and subscriptions are public
  'GET /api/v1/alerts/notices': { expect: ALERTS_PUBLISH, build: async () => ({}) },
  'POST /api/v1/alerts/notices': { expect: ALERTS_PUBLISH, build: async () => ({ payload: alertNotice() }) },
  'GET /api/v1/alerts/notices/:id': { expect: ALERTS_PUBLISH, build: async () => ({ url: `/api/v1/alerts/notices/${await draftNotice()}` }) },
  'PATCH /api/v1/alerts/notices/:id': { expect: ALERTS_PUBLISH, build: async () => ({ url: `/api/v1/alerts/notices/${await draftNotice()}`, payload: { expectedVersion: 1, severity: 'minor' } }) },
  'POST /api/v1/alerts/notices/:id/publish': { expect: ALERTS_PUBLISH, build: async () => ({ url: `/api/v1/alerts/notices/${await draftNotice()}/publish`, payload: { expectedVersion: 1 } }) },
  'POST /api/v1/alerts/notices/:id/cancel': { expect: ALERTS_PUBLISH, build: async () => ({ url: `/api/v1/alerts/notices/${await draftNotice()}/cancel`, payload: { expectedVersion: 1 } }) },
  'GET /api/v1/alerts/banner': { expect: ANYONE, build: async () => ({ url: '/api/v1/alerts/banner?locale=es' }) },
  'POST /api/v1/alerts/subscriptions': { expect: ANYONE, build: async () => ({ payload: { email: `alerts${++unique}@example.org`, area: { kind: 'district', districtId: 'east' } } }) },
  'GET /api/v1/alerts/subscriptions/confirm': { expect: ANYONE, build: async () => ({ url: await subscriptionLink('confirmUrl') }) },
  'GET /api/v1/alerts/subscriptions/unsubscribe': { expect: ANYONE, build: async () => ({ url: await subscriptionLink('unsubscribeUrl') }) },
  // web chat, residents: anyone (their own chat by its cookie); agents: chat:answer (agents, supervisors, administrators)
  'GET /api/v1/chat/availability': { expect: ANYONE, build: async () => ({}) },
  'POST /api/v1/chat/conversation': { expect: ANYONE, build: async () => (await chatOffered(), { payload: { locale: 'es' }, remoteAddress: `10.0.${++unique % 250}.${unique % 250}` }) },
  'GET /api/v1/chat/conversation': { expect: ANYONE, build: async () => ({ headers: { cookie: await chatCookie() } }) },
  'POST /api/v1/chat/conversation/messages': { expect: ANYONE, build: async () => ({ headers: { cookie: await chatCookie() }, payload: { body: 'Hello' } }) },
  'POST /api/v1/chat/conversation/end': { expect: ANYONE, build: async () => ({ headers: { cookie: await chatCookie() } }) },
  'GET /api/v1/chat/conversation/events': { expect: ANYONE, build: async () => ({ url: '/api/v1/chat/conversation/events?poll=1', headers: { cookie: await chatCookie() } }) },
  'POST /api/v1/chat/left-messages': { expect: ANYONE, build: async () => ({ payload: { name: 'Pat', email: `chat${++unique}@example.org`, message: 'Call me' }, remoteAddress: `10.1.${++unique % 250}.${unique % 250}` }) },
  'GET /api/v1/chat/presence': { expect: CHAT_ANSWER, build: async () => ({}) },
  'PUT /api/v1/chat/presence': { expect: CHAT_ANSWER, build: async () => ({ payload: { available: false } }) },
  'GET /api/v1/chat/queue': { expect: CHAT_ANSWER, build: async () => ({}) },
  'GET /api/v1/chat/events': { expect: CHAT_ANSWER, build: async () => ({ url: '/api/v1/chat/events?poll=1' }) },
  'GET /api/v1/chat/conversations/:id': { expect: CHAT_ANSWER, build: async () => ({ url: `/api/v1/chat/conversations/${await chatFor(null)}` }) },
  'POST /api/v1/chat/conversations/:id/accept': { expect: CHAT_ANSWER, build: async () => ({ url: `/api/v1/chat/conversations/${await chatFor(null)}/accept` }) },
  'POST /api/v1/chat/conversations/:id/messages': { expect: CHAT_ANSWER, build: async (caller) => ({ url: `/api/v1/chat/conversations/${await chatFor(caller)}/messages`, payload: { body: 'Hi' } }) },
  'POST /api/v1/chat/conversations/:id/end': { expect: CHAT_ANSWER, build: async (caller) => ({ url: `/api/v1/chat/conversations/${await chatFor(caller)}/end`, payload: { outcome: 'answered' } }) },
  'GET /api/v1/chat/callbacks': { expect: CHAT_ANSWER, build: async () => ({}) },
  'POST /api/v1/chat/callbacks/:id/done': { expect: CHAT_ANSWER, build: async () => ({ url: `/api/v1/chat/callbacks/${await leftMessage()}/done` }) },
};

/** Live chat is offered: the administrator (who answers chats) marks themselves available. */
async function chatOffered(): Promise<void> {
  const res = await app.inject({ method: 'PUT', url: '/api/v1/chat/presence', headers: sessions.get('administrator') ?? {}, payload: { available: true } });
  assert.equal(res.statusCode, 200, res.body);
}

/** A resident's chat cookie, for a fresh waiting chat (from its own address: the start limit is per address). */
async function chatCookie(): Promise<string> {
  await chatOffered();
  const res = await app.inject({ method: 'POST', url: '/api/v1/chat/conversation', payload: {}, remoteAddress: `10.2.${++unique % 250}.${unique % 250}` });
  assert.equal(res.statusCode, 201, res.body);
  const cookie = res.cookies.find((c) => c.name === 'frontdoor_chat');
  assert.ok(cookie);
  return `frontdoor_chat=${cookie.value}`;
}

/** A fresh chat's id: accepted by `caller` when they may answer chats (only its agent writes in it), else waiting. */
async function chatFor(caller: Caller | null): Promise<number> {
  await chatCookie();
  const row = await t.deps.db.selectFrom('chat_conversations').select('id').where('status', '=', 'waiting').orderBy('id', 'desc').executeTakeFirstOrThrow();
  if (caller && ['agent', 'supervisor', 'administrator'].includes(caller)) {
    const res = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${row.id}/accept`, headers: sessions.get(caller) ?? {} });
    assert.equal(res.statusCode, 200, res.body);
  }
  return row.id;
}

/** A message left for a call back: its id. */
async function leftMessage(): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/chat/left-messages', payload: { name: 'Kim', phone: '503-555-0100', message: 'Please call' }, remoteAddress: `10.3.${++unique % 250}.${unique % 250}` });
  assert.equal(res.statusCode, 202, res.body);
  return (await t.deps.db.selectFrom('chat_conversations').select('id').where('status', '=', 'left_message').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
}

/** A fresh service (version 1) with no questions, made by the administrator. */
async function newService(): Promise<string> {
  const code = `MATRIX_Q${++unique}`;
  const res = await app.inject({ method: 'POST', url: '/api/v1/services', headers: sessions.get('administrator') ?? {}, payload: { code, name: { en: 'Matrix questions' }, departmentId: 'streets' } });
  assert.equal(res.statusCode, 201, res.body);
  return code;
}

/** A date no other matrix row has used (holidays are unique per date). */
const matrixDate = (): string => new Date(Date.UTC(2031, 0, 1) + ++unique * 86_400_000).toISOString().slice(0, 10);

/** A fresh local holiday, added by the administrator; its date. */
async function newHoliday(): Promise<string> {
  const date = matrixDate();
  const res = await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', headers: sessions.get('administrator') ?? {}, payload: { date, name: 'To remove' } });
  assert.equal(res.statusCode, 201, res.body);
  return date;
}

const alertNotice = () => ({ severity: 'moderate', event: { en: 'Test' }, title: { en: 'Matrix notice' }, body: { en: 'Only a test' }, area: { kind: 'district', districtId: 'east' }, expiresAt: '2030-01-01T00:00:00Z' });

/** A fresh draft notice (version 1), written by the administrator. */
async function draftNotice(): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/alerts/notices', headers: sessions.get('administrator') ?? {}, payload: alertNotice() });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { notice: { id: number } }).notice.id;
}

/** The path of a fresh subscription's confirm or unsubscribe link, read from the confirmation it queued. */
async function subscriptionLink(which: 'confirmUrl' | 'unsubscribeUrl'): Promise<string> {
  const email = `link-alerts${++unique}@example.org`;
  const res = await app.inject({ method: 'POST', url: '/api/v1/alerts/subscriptions', payload: { email, area: { kind: 'jurisdiction' } } });
  assert.equal(res.statusCode, 202, res.body);
  const row = await t.deps.db.selectFrom('notification_outbox').select('data').where('recipient', '=', email).where('template', '=', 'alerts.confirm').executeTakeFirstOrThrow();
  const url = new URL(String(row.data[which]));
  return url.pathname + url.search;
}

/** A knowledge-base article owned by streets, written by the administrator; published (version 3) when asked. */
async function kbArticle(publish = false): Promise<{ id: number; slug: string }> {
  const admin = sessions.get('administrator') ?? {};
  const slug = `kb-matrix-${++unique}`;
  const res = await app.inject({ method: 'POST', url: '/api/v1/kb/articles', headers: admin, payload: { slug, locale: 'en', title: 'Matrix article', owner: 'streets' } });
  assert.equal(res.statusCode, 201, res.body);
  const id = (res.json() as { article: { id: number } }).article.id;
  for (const [to, expectedVersion] of publish ? ([['in_review', 1], ['published', 2]] as const) : []) {
    const step = await app.inject({ method: 'POST', url: `/api/v1/kb/articles/${id}/transition`, headers: admin, payload: { to, expectedVersion } });
    assert.equal(step.statusCode, 200, step.body);
  }
  return { id, slug };
}

/** An open flag on a fresh article of streets. */
async function kbFlag(): Promise<number> {
  const res = await app.inject({ method: 'POST', url: `/api/v1/kb/articles/${(await kbArticle()).id}/flags`, headers: sessions.get('administrator') ?? {}, payload: { reason: 'wrong' } });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { flag: { id: number } }).flag.id;
}

async function newRule(): Promise<number> {
  const admin = sessions.get('administrator') ?? {};
  const res = await app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: admin, payload: { departmentId: 'parks', districtId: 'west', description: `rule ${++unique}` } });
  assert.equal(res.statusCode, 201, res.body);
  return (res.json() as { routingRule: { id: number } }).routingRule.id;
}

const apiRoutes = registeredRoutes(app)
  .filter((r) => r.url.startsWith('/api/v1/'))
  .map((r) => `${r.method} ${r.url}`);

describe('permission matrix', () => {
  test('every /api/v1 route has a row, and every row names a route', () => {
    assert.ok(apiRoutes.length >= 30, `only ${apiRoutes.length} routes found`);
    assert.deepEqual(apiRoutes.filter((r) => !(r in MATRIX)), [], 'routes without a row in MATRIX: add one');
    assert.deepEqual(Object.keys(MATRIX).filter((r) => !apiRoutes.includes(r)), [], 'rows for routes that do not exist');
  });

  for (const route of apiRoutes) {
    const row = MATRIX[route];
    if (!row) continue;
    test(route, async () => {
      const [method, path] = route.split(' ') as [InjectOptions['method'], string];
      const failures: string[] = [];
      for (const caller of CALLERS) {
        const built = await row.build(caller);
        const headers = { ...(row.ownSession ? await throwaway(caller) : sessions.get(caller)), ...built.headers };
        const res = await app.inject({ method, url: built.url ?? path, ...built, headers });
        const got: Outcome | string = res.statusCode >= 200 && res.statusCode < 300 ? 'ok' : String(res.statusCode);
        if (got !== row.expect[caller]) failures.push(`${caller}: expected ${row.expect[caller]}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      assert.deepEqual(failures, []);
    });
  }
});

describe('bad input is a 4xx naming the problem, never a 500', () => {
  const admin = () => sessions.get('administrator') ?? {};
  // JSON bodies only: the photo upload (multipart) has its own bad-input tests in modules/media.
  const changes = apiRoutes.filter((r) => /^(POST|PATCH) \/api\/v1\/(requests|services|routing-rules)/.test(r) && !r.endsWith('/media'));

  for (const route of changes) {
    test(route, async () => {
      const [method, path] = route.split(' ') as [InjectOptions['method'], string];
      const row = MATRIX[route];
      assert.ok(row);
      const built = await row.build('administrator');
      const url = built.url ?? path;
      const send = (extra: Partial<InjectOptions>) => app.inject({ method, url, headers: admin(), ...extra } as InjectOptions);
      const valid = built.payload as Record<string, unknown>;

      const unknown = await send({ payload: { ...valid, surprise: 1 } });
      assert.equal(unknown.statusCode, 400, unknown.body);
      assert.equal(unknown.json().error.field, 'body.surprise');

      const wrongType = await send({ payload: Object.fromEntries(Object.keys(valid).map((k) => [k, { nested: [1] }])) });
      assert.equal(wrongType.statusCode, 400, wrongType.body);
      assert.match(wrongType.json().error.field, /^body\./);

      const notAnObject = await send({ payload: '[1,2]', headers: { ...admin(), 'content-type': 'application/json' } });
      assert.equal(notAnObject.statusCode, 400, notAnObject.body);

      const brokenJson = await send({ payload: '{"to":', headers: { ...admin(), 'content-type': 'application/json' } });
      assert.equal(brokenJson.statusCode, 400, brokenJson.body);

      const text = await send({ payload: 'to=closed', headers: { ...admin(), 'content-type': 'text/plain' } });
      assert.equal(text.statusCode, 415, text.body);
      assert.equal(text.json().error.code, 'unsupported_media_type');

      const form = await send({ payload: 'to=closed', headers: { ...admin(), 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(form.statusCode, 415, form.body);

      const huge = await send({ payload: { ...valid, description: 'x'.repeat(70_000) } });
      assert.equal(huge.statusCode, 413, huge.body);
    });
  }

  test('bad path parameters and query strings are 400s naming them', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/requests/not%20a%20ref', 'params.ref'],
      ['/api/v1/requests?limit=0', 'query.limit'],
      ['/api/v1/requests?status=open', 'query.status'],
      ['/api/v1/requests?sort=size', 'query.sort'],
      ['/api/v1/requests?created_after=yesterday', 'query.created_after'],
      ['/api/v1/requests?cursor=nonsense', 'cursor'],
      ['/api/v1/requests/duplicates?service_code=POTHOLE&lat=north&long=-122.6', 'query.lat'],
      ['/api/v1/requests/duplicates?lat=45.5&long=-122.6', 'query.service_code'],
      ['/api/v1/services/bad%20code', 'params.code'],
      ['/api/v1/services?color=blue', 'query.color'],
      ['/api/v1/routing-rules?jurisdiction_id=', 'query.jurisdiction_id'],
    ];
    for (const [url, field] of cases) {
      const res = await app.inject({ url, headers: admin() });
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().error.field, field, url);
    }
    const badId = await app.inject({ method: 'DELETE', url: '/api/v1/routing-rules/abc', headers: admin() });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().error.field, 'params.id');
  });

  test('missing required fields are named', async () => {
    const ref = (await pothole()).id;
    const res = await app.inject({ method: 'POST', url: `/api/v1/requests/${ref}/transition`, headers: admin(), payload: {} });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.problems.map((p: { field: string }) => p.field).sort(), ['body.expectedVersion', 'body.to']);
    const create = await app.inject({ method: 'POST', url: '/api/v1/requests', headers: admin(), payload: { description: 'no service' } });
    assert.equal(create.statusCode, 400);
    assert.ok(create.json().error.problems.some((p: { field: string }) => p.field === 'body.serviceCode'));
  });
});

