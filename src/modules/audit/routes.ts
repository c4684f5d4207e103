import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requirePermission } from '../identity/index.ts';
import type { AuditFilters } from './schemas.ts';
import { listAuditEvents } from './service.ts';

/** GET /api/v1/audit: the audit log for holders of `audit:read`, newest first, filtered by the query. */
export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  app.get('/api/v1/audit', { preHandler: requirePermission('audit:read') }, async (request) => listAuditEvents(deps, request.query as AuditFilters));
}
