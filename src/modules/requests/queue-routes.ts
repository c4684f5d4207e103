import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { notFound } from '../../lib/errors.ts';
import { recordAudit } from '../audit/index.ts';
import { auditContextOf, canReadRequest, departmentsFor, requirePermission, type Principal } from '../identity/index.ts';
import { NO_INPUT } from '../identity/schemas.ts';
import { applyBulk, bulkSchema } from './bulk.ts';
import { findDuplicateCandidates } from './intake.ts';
import type { WithinChange } from './lifecycle.ts';
import { listServiceRequests } from './list.ts';
import { getServiceRequest, type ServiceRequest } from './model.ts';
import { requestScopeFor } from './policy.ts';
import { presentDuplicate, presentRequest, presentRequestListItem } from './presenter.ts';
import { countAudience } from './queue-repository.ts';
import { assigneesFor, queueSummary, slaOf } from './queue.ts';
import { listRequestsQuerySchema } from './schemas.ts';
import { TEMPLATE_LOCALES, createTemplate, createTemplateSchema, listTemplates, templatesForRequest, updateTemplate, updateTemplateSchema } from './templates.ts';
import { createView, createViewSchema, deleteView, listViews, updateView, updateViewSchema } from './views.ts';

const TAGS = ['Work queue'];
const SMALL_BODY = 16_384;
/** A hundred items and two notes fit easily; anything bigger is refused (413) like other change bodies. */
const BULK_BODY = 65_536;
/** The queue counts its matches up to this many, then says "1,000 or more" (see countRequestsUpTo). */
export const QUEUE_COUNT_CAP = 1000;
const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number').transform(Number) }).strict();
const refParams = z.object({ ref: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,12}){1,3})$/, 'must be a request id or a tracking number such as TV-2026-000001') }).strict();
const refOf = (ref: string) => (/^\d+$/.test(ref) ? Number(ref) : ref);
const actorOf = (p: Principal): string => (p.kind === 'staff' ? `staff:${p.email}` : p.kind === 'api_key' ? `api_key:${p.name}` : 'anonymous');
const staffIdOf = (p: Principal): number | null => (p.kind === 'staff' ? p.userId : null);

/** The bureau work queue's API: the queue list with SLA clocks, counts, saved views, templates, bulk changes, merge candidates. */
export async function registerQueueRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const read = requirePermission('requests:read');
    const write = requirePermission('requests:write');
    const manage = requirePermission('templates:manage');

    const audit = (request: FastifyRequest, action: string, target: { kind: string; id: number | string }, data: Record<string, unknown>, executor: Db = deps.db) =>
      recordAudit(executor, { ...auditContextOf(request), at: deps.clock.now(), action, target, data });

    async function readable(principal: Principal, ref: string): Promise<ServiceRequest> {
      const r = await getServiceRequest(deps, refOf(ref));
      if (!canReadRequest(principal, r)) throw notFound('Service request', ref);
      return r;
    }

    api.get('/api/v1/queue/requests', { preHandler: read, schema: { tags: TAGS, summary: 'The work queue: the staff list with each request’s SLA clock', querystring: listRequestsQuerySchema } }, async (request) => {
      const { principal } = request;
      const page = await listServiceRequests(deps, requestScopeFor(principal), request.query, staffIdOf(principal), { countUpTo: QUEUE_COUNT_CAP });
      const now = deps.clock.now();
      return { requests: page.requests.map((r) => ({ ...presentRequestListItem(r), sla: slaOf(r, now) })), total: page.total, totalCapped: page.totalCapped, nextCursor: page.nextCursor, now };
    });

    api.get('/api/v1/queue/summary', { preHandler: read, schema: { tags: TAGS, summary: 'Open requests per department (open, new, unassigned, overdue, high priority)', ...NO_INPUT } }, async (request) => ({
      departments: await queueSummary(deps, request.principal),
    }));

    const departmentQuery = z.object({ department: z.string().min(1).max(64) }).strict();
    api.get('/api/v1/queue/assignees', { preHandler: read, schema: { tags: TAGS, summary: 'Staff a request of the department may be assigned to', querystring: departmentQuery } }, async (request) => {
      const scope = departmentsFor(request.principal, 'requests:read');
      if (scope !== 'all' && !scope.includes(request.query.department)) throw notFound('Department queue', request.query.department);
      return { assignees: await assigneesFor(deps, request.query.department) };
    });

    api.get('/api/v1/queue/views', { preHandler: read, schema: { tags: TAGS, summary: 'My saved views and those shared with my departments', ...NO_INPUT } }, async (request) => ({ views: await listViews(deps, request.principal) }));
    api.post('/api/v1/queue/views', { bodyLimit: SMALL_BODY, preHandler: read, schema: { tags: TAGS, summary: 'Save the current filters and sort as a view', body: createViewSchema } }, async (request, reply) => {
      const view = await createView(deps, request.principal, request.body);
      await audit(request, 'queue_view.created', { kind: 'queue_view', id: view.id }, { name: view.name, shared_department: view.sharedDepartment });
      return reply.status(201).send({ view });
    });
    api.patch('/api/v1/queue/views/:id', { bodyLimit: SMALL_BODY, preHandler: read, schema: { tags: TAGS, summary: 'Change one of my views', params: idParams, body: updateViewSchema } }, async (request) => {
      const view = await updateView(deps, request.principal, request.params.id, request.body);
      await audit(request, 'queue_view.updated', { kind: 'queue_view', id: view.id }, { name: view.name, shared_department: view.sharedDepartment });
      return { view };
    });
    api.delete('/api/v1/queue/views/:id', { preHandler: read, schema: { tags: TAGS, summary: 'Delete one of my views', params: idParams } }, async (request, reply) => {
      await deleteView(deps, request.principal, request.params.id);
      await audit(request, 'queue_view.deleted', { kind: 'queue_view', id: request.params.id }, {});
      return reply.status(204).send();
    });

    const templatesQuery = z.object({ department: z.string().min(1).max(64).optional() }).strict();
    api.get('/api/v1/response-templates', { preHandler: read, schema: { tags: TAGS, summary: 'Response templates of my departments', querystring: templatesQuery } }, async (request) => ({
      templates: await listTemplates(deps, request.principal, request.query.department),
    }));
    api.post('/api/v1/response-templates', { bodyLimit: SMALL_BODY, preHandler: manage, schema: { tags: TAGS, summary: 'Add a response template', body: createTemplateSchema } }, async (request, reply) => {
      const template = await createTemplate(deps, request.principal, request.body, staffIdOf(request.principal));
      await audit(request, 'response_template.created', { kind: 'response_template', id: template.id }, { department: template.department, name: template.name });
      return reply.status(201).send({ template });
    });
    api.patch('/api/v1/response-templates/:id', { bodyLimit: SMALL_BODY, preHandler: manage, schema: { tags: TAGS, summary: 'Change or retire a response template', params: idParams, body: updateTemplateSchema } }, async (request) => {
      const { before, after } = await updateTemplate(deps, request.principal, request.params.id, request.body, staffIdOf(request.principal));
      await audit(request, 'response_template.updated', { kind: 'response_template', id: after.id }, { before: { name: before.name, active: before.active, texts: before.texts }, after: { name: after.name, active: after.active } });
      return { template: after };
    });

    const localeQuery = z.object({ locale: z.enum(TEMPLATE_LOCALES).default('en') }).strict();
    api.get('/api/v1/requests/:ref/response-templates', { preHandler: read, schema: { tags: TAGS, summary: "The request department's templates, filled in for this request", params: refParams, querystring: localeQuery } }, async (request) => {
      const r = await readable(request.principal, request.params.ref);
      return { templates: await templatesForRequest(deps, r, request.query.locale) };
    });

    api.get('/api/v1/requests/:ref/merge-candidates', { preHandler: read, schema: { tags: TAGS, summary: 'Open requests of the same service nearby, to merge with', params: refParams } }, async (request) => {
      const { principal } = request;
      const r = await readable(principal, request.params.ref);
      if (!r.location) return { candidates: [] };
      const found = await findDuplicateCandidates(deps, { serviceCode: r.serviceCode, jurisdictionId: r.jurisdictionId, location: r.location, limit: 21 });
      const others = found.filter((c) => c.id !== r.id).slice(0, 20);
      const readableIds = new Set<number>();
      for (const c of others) if (canReadRequest(principal, await getServiceRequest(deps, c.id))) readableIds.add(c.id);
      return { candidates: others.filter((c) => readableIds.has(c.id)).map(presentDuplicate) };
    });

    api.get('/api/v1/requests/:ref/audience', { preHandler: read, schema: { tags: TAGS, summary: 'How many people follow and support the request (counts only)', params: refParams } }, async (request) => {
      const r = await readable(request.principal, request.params.ref);
      return await countAudience(deps.db, r.id);
    });

    api.post('/api/v1/requests/bulk', { bodyLimit: BULK_BODY, preHandler: write, schema: { tags: TAGS, summary: 'Assign or change the status of many requests, each checked on its own', body: bulkSchema } }, async (request) => {
      const { principal, body } = request;
      const within =
        (before: ServiceRequest): WithinChange =>
        (trx) => {
          const data = body.action === 'assign' ? { from: before.assignedTo, to: body.assigneeId, bulk: true } : { from: before.status, to: body.to, bulk: true };
          return audit(request, body.action === 'assign' ? 'request.assigned' : 'request.status_changed', { kind: 'service_request', id: before.id }, { tracking_number: before.trackingNumber, ...data }, trx).then(() => undefined);
        };
      const results = await applyBulk(deps, principal, body, actorOf(principal), within);
      const succeeded = results.filter((r) => r.ok).length;
      return {
        succeeded,
        failed: results.length - succeeded,
        results: results.map((r) => ({ ref: r.ref, ok: r.ok, status: r.status, ...(r.request ? { request: presentRequest(principal, r.request) } : {}), ...(r.error ? { error: r.error } : {}) })),
      };
    });
  });
}
