import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { t, type Locale } from '../../i18n/index.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { listServices } from '../../modules/catalog/service.ts';
import { statusWords } from '../../modules/notifications/index.ts';
import { listRequestsOfEmail } from '../../modules/requests/index.ts';
import { RESIDENT_COOKIE, requestSignInLink, residentOfSession, type ResidentSettings } from '../../modules/residents/index.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { errorSummary, inLang, fieldError, fieldId, formText, invalidAttrs, pageContext, RESIDENT_FORM, sendPage, trapFields, trapVerdict, type FormError, type PageContext } from './page.ts';
import type { PortalOptions } from './routes.ts';

type Body = Record<string, unknown>;

async function signInForm(deps: Deps, locale: Locale, settings: ResidentSettings | null, errors: FormError[], body: Body, sent: boolean): Promise<SafeHtml> {
  if (!settings?.mailer) return html`<p>${t(locale, 'portal.mine.unavailable')}</p>`;
  return html`${errorSummary(locale, errors)}
${sent ? html`<p class="success" role="status">${t(locale, 'portal.mine.sent')}</p>` : ''}
<p>${t(locale, 'portal.mine.intro')}</p>
<form method="post" action="/my-requests/sign-in?lang=${locale}" novalidate>
${await trapFields(deps, locale)}
<div class="field"><label for="${fieldId('email')}">${t(locale, 'portal.report.email')}</label>${fieldError(locale, errors, 'email')}
<input type="email" id="${fieldId('email')}" name="email" value="${formText(body, 'email')}" autocomplete="email" maxlength="254"${invalidAttrs(errors, 'email')}></div>
<button type="submit" id="f-submit">${t(locale, 'portal.mine.button')}</button>
</form>`;
}

/** "My requests": a resident signed in by an e-mail link sees the requests made with that address and those it follows. */
export function registerMyRequestsPages(app: FastifyInstance, deps: Deps, opts: PortalOptions, settings: ResidentSettings | null): void {
  const { defaultLocale } = opts;
  const title = (ctx: PageContext) => t(ctx.locale, 'portal.mine.title');

  app.get('/my-requests', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    reply.header('cache-control', 'private, no-store');
    const token = request.cookies[RESIDENT_COOKIE];
    const resident = token ? await residentOfSession(deps, token) : null;
    if (!resident) {
      const sent = (request.query as Record<string, unknown>).sent === '1';
      return sendPage(reply, ctx, { title: title(ctx), path: '/my-requests', body: html`<h1>${title(ctx)}</h1>${await signInForm(deps, locale, settings, [], {}, sent)}` });
    }
    const requests = await listRequestsOfEmail(deps, resident.email);
    const names = new Map(ctx.jurisdiction ? (await listServices(deps, ctx.jurisdiction.id)).map((s) => [s.code, inLang(s.name, locale)]) : []);
    const body = html`<h1>${title(ctx)}</h1>
<p>${t(locale, 'portal.mine.count', { count: requests.length })}</p>
${requests.length ? html`<table><caption class="visually-hidden">${title(ctx)}</caption>
<thead><tr><th scope="col">${t(locale, 'portal.track.number')}</th><th scope="col">${t(locale, 'portal.track.service')}</th><th scope="col">${t(locale, 'portal.track.status')}</th><th scope="col">${t(locale, 'portal.track.where')}</th><th scope="col">${t(locale, 'portal.mine.relation')}</th></tr></thead>
<tbody>${requests.map(
      (r) => html`<tr><td><a href="/track/${r.trackingNumber}">${r.trackingNumber}</a></td><td>${names.get(r.serviceCode) ?? r.serviceCode}</td><td>${statusWords(locale, r.status)}</td><td>${r.address ?? ''}</td><td>${t(locale, r.relation === 'mine' ? 'portal.mine.mine' : 'portal.mine.following')}</td></tr>`,
    )}</tbody></table>` : ''}
<p><a href="/report">${t(locale, 'portal.report.title')}</a></p>`;
    return sendPage(reply, ctx, { title: title(ctx), path: '/my-requests', body });
  });

  app.post('/my-requests/sign-in', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    const again = async (errors: FormError[], status: number) =>
      sendPage(reply, ctx, { title: `${t(locale, 'portal.errors.titlePrefix')} ${title(ctx)}`, path: '/my-requests', status, body: html`<h1>${title(ctx)}</h1>${await signInForm(deps, locale, settings, errors, body, false)}` });
    if (!settings?.mailer) return again([], 503);
    const verdict = await trapVerdict(deps, body);
    if (verdict) return again([{ field: 'submit', message: t(locale, `portal.trap.${verdict}`) }], 400);
    try {
      await requestSignInLink(deps, settings, { email: formText(body, 'email'), locale, returnTo: '/my-requests' });
    } catch (error) {
      if (error instanceof ValidationError) return again([{ field: 'email', message: t(locale, 'portal.problem.invalid_email', { title: t(locale, 'portal.report.email') }) }], 400);
      if (error instanceof AppError && error.status === 429) return again([{ field: 'submit', message: t(locale, 'portal.trap.rate', { minutes: 60 }) }], 429);
      throw error;
    }
    return reply.redirect(`/my-requests?sent=1&lang=${locale}`, 303);
  });
}
