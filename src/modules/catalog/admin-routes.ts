import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission, unauthenticated } from '../identity/index.ts';
import { addHoliday, getCalendar, holidayCreateSchema, hoursPutSchema, listJurisdictionSummaries, removeHoliday, replaceCalendarHours } from './calendars.ts';
import { presentAdminAttributes, presentServiceWithAttributes } from './presenter.ts';
import { attributesPutSchema, createService, getServiceForAdmin, listServiceGroups, replaceServiceAttributes, serviceCreateSchema } from './services-admin.ts';
import { getJurisdiction } from './service.ts';

const TAGS = ['Catalog'];
const SMALL_BODY = 16_384;
/** Up to 50 questions with up to 100 values each, in five languages. */
const ATTRIBUTES_BODY = 1_000_000;

const signedIn: preHandlerAsyncHookHandler = async (request) => {
  if (request.principal.kind === 'anonymous') throw unauthenticated();
};
const jurisdictionQuery = z.object({ jurisdiction_id: z.string().min(1).max(64).optional().describe('Defaults to the default jurisdiction') }).strict();
const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a service code') }).strict();
const dateParams = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date 'YYYY-MM-DD'") }).strict();
const NO_INPUT = { 'x-no-input': true } as const;

/**
 * Catalog administration for the staff console: creating services, editing their questions, the
 * service groups and jurisdictions for pickers, and business calendars. Changes need `catalog:admin`.
 */
export async function registerCatalogAdminRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const admin = requirePermission('catalog:admin');
    const jurisdictionOf = async (id: string | undefined) => (await getJurisdiction(deps, { id })).id;

    api.get('/api/v1/service-groups', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Service groups (for pickers)', ...NO_INPUT } }, async () => ({
      serviceGroups: (await listServiceGroups(deps)).map((g) => ({ code: g.code, name: g.name, sortOrder: g.sort_order })),
    }));
    api.get('/api/v1/jurisdictions', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Jurisdictions (for pickers)', ...NO_INPUT } }, async () => ({ jurisdictions: await listJurisdictionSummaries(deps) }));

    api.post(
      '/api/v1/services',
      { bodyLimit: SMALL_BODY, preHandler: admin, schema: { tags: TAGS, summary: 'Add a service', description: '409 service_exists if the code is taken.', querystring: jurisdictionQuery, body: serviceCreateSchema } },
      async (request, reply) => {
        const service = await createService(deps, await jurisdictionOf(request.query.jurisdiction_id), request.body, auditContextOf(request));
        return reply.status(201).send({ service: presentServiceWithAttributes(service) });
      },
    );
    api.get(
      '/api/v1/services/:code/attributes',
      { preHandler: admin, schema: { tags: TAGS, summary: "A service's questions, retired ones included", params: codeParams, querystring: jurisdictionQuery } },
      async (request) => presentAdminAttributes(await getServiceForAdmin(deps, await jurisdictionOf(request.query.jurisdiction_id), request.params.code)),
    );
    api.put(
      '/api/v1/services/:code/attributes',
      {
        bodyLimit: ATTRIBUTES_BODY,
        preHandler: admin,
        schema: {
          tags: TAGS,
          summary: "Replace a service's questions",
          description: 'The list in form order. Questions left out are retired (kept to explain stored answers; new requests do not see them); listing a retired code restores it. A code keeps its datatype. 409 stale_version if the service changed since expectedVersion.',
          params: codeParams,
          querystring: jurisdictionQuery,
          body: attributesPutSchema,
        },
      },
      async (request) => presentAdminAttributes(await replaceServiceAttributes(deps, await jurisdictionOf(request.query.jurisdiction_id), request.params.code, request.body, auditContextOf(request))),
    );

    api.get('/api/v1/calendar', { preHandler: signedIn, schema: { tags: TAGS, summary: "A jurisdiction's business calendar", querystring: jurisdictionQuery } }, async (request) => ({
      calendar: await getCalendar(deps, await jurisdictionOf(request.query.jurisdiction_id)),
    }));
    api.put(
      '/api/v1/calendar/hours',
      {
        bodyLimit: SMALL_BODY,
        preHandler: admin,
        schema: { tags: TAGS, summary: 'Replace the weekly opening hours', description: 'Counts for business-hour SLAs of new requests; due dates already set are not recomputed.', querystring: jurisdictionQuery, body: hoursPutSchema },
      },
      async (request) => ({ calendar: await replaceCalendarHours(deps, await jurisdictionOf(request.query.jurisdiction_id), request.body, auditContextOf(request)) }),
    );
    api.post(
      '/api/v1/calendar/holidays',
      { bodyLimit: SMALL_BODY, preHandler: admin, schema: { tags: TAGS, summary: 'Add a local holiday', description: '409 holiday_exists if the date is one already.', querystring: jurisdictionQuery, body: holidayCreateSchema } },
      async (request, reply) => reply.status(201).send({ calendar: await addHoliday(deps, await jurisdictionOf(request.query.jurisdiction_id), request.body, auditContextOf(request)) }),
    );
    api.delete('/api/v1/calendar/holidays/:date', { preHandler: admin, schema: { tags: TAGS, summary: 'Remove a local holiday', params: dateParams, querystring: jurisdictionQuery } }, async (request) => ({
      calendar: await removeHoliday(deps, await jurisdictionOf(request.query.jurisdiction_id), request.params.date, auditContextOf(request)),
    }));
  });
}
