import type { Deps } from '../../deps.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { textProblem, toPlainText } from '../../lib/text.ts';
import { normalizeEmail } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { followRequest, getServiceRequest, type RequestRef } from '../requests/index.ts';
import { enqueueNotifications, retryDeadLetter, suppressRecipient, type DeadLetter, type OutboxRow } from './outbox.ts';
import { requestScope } from './requests.ts';
import { outboxIdOf, signingKey, type TokenPurpose } from './tokens.ts';

/** What residents do from the links in our messages: unsubscribe, answer a survey, confirm a follow. */

/** `ana@example.org` → `a••@example.org`: enough to recognise one's address, not to learn someone's. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}••${email.slice(at)}`;
}

async function rowOfToken(deps: Deps, purpose: TokenPurpose, token: string): Promise<OutboxRow | null> {
  const id = outboxIdOf(await signingKey(deps.db), purpose, token);
  if (id === null) return null;
  return (await deps.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

// --- Unsubscribe --------------------------------------------------------------------------------

export interface UnsubscribeContext {
  masked: string;
  locale: string;
  /** Set when the message was about one request: the recipient may leave just that one. */
  trackingNumber: string | null;
  scope: string;
}

export async function unsubscribeContext(deps: Deps, token: string): Promise<UnsubscribeContext | null> {
  const row = await rowOfToken(deps, 'unsubscribe', token);
  if (!row) return null;
  return { masked: maskEmail(row.recipient), locale: row.locale, trackingNumber: row.scope === 'all' ? null : text(row.data.trackingNumber) || null, scope: row.scope };
}

/** Unsubscribes the message's recipient from its scope (`this`) or from every message of the channel (`all`). */
export async function unsubscribe(deps: Deps, token: string, which: 'this' | 'all'): Promise<UnsubscribeContext | null> {
  const row = await rowOfToken(deps, 'unsubscribe', token);
  if (!row) return null;
  const scope = which === 'all' ? 'all' : row.scope;
  await suppressRecipient(deps.db, { channel: row.channel, recipient: row.recipient, scope, reason: 'unsubscribed', detail: `link of notification ${row.id}` }, deps.clock.now());
  return { masked: maskEmail(row.recipient), locale: row.locale, trackingNumber: scope === 'all' ? null : text(row.data.trackingNumber) || null, scope };
}

// --- Surveys ------------------------------------------------------------------------------------

/** Templates whose messages carry a survey link, and what the survey is about. */
const SURVEY_TEMPLATES: Record<string, { kind: 'request' | 'contact'; subjectKey: string }> = {
  'request.resolved': { kind: 'request', subjectKey: 'requestId' },
  'contact.survey': { kind: 'contact', subjectKey: 'contactId' },
};
/** A survey link works (and its answer can be changed) for 90 days after the message. */
export const SURVEY_DAYS = 90;

export interface SurveyContext {
  kind: 'request' | 'contact';
  subjectId: number;
  trackingNumber: string | null;
  locale: string;
  open: boolean;
  answer: { rating: number; comment: string | null } | null;
}

async function surveyOf(deps: Deps, token: string): Promise<{ row: OutboxRow; context: SurveyContext } | null> {
  const row = await rowOfToken(deps, 'survey', token);
  const spec = row ? SURVEY_TEMPLATES[row.template] : undefined;
  if (!row || !spec) return null;
  const subjectId = Number(row.data[spec.subjectKey]);
  if (!Number.isSafeInteger(subjectId)) return null;
  const answer = await deps.db
    .selectFrom('survey_responses')
    .select(['rating', 'comment'])
    .where('kind', '=', spec.kind)
    .where('subject_id', '=', subjectId)
    .where('respondent', '=', row.recipient)
    .executeTakeFirst();
  const open = deps.clock.now().getTime() - row.created_at.getTime() <= SURVEY_DAYS * 86_400_000;
  return { row, context: { kind: spec.kind, subjectId, trackingNumber: text(row.data.trackingNumber) || null, locale: row.locale, open, answer: answer ?? null } };
}

export async function surveyContext(deps: Deps, token: string): Promise<SurveyContext | null> {
  return (await surveyOf(deps, token))?.context ?? null;
}

/** Saves the answer: one per subject and recipient; answering again changes it while the survey is open. */
export async function answerSurvey(deps: Deps, token: string, input: { rating: unknown; comment?: unknown }): Promise<SurveyContext | null> {
  const found = await surveyOf(deps, token);
  if (!found) return null;
  if (!found.context.open) throw new AppError('survey_closed', 410, `This survey closed ${SURVEY_DAYS} days after it was sent`);
  const rating = Number(input.rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new ValidationError([{ field: 'rating', code: 'invalid', message: 'rating must be a whole number from 1 to 5' }]);
  const raw = typeof input.comment === 'string' ? toPlainText(input.comment) : '';
  const problem = textProblem('comment', raw);
  if (problem) throw new ValidationError([problem]);
  if (raw.length > 2000) throw new ValidationError([{ field: 'comment', code: 'too_long', message: 'comment must be at most 2,000 characters' }]);
  const now = deps.clock.now();
  const { kind, subjectId } = found.context;
  await deps.db
    .insertInto('survey_responses')
    .values({ kind, subject_id: subjectId, respondent: found.row.recipient, rating, comment: raw || null, locale: found.row.locale, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['kind', 'subject_id', 'respondent']).doUpdateSet({ rating, comment: raw || null, updated_at: now }))
    .execute();
  return { ...found.context, answer: { rating, comment: raw || null } };
}

/** Survey results for analytics: count and average per kind (and per request when asked). */
export async function surveySummary(deps: Deps, kind: 'request' | 'contact') {
  const rows = await deps.db
    .selectFrom('survey_responses')
    .select((eb) => [eb.fn.countAll<number>().as('answers'), eb.fn.avg<number>('rating').as('average')])
    .where('kind', '=', kind)
    .executeTakeFirst();
  return { kind, answers: Number(rows?.answers ?? 0), average: rows?.average === null || rows?.average === undefined ? null : Math.round(Number(rows.average) * 100) / 100 };
}

// --- Follows by e-mail (no account) -------------------------------------------------------------

/**
 * Asks to follow a request by e-mail without an account: sends a confirmation link to the address
 * (nothing is followed until its owner opens it). Confidential requests cannot be followed this
 * way (to everyone else they do not exist). One confirmation per request and address.
 */
export async function requestFollowByEmail(deps: Deps, ref: RequestRef, input: { email: string; locale?: string }): Promise<void> {
  const email = normalizeEmail('email', input.email);
  if (email.problem || !email.value) throw new ValidationError([email.problem ?? { field: 'email', code: 'required', message: 'email is required' }]);
  const request = await getServiceRequest(deps, ref);
  if (request.confidential) throw new AppError('not_found', 404, `Service request ${JSON.stringify(String(ref))} was not found`);
  const now = deps.clock.now();
  await deps.db.transaction().execute((trx) =>
    enqueueNotifications(
      trx,
      [
        {
          eventKey: `follow:${request.id}`,
          channel: 'email',
          recipient: email.value as string,
          locale: input.locale ?? 'en',
          template: 'follow.confirm',
          data: { requestId: request.id, trackingNumber: request.trackingNumber },
          scope: requestScope(request.id),
        },
      ],
      now,
    ),
  );
}

export interface FollowContext {
  masked: string;
  trackingNumber: string;
  locale: string;
}

export async function followContext(deps: Deps, token: string): Promise<FollowContext | null> {
  const row = await rowOfToken(deps, 'follow', token);
  if (!row || row.template !== 'follow.confirm') return null;
  return { masked: maskEmail(row.recipient), trackingNumber: text(row.data.trackingNumber), locale: row.locale };
}

export async function confirmFollow(deps: Deps, token: string): Promise<FollowContext | null> {
  const row = await rowOfToken(deps, 'follow', token);
  if (!row || row.template !== 'follow.confirm') return null;
  await followRequest(deps, Number(row.data.requestId), { email: row.recipient, locale: row.locale });
  return { masked: maskEmail(row.recipient), trackingNumber: text(row.data.trackingNumber), locale: row.locale };
}

// --- Dead letters -------------------------------------------------------------------------------

/** An administrator sends a dead letter again (audited). */
export async function retryNotification(deps: Deps, id: number, audit: AuditContext): Promise<DeadLetter> {
  const now = deps.clock.now();
  const retried = await deps.db.transaction().execute(async (trx) => {
    const row = await retryDeadLetter(trx, id, now);
    if (row) await recordAudit(trx, { ...audit, at: now, action: 'notification.retried', target: { kind: 'notification', id }, data: { channel: row.channel, template: row.template, attempts: row.attempts } });
    return row;
  });
  if (!retried) throw new AppError('not_found', 404, `Notification ${id} is not a dead letter (it does not exist, or it is queued or delivered)`);
  return retried;
}
