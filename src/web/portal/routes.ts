import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { localized, negotiateLocale, t, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { getJurisdiction, listServices } from '../../modules/catalog/service.ts';
import { html } from '../ui/html.ts';
import { layout } from '../ui/layout.ts';

const LANG_COOKIE = 'frontdoor_lang';
const ONE_YEAR_S = 31_536_000;

/** The visitor's language; an explicit ?lang= choice is remembered in a cookie. */
function localeOf(request: FastifyRequest, reply: FastifyReply, fallback: Locale): Locale {
  const query = (request.query as Record<string, string | undefined>).lang;
  const cookie = /(?:^|;\s*)frontdoor_lang=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  const locale = negotiateLocale(query ?? cookie, request.headers['accept-language'], fallback);
  if (query && query === locale) reply.header('set-cookie', `${LANG_COOKIE}=${locale}; Path=/; Max-Age=${ONE_YEAR_S}; SameSite=Lax`);
  reply.header('vary', 'Accept-Language, Cookie');
  return locale;
}

/** Resident portal pages (server-rendered HTML that needs no JavaScript). */
export function registerPortalRoutes(app: FastifyInstance, deps: Deps, defaultLocale: Locale): void {
  app.get('/', async (request, reply) => {
    const locale = localeOf(request, reply, defaultLocale);
    const jurisdiction = await getJurisdiction(deps).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'no_jurisdiction') return null; // an empty installation
      throw error;
    });
    const services = jurisdiction ? (await listServices(deps, jurisdiction.id)).filter((s) => s.active && !s.confidential) : [];
    const city = jurisdiction ? localized(jurisdiction.name, locale) : 'Frontdoor';
    const groups = new Map<string, typeof services>();
    const byName = (a: (typeof services)[number], b: (typeof services)[number]) => localized(a.name, locale).localeCompare(localized(b.name, locale), locale);
    for (const s of [...services].sort(byName)) {
      const name = localized(s.groupName, locale) || '—';
      groups.set(name, [...(groups.get(name) ?? []), s]);
    }
    const body = html`
<h1>${t(locale, 'home.heading')}</h1>
<p>${t(locale, 'home.intro')}</p>
<p class="notice" role="note">${t(locale, 'home.emergency', { phone: '503-823-4000' })}</p>
<h2>${t(locale, 'home.services')} <span class="badge">(${t(locale, 'home.serviceCount', { count: services.length })})</span></h2>
${services.length === 0 ? html`<p>${t(locale, 'empty.catalog')}</p>` : ''}
${[...groups].map(
  ([group, list]) => html`<section class="group" aria-labelledby="g-${list[0]?.code}">
  <h3 id="g-${list[0]?.code}">${group}</h3>
  <ul class="services">
    ${list.map(
      (s) => html`<li>
      <h4>${localized(s.name, locale)}</h4>
      <p>${localized(s.description, locale)}</p>
      <p class="badge">${t(locale, `handling.${s.handling}`)}${
        s.slaHours ? html` · ${t(locale, s.slaKind === 'business' ? 'sla.business' : 'sla.calendar', { hours: s.slaHours })}` : ''
      }</p>
    </li>`,
    )}
  </ul>
</section>`,
)}`;
    reply.type('text/html; charset=utf-8');
    return layout({ locale, title: t(locale, 'site.title', { city }), city, path: '/', body }).value;
  });
}
