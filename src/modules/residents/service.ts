import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { isLocale, t, type Locale } from '../../i18n/index.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import type { Mailer } from '../../lib/mailer.ts';
import { normalizeEmail, parseInput } from '../../lib/validate.ts';
import { enqueue, type JobHandler } from '../../jobs/queue.ts';
import { csrfTokenFor, digest, randomToken } from '../identity/secrets.ts';
import * as repo from './repository.ts';

/** How resident sign-in behaves; `publicUrl` is where links in e-mails point. */
export interface ResidentSettings {
  publicUrl: string;
  /** Null when no mail server is configured: sign-in links cannot be sent. */
  mailer: Mailer | null;
  linkMinutes: number;
  sessionDays: number;
  linksPerHour: number;
}

export interface Resident {
  id: number;
  email: string;
  locale: string;
}

const SEND_LINK_JOB = 'residents.send-sign-in-link';

/** The body of a sign-in link request (also what /api/docs shows). */
export const signInLinkSchema = z
  .object({
    email: z.string().min(1).max(254),
    locale: z.string().max(10).optional().describe('The language of the e-mail and the pages, such as es'),
    returnTo: z.string().max(500).optional().describe('A path on this site to return to after signing in'),
  })
  .strict();

/** A return address must be a path on this site ("/track/PDX-…"), never another site. */
function safeReturnTo(value: string | undefined): string | null {
  if (!value) return null;
  return /^\/(?![/\\])[\w\-./?=&%~]*$/.test(value) ? value : null;
}

/**
 * Sends a one-time sign-in link to an address. The answer is the same whether or not the address
 * has an account (no enumeration); the link row and the e-mail job are written in one transaction.
 */
export async function requestSignInLink(deps: Deps, settings: ResidentSettings, input: unknown): Promise<void> {
  const body = parseInput(signInLinkSchema, input);
  const email = normalizeEmail('email', body.email);
  if (email.problem || !email.value) throw new ValidationError([email.problem ?? { field: 'email', code: 'invalid_email', message: 'email is not an e-mail address' }]);
  if (!settings.mailer) {
    throw new AppError('email_not_configured', 503, 'Signing in by e-mail is not available: this installation has no mail server configured');
  }
  const now = deps.clock.now();
  if ((await repo.countRecentLinks(deps.db, email.value, new Date(now.getTime() - 3_600_000))) >= settings.linksPerHour) {
    throw new AppError('too_many_links', 429, `Too many sign-in links were asked for this address in the last hour; try again later`, { retryAfterSeconds: 3600 });
  }
  const token = randomToken();
  const locale: Locale = isLocale(body.locale) ? body.locale : 'en';
  const url = `${settings.publicUrl.replace(/\/$/, '')}/api/v1/residents/sign-in?token=${token}`;
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertLink(trx, { tokenHash: digest(token), email: email.value!, locale, returnTo: safeReturnTo(body.returnTo), at: now, expiresAt: new Date(now.getTime() + settings.linkMinutes * 60_000) });
    await enqueue(trx, now, SEND_LINK_JOB, { email: email.value, url, locale, minutes: settings.linkMinutes }, { maxAttempts: 5 });
  });
}

/** The e-mail job: sends the link in the resident's language. */
export function residentJobHandlers(mailer: Mailer | null): Record<string, JobHandler> {
  return {
    [SEND_LINK_JOB]: async (_deps, payload) => {
      if (!mailer) throw new Error('no mail server is configured');
      const locale: Locale = isLocale(payload.locale) ? payload.locale : 'en';
      const url = String(payload.url);
      await mailer.send({
        to: String(payload.email),
        subject: t(locale, 'residents.link.subject'),
        text: t(locale, 'residents.link.body', { url, minutes: Number(payload.minutes) }),
      });
    },
  };
}

/**
 * Uses a sign-in link (once, before it expires): the resident account for the address is created
 * on first use, and a session starts. The address is now proved, so the requests made with it are
 * the resident's ("claimed"), including those made while signed out.
 */
export async function signInWithLink(deps: Deps, settings: ResidentSettings, token: string) {
  const now = deps.clock.now();
  const sessionToken = randomToken();
  const result = await deps.db.transaction().execute(async (trx) => {
    const link = await repo.useLink(trx, digest(token), now);
    if (!link) return null;
    const resident = await repo.upsertResident(trx, link.email, link.locale, now);
    await repo.insertSession(trx, { tokenHash: digest(sessionToken), residentId: resident.id, at: now, expiresAt: new Date(now.getTime() + settings.sessionDays * 86_400_000) });
    return { resident, returnTo: link.return_to };
  });
  if (!result) throw new AppError('link_not_valid', 400, 'This sign-in link is not valid any more: it was used already or it expired. Ask for a new one.');
  return { ...result, sessionToken, csrfToken: csrfTokenFor(sessionToken) };
}

/** The resident a session token belongs to, or null (unknown, expired or signed out). */
export async function residentOfSession(deps: Deps, sessionToken: string): Promise<Resident | null> {
  return (await repo.selectLiveSession(deps.db, digest(sessionToken), deps.clock.now())) ?? null;
}

export async function signOutResident(deps: Deps, sessionToken: string): Promise<void> {
  await repo.revokeSession(deps.db, digest(sessionToken), deps.clock.now());
}
