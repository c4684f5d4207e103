import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { toServiceRequest, type ServiceRequest } from './model.ts';
import type { RequestScope } from './policy.ts';
import * as repo from './repository.ts';
import { listRequestsQuerySchema, type ListRequestsQuery } from './schemas.ts';

export interface RequestPage {
  requests: ServiceRequest[];
  /** How many requests match, within what the caller may see. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** True when `total` is the `countUpTo` cap: at least that many match. */
  totalCapped: boolean;
}

interface Cursor {
  sort: string;
  value: string | null;
  id: number;
}

const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.sort, c.value, c.id])).toString('base64url');

function decodeCursor(text: string, sort: string): { value: Date | null; id: number } {
  const bad = () => new AppError('bad_cursor', 400, 'cursor is not one this list gave out (or it belongs to another sort order); start from the first page', { field: 'cursor' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [s, value, id] = parsed as unknown[];
  if (s !== sort || !(value === null || typeof value === 'string') || typeof id !== 'number' || !Number.isSafeInteger(id)) throw bad();
  const date = value === null ? null : new Date(value);
  if (date && Number.isNaN(date.getTime())) throw bad();
  return { value: date, id };
}

const date = (text: string | undefined): Date | undefined => (text === undefined ? undefined : new Date(text));

/**
 * The staff list of service requests: filtered, sorted, a keyset page at a time (deep pages cost the
 * same as the first) with the total count. `scope` comes from the caller's principal (requestScopeFor)
 * and is applied in SQL, so hidden requests are in neither the page nor the count. `me` as the
 * assignee is `callerId` (null for an API key, which is assigned nothing). With `countUpTo`, the total
 * stops at that many (`totalCapped`), which keeps a big department's queue as fast as a small one's.
 */
export async function listServiceRequests(
  deps: Deps,
  scope: RequestScope,
  filters: Partial<ListRequestsQuery>,
  callerId: number | null = null,
  options: { countUpTo?: number } = {},
): Promise<RequestPage> {
  const f = parseInput(listRequestsQuerySchema, filters);
  const assignee = f.assignee === undefined ? undefined : f.assignee === 'none' ? 'none' : f.assignee === 'me' ? (callerId ?? 0) : Number(f.assignee);
  const query: repo.RequestListQuery = {
    ...scope,
    statuses: f.status?.split(','),
    serviceCode: f.service_code,
    departmentId: f.department,
    districtId: f.district,
    assignee,
    overdueAt: f.overdue === 'true' ? deps.clock.now() : undefined,
    text: f.q?.trim() || undefined,
    createdAfter: date(f.created_after),
    createdBefore: date(f.created_before),
    updatedAfter: date(f.updated_after),
    updatedBefore: date(f.updated_before),
  };
  const sort = f.sort.replace(/^-/, '') as repo.RequestSortKey;
  const descending = f.sort.startsWith('-');
  const after = f.cursor === undefined ? undefined : decodeCursor(f.cursor, f.sort);
  const cap = options.countUpTo;
  const count = cap === undefined ? repo.countRequests(deps.db, query) : repo.countRequestsUpTo(deps.db, { ...query, sort }, cap);
  const [ids, total] = await Promise.all([repo.selectRequestPageIds(deps.db, { ...query, sort, descending, after, limit: f.limit }), count]);
  const pageIds = ids.slice(0, f.limit);
  const byId = new Map((await repo.selectRequestsByIds(deps.db, pageIds)).map((r) => [r.id, toServiceRequest(r)]));
  const requests = pageIds.map((id) => byId.get(id)).filter((r): r is ServiceRequest => r !== undefined);
  const last = requests.at(-1);
  const keyOf = (r: ServiceRequest): Date | null => (sort === 'created' ? r.createdAt : sort === 'updated' ? r.updatedAt : r.dueAt);
  const nextCursor = ids.length > f.limit && last ? encodeCursor({ sort: f.sort, value: keyOf(last)?.toISOString() ?? null, id: last.id }) : null;
  return { requests, total, nextCursor, totalCapped: cap !== undefined && total >= cap };
}
