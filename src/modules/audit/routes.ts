import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requirePermission } from '../identity/index.ts';
import { DESCRIBED_ONLY } from '../identity/schemas.ts';
import { auditFiltersSchema, type AuditFilters } from './schemas.ts';
import { listAuditEvents } from './service.ts';

/** GET /api/v1/audit: the audit log for holders of `audit:read`, newest first, filtered by the query. */
export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  // The filters are checked by listAuditEvents (after the permission check); the schema describes them in /api/docs.
  app.get(
    '/api/v1/audit',
    {
      ...DESCRIBED_ONLY,
      preHandler: requirePermission('audit:read'),
      schema: { tags: ['Audit log'], summary: 'The audit log, newest first', description: "Paged by `before` (the previous page's `nextBefore`).", querystring: auditFiltersSchema },
    },
    async (request) => listAuditEvents(deps, request.query as AuditFilters),
  );
}
