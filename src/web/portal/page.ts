import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { localized, negotiateLocale, t, type Locale } from '../../i18n/index.ts';
import { AppError, type FieldProblem } from '../../lib/errors.ts';
import { getJurisdiction, type Jurisdiction } from '../../modules/catalog/service.ts';
import { signingKey } from '../../modules/notifications/tokens.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { layout } from '../ui/layout.ts';

const LANG_COOKIE = 'frontdoor_lang';
const ONE_YEAR_S = 31_536_000;

/** The visitor's language; an explicit ?lang= choice is remembered in a cookie. */
export function localeOf(request: FastifyRequest, reply: FastifyReply, fallback: Locale): Locale {
  const query = (request.query as Record<string, string | undefined> | undefined)?.lang;
  const cookie = /(?:^|;\s*)frontdoor_lang=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  const locale = negotiateLocale(query ?? cookie, request.headers['accept-language'], fallback);
  if (query && query === locale) reply.header('set-cookie', `${LANG_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`);
  reply.header('vary', 'Accept-Language, Cookie');
  return locale;
}

/** The installation's jurisdiction, or null on an empty installation. */
export async function jurisdictionOrNull(deps: Deps): Promise<Jurisdiction | null> {
  return getJurisdiction(deps).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'no_jurisdiction') return null;
    throw error;
  });
}

export interface PageContext {
  locale: Locale;
  city: string;
  jurisdiction: Jurisdiction | null;
}

export async function pageContext(deps: Deps, request: FastifyRequest, reply: FastifyReply, fallback: Locale): Promise<PageContext> {
  const locale = localeOf(request, reply, fallback);
  const jurisdiction = await jurisdictionOrNull(deps);
  return { locale, jurisdiction, city: jurisdiction ? localized(jurisdiction.name, locale) : 'Frontdoor' };
}

/** Sends a full page; `path` is the page's address for the language links (no query). */
export function sendPage(reply: FastifyReply, ctx: PageContext, opts: { title: string; path: string; body: SafeHtml; status?: number; scripts?: SafeHtml | '' }): string {
  reply.status(opts.status ?? 200).type('text/html; charset=utf-8');
  return layout({ locale: ctx.locale, title: `${opts.title} — ${t(ctx.locale, 'site.title', { city: ctx.city })}`, city: ctx.city, path: opts.path, body: opts.body, scripts: opts.scripts }).value;
}

/**
 * Catalog or notice text in the visitor's language; when it has no such translation, the text it
 * falls back to is marked with its own language (WCAG 3.1.2), so a screen reader reads it right.
 */
export function inLang(value: Record<string, string> | null | undefined, locale: Locale): SafeHtml {
  const text = localized(value, locale);
  const used = value?.[locale] !== undefined ? locale : value?.en !== undefined ? 'en' : Object.keys(value ?? {})[0];
  return used && used !== locale ? html`<span lang="${used}">${text}</span>` : html`${text}`;
}

/** A plain 404 page in the visitor's language. */
export function notFoundPage(reply: FastifyReply, ctx: PageContext, path: string): string {
  return sendPage(reply, ctx, {
    title: t(ctx.locale, 'portal.notFound.title'),
    path,
    status: 404,
    body: html`<h1>${t(ctx.locale, 'portal.notFound.title')}</h1><p>${t(ctx.locale, 'portal.notFound.body')}</p><p><a href="/">${t(ctx.locale, 'portal.backHome')}</a></p>`,
  });
}

/** A form field's id from its name (`attribute[SIZE]` → `f-attribute-SIZE`). */
export const fieldId = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`;

/** A problem shown to the resident: the field it belongs to and a message in their language. */
export interface FormError {
  field: string;
  message: string;
}

/**
 * The error summary at the top of a form: a titled, focusable alert listing each problem as a link
 * to its field (GOV.UK pattern). Empty when there is nothing wrong.
 */
export function errorSummary(locale: Locale, errors: FormError[]): SafeHtml | '' {
  if (!errors.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <h2 id="error-summary-title">${t(locale, 'portal.errors.title', { count: errors.length })}</h2>
  <ul>${errors.map((e) => html`<li><a href="#${fieldId(e.field)}">${e.message}</a></li>`)}</ul>
</div>`;
}

/** The message beside a field in error ("Error:" in words, never colour alone). */
export function fieldError(locale: Locale, errors: FormError[], field: string): SafeHtml | '' {
  const e = errors.find((x) => x.field === field);
  return e ? html`<p class="field-error" id="${fieldId(field)}-error"><span class="visually-hidden">${t(locale, 'portal.errors.prefix')}</span> ${e.message}</p>` : '';
}

/** aria-describedby/aria-invalid for a field that may be in error. */
export function invalidAttrs(errors: FormError[], field: string, hintId?: string): SafeHtml {
  const bad = errors.some((x) => x.field === field);
  const described = [hintId, bad ? `${fieldId(field)}-error` : undefined].filter(Boolean).join(' ');
  return html`${described ? html` aria-describedby="${described}"` : ''}${bad ? html` aria-invalid="true"` : ''}`;
}

/** A field problem from a service function, in the resident's language. */
export function translateProblem(locale: Locale, p: FieldProblem, label: (field: string) => string): FormError {
  const known = ['required', 'wrong_type', 'not_in_list', 'too_long', 'invalid_email', 'invalid_phone', 'outside_jurisdiction', 'invalid_location'];
  const code = known.includes(p.code) ? p.code : 'invalid';
  return { field: p.field, message: t(locale, `portal.problem.${code}`, { title: label(p.field) }) };
}

/**
 * Options of every portal form route. A resident's form acts as nobody in particular (a report, a
 * follow, support, feedback): never with the authority of a staff session the browser may also
 * carry, so the staff CSRF check, which would refuse a signed-in staff member's report, does not apply.
 */
export const RESIDENT_FORM = { config: { csrf: false } } as const;

// --- Form protection: honeypot and time trap ---------------------------------------------------------

/** A form filled faster than this is a robot's; a form older than a day is stale. */
export const MIN_FILL_MS = 3000;
const MAX_FORM_AGE_MS = 86_400_000;
export const HONEYPOT = 'website';
export const TIME_TRAP = 'form_started';

const trapMac = (key: Buffer, ms: number): string => createHmac('sha256', key).update(`portal-form:${ms}`).digest('hex').slice(0, 24);

/** The hidden fields every protected form carries: a signed start time and an empty honeypot. */
export async function trapFields(deps: Deps, locale: Locale): Promise<SafeHtml> {
  const ms = deps.clock.now().getTime();
  const key = await signingKey(deps.db);
  return html`<input type="hidden" name="${TIME_TRAP}" value="${ms}.${trapMac(key, ms)}">
<div class="hp" aria-hidden="true"><label for="${fieldId(HONEYPOT)}">${t(locale, 'portal.honeypot')}</label><input type="text" id="${fieldId(HONEYPOT)}" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`;
}

/** Why a posted form looks automated ('robot', 'too_fast', 'stale'), or null when it passes. */
export async function trapVerdict(deps: Deps, body: Record<string, unknown>): Promise<'robot' | 'too_fast' | 'stale' | null> {
  const honey = body[HONEYPOT];
  if (typeof honey !== 'string' || honey !== '') return 'robot';
  const m = /^(\d{1,15})\.([0-9a-f]{24})$/.exec(typeof body[TIME_TRAP] === 'string' ? (body[TIME_TRAP] as string) : '');
  if (!m?.[1] || !m[2]) return 'robot';
  const ms = Number(m[1]);
  const expected = Buffer.from(trapMac(await signingKey(deps.db), ms));
  if (!timingSafeEqual(expected, Buffer.from(m[2]))) return 'robot';
  const age = deps.clock.now().getTime() - ms;
  if (age < MIN_FILL_MS) return 'too_fast';
  if (age > MAX_FORM_AGE_MS) return 'stale';
  return null;
}

/** One text value of a posted form ('' when absent; the first of repeated values). */
export function formText(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
}
