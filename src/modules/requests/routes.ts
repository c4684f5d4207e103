import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { listRequestPhotos, presentPhotoForStaff } from '../media/index.ts';
import { auditContextOf, canReadRequest, canWriteRequest, departmentsFor, forbidden, requirePermission, type Principal } from '../identity/index.ts';
import { assignServiceRequest } from './assign.ts';
import { createServiceRequest, findDuplicateCandidates, type DuplicateCandidate } from './intake.ts';
import { addNote, addSupport, mergeServiceRequests, transitionServiceRequest, type WithinChange } from './lifecycle.ts';
import { listServiceRequests } from './list.ts';
import { getServiceRequest, getTimeline, type RequestRef, type ServiceRequest } from './model.ts';
import { requestScopeFor } from './policy.ts';
import { presentDuplicate, presentRequest, presentRequestListItem, presentTimeline, showsRequesterDetails } from './presenter.ts';
import { CHANNELS, createRequestSchema, listRequestsQuerySchema } from './schemas.ts';
import { STATUSES } from './status.ts';

const TAGS = ['Service requests'];
/** Changes are a few fields: 16 KiB is plenty. A new request's text may be longer. */
const SMALL_BODY = 16_384;
const CREATE_BODY = 65_536;
const NOTE = z.string().max(20_000);

const refParams = z
  .object({ ref: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,12}){1,3})$/, 'must be a request id or a tracking number such as TV-2026-000001') })
  .strict();
const refOf = (ref: string): RequestRef => (/^\d+$/.test(ref) ? Number(ref) : ref);

const createBody = createRequestSchema.omit({ idempotencyKey: true, actor: true, jurisdictionId: true }).extend({ jurisdictionId: z.string().min(1).max(64).optional() });
const idempotencyHeaders = z.looseObject({ 'idempotency-key': z.string().min(1).max(255).optional().describe('Retrying with the same key and body returns the first request (200)') });
const transitionBody = z.object({ to: z.enum(STATUSES), expectedVersion: z.number().int().positive(), publicNote: NOTE.optional(), internalNote: NOTE.optional(), referredTo: z.string().min(1).max(64).optional() }).strict();
const noteBody = z.object({ publicNote: NOTE.optional(), internalNote: NOTE.optional(), expectedVersion: z.number().int().positive().optional() }).strict();
const assignBody = z.object({ assigneeId: z.number().int().positive().nullable().describe('A staff user id, or null to return the request to its queue'), expectedVersion: z.number().int().positive() }).strict();
const mergeBody = z.object({ parent: z.union([z.number().int().positive(), z.string().min(1).max(40)]), expectedChildVersion: z.number().int().positive().optional(), publicNote: NOTE.optional() }).strict();
const supportBody = z
  .object({
    channel: z.enum(CHANNELS),
    supporter: z.object({ name: z.string().max(200).optional(), email: z.string().max(254).optional(), phone: z.string().max(40).optional() }).strict().optional(),
    comment: NOTE.optional(),
  })
  .strict();
const duplicatesQuery = z
  .object({
    service_code: z.string().min(1).max(64),
    lat: z.coerce.number().min(-90).max(90),
    long: z.coerce.number().min(-180).max(180),
    jurisdiction_id: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

/** The actor as the timeline records it. */
const actorOf = (p: Principal): string => (p.kind === 'staff' ? `staff:${p.email}` : p.kind === 'api_key' ? `api_key:${p.name}` : 'anonymous');

/** The staff API over service requests: list, read, create on a resident's behalf, and every lifecycle change. */
export async function registerRequestRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const read = requirePermission('requests:read');
    const write = requirePermission('requests:write');

    const audit = (request: FastifyRequest, action: string, r: { id: number; trackingNumber: string }, data: Record<string, unknown> = {}, executor: Db = deps.db) =>
      recordAudit(executor, { ...auditContextOf(request), at: deps.clock.now(), action, target: { kind: 'service_request', id: r.id }, data: { tracking_number: r.trackingNumber, ...data } });

    /** An audit entry written inside the change's own transaction. */
    const audited =
      (request: FastifyRequest, action: string, data: (before: ServiceRequest) => Record<string, unknown>): WithinChange =>
      (trx, before) =>
        audit(request, action, before, data(before), trx).then(() => undefined);

    /** Duplicate candidates the caller may read: bureau staff see only their departments' requests. */
    async function visible(principal: Principal, candidates: DuplicateCandidate[]): Promise<DuplicateCandidate[]> {
      if (departmentsFor(principal, 'requests:read') === 'all') return candidates;
      const readable = await Promise.all(candidates.map(async (c) => canReadRequest(principal, await getServiceRequest(deps, c.id))));
      return candidates.filter((_c, i) => readable[i]);
    }

    /** The request, if the caller may know it exists; otherwise the same 404 as for one that does not. */
    async function readable(principal: Principal, ref: string): Promise<ServiceRequest> {
      const r = await getServiceRequest(deps, refOf(ref));
      if (!canReadRequest(principal, r)) throw notFound('Service request', ref);
      return r;
    }
    async function writable(principal: Principal, ref: string): Promise<ServiceRequest> {
      const r = await readable(principal, ref);
      if (!canWriteRequest(principal, r)) throw forbidden('requests:write');
      return r;
    }

    api.get('/api/v1/requests', { preHandler: read, schema: { tags: TAGS, summary: 'List service requests', querystring: listRequestsQuerySchema } }, async (request) => {
      const { principal } = request;
      const page = await listServiceRequests(deps, requestScopeFor(principal), request.query, principal.kind === 'staff' ? principal.userId : null);
      return { requests: page.requests.map(presentRequestListItem), total: page.total, nextCursor: page.nextCursor };
    });

    api.get('/api/v1/requests/duplicates', { preHandler: read, schema: { tags: TAGS, summary: 'Open requests that may be the same problem', querystring: duplicatesQuery } }, async (request) => {
      const q = request.query;
      const candidates = await findDuplicateCandidates(deps, { serviceCode: q.service_code, jurisdictionId: q.jurisdiction_id, location: { lat: q.lat, long: q.long }, limit: q.limit });
      return { duplicates: (await visible(request.principal, candidates)).map(presentDuplicate) };
    });

    api.get('/api/v1/requests/:ref', { preHandler: read, schema: { tags: TAGS, summary: 'One request with its timeline', params: refParams } }, async (request, reply) => {
      const { principal } = request;
      const r = await readable(principal, request.params.ref);
      const timeline = await getTimeline(deps, r.id);
      if (showsRequesterDetails(principal, r)) await audit(request, 'request.read_personal', r);
      if (r.confidential) await audit(request, 'request.read_confidential', r);
      reply.header('cache-control', 'no-store');
      const media = (await listRequestPhotos(deps, r.id)).map((m) => presentPhotoForStaff(m, r.confidential));
      return { request: presentRequest(principal, r), timeline: presentTimeline(principal, r, timeline), media };
    });

    api.post(
      '/api/v1/requests',
      { bodyLimit: CREATE_BODY, preHandler: write, schema: { tags: TAGS, summary: "Create a request on a resident's behalf", body: createBody, headers: idempotencyHeaders } },
      async (request, reply) => {
        const { principal } = request;
        const idempotencyKey = request.headers['idempotency-key'];
        const result = await createServiceRequest(deps, { ...request.body, idempotencyKey, actor: actorOf(principal) });
        if (!result.replayed) await audit(request, 'request.created', result.request, { channel: result.request.channel, service_code: result.request.serviceCode });
        reply.header('cache-control', 'no-store');
        return reply.status(result.replayed ? 200 : 201).send({ request: presentRequest(principal, result.request), duplicates: (await visible(principal, result.duplicates)).map(presentDuplicate), replayed: result.replayed });
      },
    );

    api.post(
      '/api/v1/requests/:ref/transition',
      { bodyLimit: SMALL_BODY, preHandler: write, schema: { tags: TAGS, summary: 'Change the status', params: refParams, body: transitionBody } },
      async (request) => {
        const { principal } = request;
        const before = await writable(principal, request.params.ref);
        const r = await transitionServiceRequest(deps, { ...request.body, request: before.id, actor: actorOf(principal) }, audited(request, 'request.status_changed', (b) => ({ from: b.status, to: request.body.to })));
        return { request: presentRequest(principal, r) };
      },
    );

    api.post('/api/v1/requests/:ref/notes', { bodyLimit: SMALL_BODY, preHandler: write, schema: { tags: TAGS, summary: 'Add a public or internal note', params: refParams, body: noteBody } }, async (request) => {
      const { principal } = request;
      const before = await writable(principal, request.params.ref);
      const r = await addNote(deps, { ...request.body, request: before.id, actor: actorOf(principal) }, audited(request, 'request.note_added', () => ({ public: request.body.publicNote !== undefined, internal: request.body.internalNote !== undefined })));
      return { request: presentRequest(principal, r) };
    });

    api.post('/api/v1/requests/:ref/assign', { bodyLimit: SMALL_BODY, preHandler: write, schema: { tags: TAGS, summary: 'Assign to a staff member or back to the queue', params: refParams, body: assignBody } }, async (request) => {
      const { principal } = request;
      const before = await writable(principal, request.params.ref);
      const r = await assignServiceRequest(deps, { ...request.body, request: before.id, actor: actorOf(principal) }, audited(request, 'request.assigned', (b) => ({ from: b.assignedTo, to: request.body.assigneeId })));
      return { request: presentRequest(principal, r) };
    });

    api.post('/api/v1/requests/:ref/merge', { bodyLimit: SMALL_BODY, preHandler: write, schema: { tags: TAGS, summary: 'Merge this request (a duplicate) into its parent', params: refParams, body: mergeBody } }, async (request) => {
      const { principal } = request;
      const child = await writable(principal, request.params.ref);
      const parent = await writable(principal, String(request.body.parent));
      const merged = await mergeServiceRequests(
        deps,
        { child: child.id, parent: parent.id, expectedChildVersion: request.body.expectedChildVersion, publicNote: request.body.publicNote, actor: actorOf(principal) },
        audited(request, 'request.merged', () => ({ parent_id: parent.id, parent_tracking_number: parent.trackingNumber })),
      );
      return { child: presentRequest(principal, merged.child), parent: presentRequest(principal, merged.parent) };
    });

    api.post('/api/v1/requests/:ref/support', { bodyLimit: SMALL_BODY, preHandler: write, schema: { tags: TAGS, summary: "Record a resident's support (me too)", params: refParams, body: supportBody } }, async (request) => {
      const { principal } = request;
      const before = await writable(principal, request.params.ref);
      const r = await addSupport(deps, { ...request.body, supporter: request.body.supporter ?? {}, request: before.id }, audited(request, 'request.supported', () => ({ channel: request.body.channel })));
      return { request: presentRequest(principal, r) };
    });
  });
}

