import { timingSafeEqual, createHash } from 'node:crypto';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { localized, negotiateLocale, t, type Locale } from '../../i18n/index.ts';
import { useZod } from '../../http/openapi.ts';
import { AppError } from '../../lib/errors.ts';
import { html, type SafeHtml } from '../../web/ui/html.ts';
import { layout } from '../../web/ui/layout.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { DESCRIBED_ONLY } from '../identity/schemas.ts';
import { MAX_MESSAGE_BYTES, receiveEmail } from './inbound.ts';
import { listDeadLetters } from './outbox.ts';
import { answerSurvey, confirmFollow, followContext, requestFollowByEmail, retryNotification, surveyContext, surveySummary, unsubscribe, unsubscribeContext } from './service.ts';

export interface NotificationRouteOptions {
  /** Shared secret of the inbound e-mail webhook; null = the webhook is off (404). */
  inboundSecret: string | null;
  defaultLocale: Locale;
}

const TAGS = ['Notifications'];
const idParams = z.object({ id: z.coerce.number().int().positive() }).strict();
const refParams = z.object({ ref: z.string().min(1).max(40) }).strict();
const deadLetterQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional(), before: z.coerce.number().int().positive().optional() }).strict();
const followBody = z.object({ email: z.string().min(3).max(254), locale: z.enum(['en', 'es', 'vi', 'zh-Hant', 'ru']).optional() }).strict();
const surveyKindQuery = z.object({ kind: z.enum(['request', 'contact']).default('request') }).strict();
const inboundBody = z.union([
  z.string().describe('The raw RFC 822 message (Content-Type: message/rfc822 or text/plain)'),
  z
    .object({ raw: z.string().optional(), rawMessage: z.string().optional(), RawEmail: z.string().optional(), email: z.string().optional(), 'body-mime': z.string().optional(), rawBase64: z.string().optional() })
    .describe("A provider's JSON with the raw message in one of these fields (rawBase64: base64)"),
]);

const sha = (s: string) => createHash('sha256').update(s).digest();

/** The raw message from a webhook body: the body itself, or a provider's JSON field. */
function rawOf(body: unknown): Buffer | null {
  if (Buffer.isBuffer(body)) return body.length ? body : null;
  if (typeof body === 'string') return body.length ? Buffer.from(body, 'utf8') : null;
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    if (typeof o.rawBase64 === 'string') return Buffer.from(o.rawBase64, 'base64');
    for (const k of ['raw', 'rawMessage', 'RawEmail', 'email', 'body-mime']) if (typeof o[k] === 'string' && o[k]) return Buffer.from(o[k], 'utf8');
  }
  return null;
}

export async function registerNotificationRoutes(app: FastifyInstance, deps: Deps, options: NotificationRouteOptions): Promise<void> {
  // --- Staff and public JSON API ---
  await app.register(async (scope) => {
    const api = useZod(scope);
    api.get(
      '/api/v1/notifications/dead-letters',
      {
        preHandler: requirePermission('notifications:admin'),
        schema: { tags: TAGS, summary: 'Notifications that could not be delivered', description: 'Needs notifications:admin. Newest first; page with before = the last id seen.', querystring: deadLetterQuery },
      },
      async (request) => {
        const items = await listDeadLetters(deps.db, request.query);
        return { items, nextBefore: items.length === (request.query.limit ?? 50) ? (items.at(-1)?.id ?? null) : null };
      },
    );
    api.post(
      '/api/v1/notifications/dead-letters/:id/retry',
      {
        preHandler: requirePermission('notifications:admin'),
        schema: { tags: TAGS, summary: 'Send a dead letter again', description: 'Needs notifications:admin. Queues it with a fresh set of attempts (audited as notification.retried).', params: idParams },
      },
      async (request) => ({ notification: await retryNotification(deps, request.params.id, auditContextOf(request)) }),
    );
    api.get(
      '/api/v1/notifications/surveys/summary',
      { preHandler: requirePermission('analytics:read'), schema: { tags: TAGS, summary: 'Satisfaction survey answers: count and average rating', querystring: surveyKindQuery } },
      async (request) => surveySummary(deps, request.query.kind),
    );
    api.post(
      '/api/v1/requests/:ref/email-followers',
      {
        config: { csrf: false },
        bodyLimit: 16_384,
        schema: {
          tags: TAGS,
          summary: 'Follow a request by e-mail, without an account',
          description: 'Anyone. Sends a confirmation link to the address; nothing is followed until it is opened. 202 whatever the address. A confidential request is a 404.',
          params: refParams,
          body: followBody,
        },
      },
      async (request, reply) => {
        await requestFollowByEmail(deps, request.params.ref, request.body);
        return reply.status(202).send({ status: 'confirmation_sent' });
      },
    );
  });

  // --- Inbound e-mail webhook: raw RFC 822 or a provider's JSON, authenticated by a shared secret ---
  await app.register(async (scope) => {
    if (scope.hasContentTypeParser('text/plain')) scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser(['message/rfc822', 'text/plain', 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: MAX_MESSAGE_BYTES }, (_req, body, done) => done(null, body));
    scope.post(
      '/api/v1/inbound/email',
      {
        ...DESCRIBED_ONLY,
        bodyLimit: MAX_MESSAGE_BYTES,
        config: { csrf: false },
        schema: {
          tags: TAGS,
          summary: 'Mail to the 311 address, from the mail provider',
          description:
            'Authenticated by the shared secret FRONTDOOR_INBOUND_EMAIL_SECRET in the X-Frontdoor-Inbound-Secret header. 404 when the webhook is off. A reply to a notification becomes an internal note on its request; bounces and auto-replies are recognised; anything else is kept for the contact log.',
          body: inboundBody,
        },
      },
      async (request: FastifyRequest, reply: FastifyReply) => {
        if (!options.inboundSecret) throw new AppError('not_found', 404, 'The inbound e-mail webhook is off (set FRONTDOOR_INBOUND_EMAIL_SECRET)');
        const given = String(request.headers['x-frontdoor-inbound-secret'] ?? '');
        if (!given || !timingSafeEqual(sha(given), sha(options.inboundSecret))) throw new AppError('unauthenticated', 401, 'The inbound e-mail webhook needs its shared secret in X-Frontdoor-Inbound-Secret');
        const raw = rawOf(request.body);
        if (!raw) throw new AppError('validation_failed', 400, 'Send the raw message as the body (message/rfc822) or in a JSON field raw, rawMessage, RawEmail, email, body-mime or rawBase64', { field: 'body' });
        if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(raw.subarray(0, 4096).toString('latin1'))) {
          throw new AppError('validation_failed', 400, 'The body is not an e-mail message: it has no header lines', { field: 'body' });
        }
        const result = await receiveEmail(deps, raw, { via: 'webhook' });
        return reply.status(result.duplicate ? 200 : 201).send(result);
      },
    );
  });

  // --- Resident pages from the links in our messages: server-rendered, no JavaScript ---
  await app.register(async (scope) => {
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) await scope.register(formbody, { bodyLimit: 16_384 });
    const page = async (request: FastifyRequest, reply: FastifyReply, rowLocale: string | null, title: string, body: (l: Locale) => SafeHtml, status = 200) => {
      const lang = (request.query as Record<string, string | undefined>).lang;
      const locale = negotiateLocale(lang ?? rowLocale ?? undefined, request.headers['accept-language'], options.defaultLocale);
      const jurisdiction = await getJurisdiction(deps).catch(() => null);
      const city = jurisdiction ? localized(jurisdiction.name, locale) : 'Frontdoor';
      const path = (request.url.split('?')[0] ?? '/').replace(/[^\w/.-]/g, '');
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').status(status);
      return layout({ locale, title: t(locale, title), city, path, body: body(locale) }).value;
    };
    const invalid = (request: FastifyRequest, reply: FastifyReply, title: string) =>
      page(request, reply, null, title, (l) => html`<h1>${t(l, title)}</h1><p role="alert">${t(l, 'notify.page.invalidLink')}</p>`, 404);
    const tokenParams = { type: 'object', properties: { token: { type: 'string', maxLength: 100 } }, required: ['token'] } as const;
    const noDocs = { hide: true, params: tokenParams };

    // Unsubscribe: GET shows the choice; POST does it (a form, or RFC 8058 one-click from the mail program).
    scope.get<{ Params: { token: string } }>('/notifications/unsubscribe/:token', { schema: noDocs }, async (request, reply) => {
      const c = await unsubscribeContext(deps, request.params.token);
      if (!c) return invalid(request, reply, 'notify.unsub.title');
      return page(request, reply, c.locale, 'notify.unsub.title', (l) => html`<h1>${t(l, 'notify.unsub.title')}</h1>
<form method="post">
<fieldset>
<legend>${t(l, 'notify.unsub.question', { email: c.masked })}</legend>
${c.trackingNumber ? html`<p><input type="radio" id="which-this" name="which" value="this" checked> <label for="which-this">${t(l, 'notify.unsub.scopeThis', { trackingNumber: c.trackingNumber })}</label></p>` : ''}
<p><input type="radio" id="which-all" name="which" value="all"${c.trackingNumber ? '' : html` checked`}> <label for="which-all">${t(l, 'notify.unsub.scopeAll')}</label></p>
</fieldset>
<p><button type="submit">${t(l, 'notify.unsub.submit')}</button></p>
</form>`);
    });
    scope.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>('/notifications/unsubscribe/:token', { config: { csrf: false }, schema: noDocs }, async (request, reply) => {
      const body = request.body ?? {};
      // RFC 8058: the mail program POSTs List-Unsubscribe=One-Click: leave what this message was about.
      const which = body.which === 'all' ? 'all' : 'this';
      const c = await unsubscribe(deps, request.params.token, which);
      if (!c) return invalid(request, reply, 'notify.unsub.title');
      return page(request, reply, c.locale, 'notify.unsub.title', (l) => html`<h1>${t(l, 'notify.unsub.title')}</h1><p role="status">${t(l, 'notify.unsub.done', { email: c.masked })}</p>`);
    });

    // Satisfaction survey: 1–5 and an optional comment; answering again changes the answer.
    const surveyForm = (l: Locale, c: NonNullable<Awaited<ReturnType<typeof surveyContext>>>, error: string | null, saved: boolean) => {
      const question = c.kind === 'request' && c.trackingNumber ? t(l, 'notify.survey.question', { trackingNumber: c.trackingNumber }) : t(l, 'notify.survey.questionContact');
      return html`<h1>${t(l, 'notify.survey.title')}</h1>
${saved ? html`<p role="status">${t(l, 'notify.survey.thanks')}</p>` : ''}
${error ? html`<div role="alert"><h2>${t(l, 'notify.survey.errorTitle')}</h2><p><a href="#rating-1">${error}</a></p></div>` : ''}
${c.open
  ? html`<form method="post">
<fieldset${error ? html` aria-invalid="true"` : ''}>
<legend>${question}</legend>
${[1, 2, 3, 4, 5].map((n) => html`<p><input type="radio" id="rating-${n}" name="rating" value="${n}" required${c.answer?.rating === n ? html` checked` : ''}> <label for="rating-${n}">${t(l, `notify.survey.rating${n}`)}</label></p>`)}
</fieldset>
<p><label for="comment">${t(l, 'notify.survey.comment')}</label><br>
<textarea id="comment" name="comment" rows="5" cols="50" maxlength="2000">${c.answer?.comment ?? ''}</textarea></p>
<p><button type="submit">${t(l, 'notify.survey.submit')}</button></p>
</form>`
  : html`<p>${t(l, 'notify.survey.closed')}</p>`}`;
    };
    scope.get<{ Params: { token: string } }>('/notifications/survey/:token', { schema: noDocs }, async (request, reply) => {
      const c = await surveyContext(deps, request.params.token);
      if (!c) return invalid(request, reply, 'notify.survey.title');
      return page(request, reply, c.locale, 'notify.survey.title', (l) => surveyForm(l, c, null, false));
    });
    scope.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>('/notifications/survey/:token', { config: { csrf: false }, schema: noDocs }, async (request, reply) => {
      const c = await surveyContext(deps, request.params.token);
      if (!c) return invalid(request, reply, 'notify.survey.title');
      try {
        const saved = await answerSurvey(deps, request.params.token, { rating: request.body?.rating, comment: request.body?.comment });
        return page(request, reply, c.locale, 'notify.survey.title', (l) => surveyForm(l, saved ?? c, null, true));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const status = error.status;
        return page(request, reply, c.locale, 'notify.survey.title', (l) => surveyForm(l, c, error.code === 'survey_closed' ? t(l, 'notify.survey.closed') : t(l, 'notify.survey.ratingRequired'), false), status);
      }
    });

    // Follow by e-mail: the confirmation link (GET asks, POST confirms: mail scanners only GET).
    scope.get<{ Params: { token: string } }>('/notifications/follow/:token', { schema: noDocs }, async (request, reply) => {
      const c = await followContext(deps, request.params.token);
      if (!c) return invalid(request, reply, 'notify.follow.title');
      return page(request, reply, c.locale, 'notify.follow.title', (l) => html`<h1>${t(l, 'notify.follow.title')}</h1>
<form method="post"><p>${t(l, 'notify.follow.question', { trackingNumber: c.trackingNumber, email: c.masked })}</p>
<p><button type="submit">${t(l, 'notify.follow.confirm')}</button></p></form>`);
    });
    scope.post<{ Params: { token: string } }>('/notifications/follow/:token', { config: { csrf: false }, schema: noDocs }, async (request, reply) => {
      const c = await confirmFollow(deps, request.params.token);
      if (!c) return invalid(request, reply, 'notify.follow.title');
      return page(request, reply, c.locale, 'notify.follow.title', (l) => html`<h1>${t(l, 'notify.follow.title')}</h1><p role="status">${t(l, 'notify.follow.done', { trackingNumber: c.trackingNumber, email: c.masked })}</p>`);
    });
  });
}
