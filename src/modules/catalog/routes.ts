import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission, unauthenticated } from '../identity/index.ts';
import { registerCatalogAdminRoutes } from './admin-routes.ts';
import { createRoutingRule, deleteRoutingRule, listRoutingRules, routingRuleCreateSchema, routingRulePatchSchema, servicePatchSchema, updateRoutingRule, updateService } from './admin.ts';
import { presentDepartment, presentDistrict, presentRoutingRule, presentService, presentServiceWithAttributes } from './presenter.ts';
import { getJurisdiction, getService, listDepartments, listDistricts, listServices } from './service.ts';

const TAGS = ['Catalog'];
const SMALL_BODY = 16_384;

/** Catalog reads are for anyone signed in (staff or an API key). */
const signedIn: preHandlerAsyncHookHandler = async (request) => {
  if (request.principal.kind === 'anonymous') throw unauthenticated();
};

const jurisdictionQuery = z.object({ jurisdiction_id: z.string().min(1).max(64).optional().describe('Defaults to the default jurisdiction') }).strict();
const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a service code') }).strict();
const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number') }).strict();

/** The service catalog for staff: services, departments, districts, routing rules; changes need `catalog:admin`. */
export async function registerCatalogRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const admin = requirePermission('catalog:admin');
    const jurisdictionOf = async (id: string | undefined) => (await getJurisdiction(deps, { id })).id;

    api.get('/api/v1/services', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Every service of the jurisdiction', querystring: jurisdictionQuery } }, async (request) => ({
      services: (await listServices(deps, await jurisdictionOf(request.query.jurisdiction_id))).map(presentService),
    }));
    api.get('/api/v1/services/:code', { preHandler: signedIn, schema: { tags: TAGS, summary: 'One service with its questions', params: codeParams, querystring: jurisdictionQuery } }, async (request) => ({
      service: presentServiceWithAttributes(await getService(deps, await jurisdictionOf(request.query.jurisdiction_id), request.params.code)),
    }));
    api.patch(
      '/api/v1/services/:code',
      { bodyLimit: SMALL_BODY, preHandler: admin, schema: { tags: TAGS, summary: "Change a service's settings", params: codeParams, querystring: jurisdictionQuery, body: servicePatchSchema } },
      async (request) => ({
        service: presentServiceWithAttributes(await updateService(deps, await jurisdictionOf(request.query.jurisdiction_id), request.params.code, request.body, auditContextOf(request))),
      }),
    );
    api.get('/api/v1/departments', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Departments and outside agencies', querystring: jurisdictionQuery } }, async (request) => ({
      departments: (await listDepartments(deps, await jurisdictionOf(request.query.jurisdiction_id))).map(presentDepartment),
    }));
    api.get('/api/v1/districts', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Districts (without their areas)', querystring: jurisdictionQuery } }, async (request) => ({
      districts: (await listDistricts(deps, await jurisdictionOf(request.query.jurisdiction_id))).map(presentDistrict),
    }));

    api.get('/api/v1/routing-rules', { preHandler: signedIn, schema: { tags: TAGS, summary: 'Routing rules, active or not', querystring: jurisdictionQuery } }, async (request) => ({
      routingRules: (await listRoutingRules(deps, await jurisdictionOf(request.query.jurisdiction_id))).map(presentRoutingRule),
    }));
    api.post(
      '/api/v1/routing-rules',
      { bodyLimit: SMALL_BODY, preHandler: admin, schema: { tags: TAGS, summary: 'Add a routing rule', querystring: jurisdictionQuery, body: routingRuleCreateSchema } },
      async (request, reply) => {
        const rule = await createRoutingRule(deps, await jurisdictionOf(request.query.jurisdiction_id), request.body, auditContextOf(request));
        return reply.status(201).send({ routingRule: presentRoutingRule(rule) });
      },
    );
    api.patch('/api/v1/routing-rules/:id', { bodyLimit: SMALL_BODY, preHandler: admin, schema: { tags: TAGS, summary: 'Change a routing rule', params: idParams, body: routingRulePatchSchema } }, async (request) => ({
      routingRule: presentRoutingRule(await updateRoutingRule(deps, Number(request.params.id), request.body, auditContextOf(request))),
    }));
    api.delete('/api/v1/routing-rules/:id', { preHandler: admin, schema: { tags: TAGS, summary: 'Remove a routing rule', params: idParams } }, async (request) => ({
      routingRule: presentRoutingRule(await deleteRoutingRule(deps, Number(request.params.id), auditContextOf(request))),
    }));
  });
  await registerCatalogAdminRoutes(app, deps);
}
