import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { canReadRequest, canWriteRequest, type Principal } from '../identity/index.ts';
import { assignServiceRequest } from './assign.ts';
import { transitionServiceRequest, type WithinChange } from './lifecycle.ts';
import { getServiceRequest, type ServiceRequest } from './model.ts';
import { STATUSES } from './status.ts';

/** Bulk assign and bulk transition: many requests in one call, each one applied whole or not at all. */

export const BULK_MAX = 100;
const NOTE = z.string().max(20_000);
const item = z.object({ ref: z.union([z.number().int().positive(), z.string().min(1).max(40)]), expectedVersion: z.number().int().positive() }).strict();

export const bulkSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), assigneeId: z.number().int().positive().nullable(), items: z.array(item).min(1).max(BULK_MAX) }).strict(),
  z
    .object({
      action: z.literal('transition'),
      to: z.enum(STATUSES),
      publicNote: NOTE.optional(),
      internalNote: NOTE.optional(),
      referredTo: z.string().min(1).max(64).optional(),
      items: z.array(item).min(1).max(BULK_MAX),
    })
    .strict(),
]);
export type BulkInput = z.output<typeof bulkSchema>;

export interface BulkItemResult {
  ref: string | number;
  ok: boolean;
  /** The HTTP status this item alone would have had. */
  status: number;
  request?: ServiceRequest;
  error?: { code: string; message: string; field?: string };
}

/**
 * Applies one action to each listed request in turn. Each item is its own transaction with its own
 * permission and version check, so an item is applied entirely or not at all; one failing item does
 * not stop the others. `within` adds the audit entry to each item's transaction.
 */
export async function applyBulk(deps: Deps, principal: Principal, input: BulkInput, actor: string, within: (r: ServiceRequest) => WithinChange): Promise<BulkItemResult[]> {
  const seen = new Set<string>();
  input.items.forEach((it, i) => {
    const key = String(it.ref).toUpperCase();
    if (seen.has(key)) throw new ValidationError([{ field: `items.${i}.ref`, code: 'duplicate_item', message: `${it.ref} is listed twice` }]);
    seen.add(key);
  });
  const results: BulkItemResult[] = [];
  for (const it of input.items) {
    try {
      const before = await getServiceRequest(deps, typeof it.ref === 'string' && /^\d+$/.test(it.ref) ? Number(it.ref) : it.ref);
      if (!canReadRequest(principal, before)) throw new AppError('not_found', 404, `Service request ${it.ref} was not found`);
      if (!canWriteRequest(principal, before)) throw new AppError('forbidden', 403, 'You do not have the requests:write permission this needs', { permission: 'requests:write' });
      const after =
        input.action === 'assign'
          ? await assignServiceRequest(deps, { request: before.id, assigneeId: input.assigneeId, expectedVersion: it.expectedVersion, actor }, within(before))
          : await transitionServiceRequest(
              deps,
              { request: before.id, to: input.to, expectedVersion: it.expectedVersion, publicNote: input.publicNote, internalNote: input.internalNote, referredTo: input.referredTo, actor },
              within(before),
            );
      results.push({ ref: it.ref, ok: true, status: 200, request: after });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
      results.push({ ref: it.ref, ok: false, status: error.status, error: { code: error.code, message: error.message, ...(field ? { field } : {}) } });
    }
  }
  return results;
}
