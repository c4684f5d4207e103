import { z } from 'zod';

const ACTION = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/** Filters of the audit log (GET /api/v1/audit query; listAuditEvents). Newest first, paged by `before`. */
export const auditFiltersSchema = z
  .object({
    action: z.string().regex(ACTION, 'must look like auth.sign_in').optional(),
    /** Every action of one area: `auth`, `user`, `api_key`, … */
    area: z.string().regex(/^[a-z0-9_]+$/, 'must be a word like auth or user').optional(),
    outcome: z.enum(['success', 'failure']).optional(),
    actorKind: z.enum(['staff', 'api_key', 'cli', 'system', 'anonymous']).optional(),
    actorId: z.string().min(1).max(100).optional(),
    targetKind: z.string().min(1).max(50).optional(),
    targetId: z.string().min(1).max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    /** The `nextBefore` of the previous page: events with a smaller id. */
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type AuditFilters = z.input<typeof auditFiltersSchema>;
