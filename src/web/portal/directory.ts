import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { t } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { getService } from '../../modules/directory/index.ts';
import { html } from '../ui/html.ts';
import { notFoundPage, pageContext, sendPage } from './page.ts';
import type { PortalOptions } from './routes.ts';

type Obj = Record<string, unknown>;
const str = (o: Obj | undefined, key: string): string => (o && typeof o[key] === 'string' ? (o[key] as string) : '');
const list = (o: Obj | undefined, key: string): Obj[] => (o && Array.isArray(o[key]) ? (o[key] as unknown[]).filter((x): x is Obj => !!x && typeof x === 'object') : []);
const obj = (o: Obj | undefined, key: string): Obj | undefined => (o && o[key] && typeof o[key] === 'object' ? (o[key] as Obj) : undefined);

/** A referral-directory entry (HSDS service): who runs it, what it is, how to reach it, where and when. */
export function registerDirectoryPages(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  app.get<{ Params: { id: string } }>('/directory/:id', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, opts.defaultLocale);
    const { locale } = ctx;
    let s: Obj | null = null;
    if (/^[\w.:-]{1,200}$/.test(request.params.id)) {
      s = await getService(deps, request.params.id).catch((error: unknown) => {
        if (error instanceof AppError && error.status === 404) return null;
        throw error;
      });
    }
    if (!s || (str(s, 'status') && str(s, 'status') !== 'active')) return notFoundPage(reply, ctx, '/');
    const org = obj(s, 'organization');
    const phones = [...list(s, 'phones'), ...list(s, 'service_at_locations').flatMap((sal) => list(sal, 'phones'))].map((p) => str(p, 'number')).filter(Boolean);
    const places = list(s, 'service_at_locations').map((sal) => obj(sal, 'location')).filter((l): l is Obj => !!l);
    const addresses = places.flatMap((l) => list(l, 'addresses').map((a) => [str(a, 'address_1'), str(a, 'city'), str(a, 'state_province'), str(a, 'postal_code')].filter(Boolean).join(', '))).filter(Boolean);
    const hours = [...list(s, 'schedules'), ...list(s, 'service_at_locations').flatMap((sal) => list(sal, 'schedules'))].map((x) => str(x, 'description')).filter(Boolean);
    const languages = list(s, 'languages').map((l) => str(l, 'name')).filter(Boolean);
    const url = str(s, 'url');
    const email = str(s, 'email');
    const unique = (xs: string[]) => [...new Set(xs)];
    // Directory text is kept in the language of its source (English for the HSDS imports).
    const body = html`<article lang="en">
<h1>${str(s, 'name')}</h1>
${org ? html`<p class="badge" lang="${locale}">${t(locale, 'portal.directory.by')} <span lang="en">${str(org, 'name')}</span></p>` : ''}
${str(s, 'description') ? html`<p>${str(s, 'description')}</p>` : ''}
<dl class="facts">
${phones.length ? html`<dt lang="${locale}">${t(locale, 'portal.refer.phone')}</dt>${unique(phones).map((p) => html`<dd><a href="tel:${p.replace(/[^\d+]/g, '')}">${p}</a></dd>`)}` : ''}
${email ? html`<dt lang="${locale}">${t(locale, 'portal.refer.email')}</dt><dd><a href="mailto:${email}">${email}</a></dd>` : ''}
${/^https?:\/\//i.test(url) ? html`<dt lang="${locale}">${t(locale, 'portal.refer.web')}</dt><dd><a href="${url}">${url}</a></dd>` : ''}
${addresses.length ? html`<dt lang="${locale}">${t(locale, 'portal.directory.where')}</dt>${unique(addresses).map((a) => html`<dd>${a}</dd>`)}` : ''}
${hours.length ? html`<dt lang="${locale}">${t(locale, 'portal.refer.hours')}</dt>${unique(hours).map((h) => html`<dd>${h}</dd>`)}` : ''}
${languages.length ? html`<dt lang="${locale}">${t(locale, 'portal.directory.languages')}</dt><dd>${unique(languages).join(', ')}</dd>` : ''}
</dl>
</article>
<p><a href="/">${t(locale, 'portal.backHome')}</a></p>`;
    return sendPage(reply, ctx, { title: str(s, 'name'), path: `/directory/${encodeURIComponent(request.params.id)}`, body });
  });
}
