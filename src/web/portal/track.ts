import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { t, type Locale } from '../../i18n/index.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { getService } from '../../modules/catalog/service.ts';
import { RateLimiter } from '../../modules/kb/public.ts';
import { statusWords } from '../../modules/notifications/index.ts';
import { requestFollowByEmail } from '../../modules/notifications/service.ts';
import { addSupport, getServiceRequest, getTimeline, isOpen, type ServiceRequest } from '../../modules/requests/index.ts';
import { listPublicPhotos } from '../../modules/media/index.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { errorSummary, inLang, fieldError, fieldId, formText, invalidAttrs, notFoundPage, pageContext, sendPage, trapFields, trapVerdict, type FormError, RESIDENT_FORM, type PageContext } from './page.ts';
import { photoGallery } from './photos.ts';
import type { PortalOptions } from './routes.ts';

const TRACKING = /^[A-Za-z0-9-]{3,40}$/;
type Body = Record<string, unknown>;

/** A request the public may see by its number: never a confidential one (to the public it does not exist). */
async function publicRequest(deps: Deps, ref: string): Promise<ServiceRequest | null> {
  if (!TRACKING.test(ref)) return null;
  try {
    const r = await getServiceRequest(deps, ref);
    return r.confidential ? null : r;
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

const formatDate = (locale: Locale, at: Date, timeZone: string): string =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(at);

/** The timeline residents see: public events and public notes only — no staff names, no internal notes, no routing. */
async function publicTimeline(deps: Deps, locale: Locale, r: ServiceRequest, timeZone: string): Promise<SafeHtml[]> {
  const events = await getTimeline(deps, r.id);
  const items: SafeHtml[] = [];
  for (const e of events) {
    let what: string | null = null;
    if (e.kind === 'created') what = t(locale, 'portal.timeline.created');
    else if (e.kind === 'status_changed' && e.to_status) what = t(locale, 'portal.timeline.status', { status: statusWords(locale, e.to_status) });
    else if (e.kind === 'note' && e.public_note) what = t(locale, 'portal.timeline.note');
    else if (e.kind === 'merged_into') what = t(locale, 'portal.timeline.merged');
    if (!what) continue;
    items.push(html`<li><p><time datetime="${e.at.toISOString()}">${formatDate(locale, e.at, timeZone)}</time> — ${what}</p>${e.public_note ? html`<blockquote>${e.public_note}</blockquote>` : ''}</li>`);
  }
  return items;
}

function trackForm(locale: Locale, value = '', errors: FormError[] = []): SafeHtml {
  return html`<form method="get" action="/track">
<div class="field"><label for="f-n">${t(locale, 'portal.track.number')}</label><p class="hint" id="f-n-hint">${t(locale, 'portal.track.hint')}</p>${fieldError(locale, errors, 'n')}
<input type="text" id="f-n" name="n" value="${value}" maxlength="40" autocomplete="off"${invalidAttrs(errors, 'n', 'f-n-hint')}></div>
<button type="submit">${t(locale, 'portal.track.button')}</button></form>`;
}

async function requestPage(deps: Deps, ctx: PageContext, r: ServiceRequest, query: Record<string, unknown>, errors: FormError[], body: Body): Promise<SafeHtml> {
  const { locale } = ctx;
  const timeZone = ctx.jurisdiction?.timeZone ?? 'UTC';
  const service = await getService(deps, r.jurisdictionId, r.serviceCode).catch(() => null);
  const open = isOpen(r.status);
  const timeline = await publicTimeline(deps, locale, r, timeZone);
  const flash = query.supported ? t(locale, 'portal.support.thanks') : query.follow === 'sent' ? t(locale, 'portal.follow.sent') : null;
  return html`
${errorSummary(locale, errors)}
${flash ? html`<p class="success" role="status">${flash}</p>` : ''}
<h1>${t(locale, 'portal.track.request', { trackingNumber: r.trackingNumber })}</h1>
<dl class="facts">
<dt>${t(locale, 'portal.track.service')}</dt><dd>${service ? inLang(service.name, locale) : r.serviceCode}</dd>
<dt>${t(locale, 'portal.track.status')}</dt><dd><strong>${statusWords(locale, r.status)}</strong></dd>
${r.address ? html`<dt>${t(locale, 'portal.track.where')}</dt><dd>${r.address}</dd>` : ''}
<dt>${t(locale, 'portal.track.received')}</dt><dd>${formatDate(locale, r.createdAt, timeZone)}</dd>
${open && r.dueAt ? html`<dt>${t(locale, 'portal.track.expected')}</dt><dd>${formatDate(locale, r.dueAt, timeZone)}</dd>` : ''}
${r.supportCount ? html`<dt>${t(locale, 'portal.track.supporters')}</dt><dd>${r.supportCount}</dd>` : ''}
${r.parentTrackingNumber ? html`<dt>${t(locale, 'portal.track.joined')}</dt><dd><a href="/track/${r.parentTrackingNumber}">${r.parentTrackingNumber}</a></dd>` : ''}
</dl>
${photoGallery(locale, r.trackingNumber, await listPublicPhotos(deps, r))}
<h2>${t(locale, 'portal.track.timeline')}</h2>
<ol class="timeline">${timeline}</ol>
${open ? html`<section aria-labelledby="follow-title"><h2 id="follow-title">${t(locale, 'portal.follow.title')}</h2>
<p>${t(locale, 'portal.follow.intro')}</p>
<form method="post" action="/track/${r.trackingNumber}/follow?lang=${locale}" novalidate>
${await trapFields(deps, locale)}
<div class="field"><label for="${fieldId('email')}">${t(locale, 'portal.report.email')}</label>${fieldError(locale, errors, 'email')}
<input type="email" id="${fieldId('email')}" name="email" value="${formText(body, 'email')}" autocomplete="email" maxlength="254"${invalidAttrs(errors, 'email')}></div>
<button type="submit" id="f-submit">${t(locale, 'portal.follow.button')}</button>
</form></section>
<section aria-labelledby="support-title"><h2 id="support-title">${t(locale, 'portal.support.title')}</h2>
<form method="post" action="/track/${r.trackingNumber}/support?lang=${locale}"><button type="submit">${t(locale, 'portal.support.button')}</button></form></section>` : ''}
<p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
}

export function registerTrackRoutes(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  const { defaultLocale } = opts;
  const limiter = new RateLimiter(30, 3_600_000);

  app.get('/track', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const n = (request.query as Record<string, unknown>).n;
    const title = t(locale, 'portal.track.title');
    if (typeof n === 'string' && n.trim()) {
      const found = await publicRequest(deps, n.trim().toUpperCase());
      if (found) return reply.redirect(`/track/${found.trackingNumber}`, 303);
      const errors = [{ field: 'n', message: t(locale, 'portal.track.notFound', { trackingNumber: n.trim().slice(0, 40) }) }];
      return sendPage(reply, ctx, { title: `${t(locale, 'portal.errors.titlePrefix')} ${title}`, path: '/track', status: 404, body: html`${errorSummary(locale, errors)}<h1>${title}</h1>${trackForm(locale, n.slice(0, 40), errors)}` });
    }
    return sendPage(reply, ctx, { title, path: '/track', body: html`<h1>${title}</h1>${trackForm(locale)}` });
  });

  app.get<{ Params: { number: string } }>('/track/:number', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const r = await publicRequest(deps, request.params.number);
    if (!r) return notFoundPage(reply, ctx, '/track');
    const body = await requestPage(deps, ctx, r, request.query as Record<string, unknown>, [], {});
    return sendPage(reply, ctx, { title: t(ctx.locale, 'portal.track.request', { trackingNumber: r.trackingNumber }), path: `/track/${r.trackingNumber}`, body });
  });

  app.post<{ Params: { number: string } }>('/track/:number/follow', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const r = await publicRequest(deps, request.params.number);
    if (!r) return notFoundPage(reply, ctx, '/track');
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    const again = async (errors: FormError[], status: number) =>
      sendPage(reply, ctx, { title: `${t(locale, 'portal.errors.titlePrefix')} ${t(locale, 'portal.track.request', { trackingNumber: r.trackingNumber })}`, path: `/track/${r.trackingNumber}`, status, body: await requestPage(deps, ctx, r, {}, errors, body) });
    const verdict = await trapVerdict(deps, body);
    if (verdict) return again([{ field: 'submit', message: t(locale, `portal.trap.${verdict}`) }], 400);
    const wait = limiter.hit(request.ip, deps.clock.now());
    if (wait) return again([{ field: 'submit', message: t(locale, 'portal.trap.rate', { minutes: Math.ceil(wait / 60) }) }], 429);
    try {
      await requestFollowByEmail(deps, r.trackingNumber, { email: formText(body, 'email'), locale });
    } catch (error) {
      if (error instanceof ValidationError) return again([{ field: 'email', message: t(locale, 'portal.problem.invalid_email', { title: t(locale, 'portal.report.email') }) }], 400);
      throw error;
    }
    return reply.redirect(`/track/${r.trackingNumber}?follow=sent&lang=${locale}`, 303);
  });

  app.post<{ Params: { number: string } }>('/track/:number/support', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const { locale } = ctx;
    const r = await publicRequest(deps, request.params.number);
    if (!r) return notFoundPage(reply, ctx, '/track');
    const wait = limiter.hit(request.ip, deps.clock.now());
    const fail = async (message: string, status: number) =>
      sendPage(reply, ctx, { title: `${t(locale, 'portal.errors.titlePrefix')} ${t(locale, 'portal.track.request', { trackingNumber: r.trackingNumber })}`, path: `/track/${r.trackingNumber}`, status, body: await requestPage(deps, ctx, r, {}, [{ field: 'submit', message }], {}) });
    if (wait) return fail(t(locale, 'portal.trap.rate', { minutes: Math.ceil(wait / 60) }), 429);
    try {
      await addSupport(deps, { request: r.trackingNumber, channel: 'web' });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return fail(t(locale, 'portal.support.closed'), error.status);
      throw error;
    }
    return reply.redirect(`/track/${r.trackingNumber}?supported=1&lang=${locale}`, 303);
  });
}
