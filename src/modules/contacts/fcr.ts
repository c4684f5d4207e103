import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import * as repo from './repository.ts';

/** First-contact resolution over a period: how many contacts counted, how many were resolved, and the rate. */
export interface FirstContactResolution {
  eligible: number;
  resolved: number;
  /** resolved / eligible, between 0 and 1; null when no contact counted. */
  rate: number | null;
}

/**
 * First-contact resolution (FCR) for contacts that **started** in [from, to).
 *
 * - **Eligible**: inbound contacts that are closed (have an outcome), except `abandoned` ones — a
 *   caller who hung up before anyone answered was never served, so the contact neither resolves nor
 *   fails at first contact. Outbound contacts (our callbacks) and contacts still open do not count.
 * - **Resolved**: eligible contacts with `resolved_first_contact = true`. Closing sets it true for
 *   the outcomes in which the need was met in this contact — `answered`, `request_created`,
 *   `referred` — unless the agent said otherwise, and false for `transferred` and `callback`.
 * - **Rate** = resolved ÷ eligible.
 */
export async function firstContactResolution(deps: Deps, period: { from: Date; to: Date }): Promise<FirstContactResolution> {
  if (!(period.from < period.to)) throw new AppError('validation_failed', 400, 'from must be before to', { field: 'query.from' });
  const { eligible, resolved } = await repo.countFirstContactResolution(deps.db, period.from, period.to);
  return { eligible, resolved, rate: eligible === 0 ? null : resolved / eligible };
}
