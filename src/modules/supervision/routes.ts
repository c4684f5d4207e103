import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { requirePermission } from '../identity/index.ts';
import { supervisionOverview } from './service.ts';

const query = z.object({ jurisdiction_id: z.string().min(1).max(64).optional().describe('Defaults to the default jurisdiction') }).strict();

/** GET /api/v1/supervision/overview for supervisors and administrators (`supervision:read`). */
export async function registerSupervisionRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    api.get(
      '/api/v1/supervision/overview',
      { preHandler: requirePermission('supervision:read'), schema: { tags: ['Supervision'], summary: 'Queues per department, overdue and escalated requests, contacts and staff activity today', querystring: query } },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return supervisionOverview(deps, request.query.jurisdiction_id);
      },
    );
  });
}
