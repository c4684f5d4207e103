import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { LOCALE_NAMES, isLocale, t, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { defaultPublicLimits, flagPublicArticle, getPublicArticle, recordPublicFeedback, type PublicArticle } from '../../modules/kb/public.ts';
import { FLAG_REASONS } from '../../modules/kb/tables.ts';
import { html, SafeHtml } from '../ui/html.ts';
import { errorSummary, fieldError, fieldId, formText, invalidAttrs, notFoundPage, pageContext, sendPage, type FormError, RESIDENT_FORM, type PageContext } from './page.ts';
import type { PortalOptions } from './routes.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,120}$/;
type Body = Record<string, unknown>;

async function articleOrNull(deps: Deps, slug: string, locale: Locale): Promise<PublicArticle | null> {
  if (!SLUG.test(slug)) return null;
  try {
    return await getPublicArticle(deps, slug, locale);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

function articlePage(ctx: PageContext, a: PublicArticle, query: Record<string, unknown>, errors: FormError[], body: Body): SafeHtml {
  const { locale } = ctx;
  const lang = isLocale(a.locale) ? a.locale : 'en';
  const thanks = query.thanks === 'feedback' ? t(locale, 'portal.answer.thanksFeedback') : query.thanks === 'flag' ? t(locale, 'portal.answer.thanksFlag') : null;
  return html`
${errorSummary(locale, errors)}
${thanks ? html`<p class="success" role="status">${thanks}</p>` : ''}
<article lang="${lang}">
<h1>${a.title}</h1>
${a.fallback ? html`<p class="notice" lang="${locale}">${t(locale, 'portal.answer.fallback', { title: LOCALE_NAMES[lang] })}</p>` : ''}
<div class="article-body">${new SafeHtml(a.html)}</div>
</article>
${a.services.length ? html`<section aria-labelledby="rel-title"><h2 id="rel-title">${t(locale, 'portal.answer.related')}</h2><ul class="links">${a.services.map((s) => html`<li><a href="/report/${s.code}">${s.name}</a></li>`)}</ul></section>` : ''}
<section aria-labelledby="helpful-title"><h2 id="helpful-title">${t(locale, 'portal.answer.helpful')}</h2>
<form method="post" action="/answers/${a.slug}/feedback?lang=${locale}" class="inline">
<button type="submit" name="helpful" value="yes">${t(locale, 'portal.answer.yes')}</button>
<button type="submit" name="helpful" value="no">${t(locale, 'portal.answer.no')}</button>
</form></section>
<section aria-labelledby="flag-title"><h2 id="flag-title">${t(locale, 'portal.answer.flagTitle')}</h2>
<form method="post" action="/answers/${a.slug}/flag?lang=${locale}" novalidate>
<fieldset class="field"${invalidAttrs(errors, 'reason')}><legend>${t(locale, 'portal.answer.reason')}</legend>${fieldError(locale, errors, 'reason')}
${FLAG_REASONS.map((r, i) => html`<div class="choice"><input type="radio" name="reason" value="${r}" id="${i === 0 ? fieldId('reason') : `${fieldId('reason')}-${i}`}"${formText(body, 'reason') === r ? html` checked` : ''}><label for="${i === 0 ? fieldId('reason') : `${fieldId('reason')}-${i}`}">${t(locale, `portal.answer.reason.${r}`)}</label></div>`)}
</fieldset>
<div class="field"><label for="${fieldId('comment')}">${t(locale, 'portal.answer.comment')} <span class="opt">(${t(locale, 'portal.form.optional')})</span></label><p class="hint" id="${fieldId('comment')}-hint">${t(locale, 'portal.answer.commentHint')}</p>${fieldError(locale, errors, 'comment')}
<textarea id="${fieldId('comment')}" name="comment" rows="3" maxlength="1000"${invalidAttrs(errors, 'comment', `${fieldId('comment')}-hint`)}>${formText(body, 'comment')}</textarea></div>
<button type="submit">${t(locale, 'portal.answer.flagButton')}</button>
</form></section>
<p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
}

export function registerAnswerRoutes(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  const { defaultLocale } = opts;
  const limits = defaultPublicLimits();

  app.get<{ Params: { slug: string } }>('/answers/:slug', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const a = await articleOrNull(deps, request.params.slug, ctx.locale);
    if (!a) return notFoundPage(reply, ctx, '/');
    return sendPage(reply, ctx, { title: a.title, path: `/answers/${a.slug}`, body: articlePage(ctx, a, request.query as Record<string, unknown>, [], {}) });
  });

  app.post<{ Params: { slug: string } }>('/answers/:slug/feedback', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const a = await articleOrNull(deps, request.params.slug, ctx.locale);
    if (!a) return notFoundPage(reply, ctx, '/');
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    const helpful = formText(body, 'helpful');
    const fail = (message: string, status: number) =>
      sendPage(reply, ctx, { title: a.title, path: `/answers/${a.slug}`, status, body: articlePage(ctx, a, {}, [{ field: 'submit', message }], body) });
    if (helpful !== 'yes' && helpful !== 'no') return fail(t(locale(ctx), 'portal.answer.pickHelpful'), 400);
    try {
      await recordPublicFeedback(deps, limits, request.ip, a.slug, ctx.locale, { helpful: helpful === 'yes' });
    } catch (error) {
      if (error instanceof AppError && error.status === 429) return fail(t(ctx.locale, 'portal.trap.rate', { minutes: 60 }), 429);
      throw error;
    }
    return reply.redirect(`/answers/${a.slug}?thanks=feedback&lang=${ctx.locale}`, 303);
  });

  app.post<{ Params: { slug: string } }>('/answers/:slug/flag', RESIDENT_FORM, async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, defaultLocale);
    const a = await articleOrNull(deps, request.params.slug, ctx.locale);
    if (!a) return notFoundPage(reply, ctx, '/');
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Body;
    const reason = formText(body, 'reason');
    const comment = formText(body, 'comment').trim();
    const errors: FormError[] = [];
    if (!(FLAG_REASONS as readonly string[]).includes(reason)) errors.push({ field: 'reason', message: t(ctx.locale, 'portal.answer.pickReason') });
    if (comment.length > 1000) errors.push({ field: 'comment', message: t(ctx.locale, 'portal.problem.too_long', { title: t(ctx.locale, 'portal.answer.comment') }) });
    const fail = (errs: FormError[], status: number) => sendPage(reply, ctx, { title: a.title, path: `/answers/${a.slug}`, status, body: articlePage(ctx, a, {}, errs, body) });
    if (errors.length) return fail(errors, 400);
    try {
      await flagPublicArticle(deps, limits, request.ip, a.slug, ctx.locale, { reason: reason as (typeof FLAG_REASONS)[number], comment: comment || undefined });
    } catch (error) {
      if (error instanceof AppError && error.status === 429) return fail([{ field: 'submit', message: t(ctx.locale, 'portal.trap.rate', { minutes: 60 }) }], 429);
      if (error instanceof AppError && error.status === 400) return fail([{ field: 'comment', message: t(ctx.locale, 'portal.problem.invalid', { title: t(ctx.locale, 'portal.answer.comment') }) }], 400);
      throw error;
    }
    return reply.redirect(`/answers/${a.slug}?thanks=flag&lang=${ctx.locale}`, 303);
  });
}

const locale = (ctx: PageContext): Locale => ctx.locale;
