import { sql } from 'kysely';
import type { Deps } from '../../deps.ts';

/**
 * The services residents asked for most in the last 90 days (public, active ones only), most first.
 * A read for the home page: counts only, nothing about any request or person.
 */
export async function mostRequestedServiceCodes({ db, clock }: Deps, jurisdictionId: string, limit: number): Promise<string[]> {
  const since = new Date(clock.now().getTime() - 90 * 86_400_000);
  const rows = await db
    .selectFrom('service_requests as r')
    .innerJoin('services as s', 's.id', 'r.service_id')
    .select(['s.service_code', sql<number>`count(*)`.as('n')])
    .where('r.jurisdiction_id', '=', jurisdictionId)
    .where('r.created_at', '>=', since)
    .where('s.active', '=', true)
    .where('s.confidential', '=', false)
    .where('s.handling', '=', 'intake')
    .groupBy('s.service_code')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('s.service_code')
    .limit(limit)
    .execute();
  return rows.map((r) => r.service_code);
}
