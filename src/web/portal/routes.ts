import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { localized, t, type Locale } from '../../i18n/index.ts';
import { currentNotices } from '../../modules/alerts/index.ts';
import { listServices } from '../../modules/catalog/service.ts';
import { acceptMultipart } from '../../modules/media/index.ts';
import type { ResidentSettings } from '../../modules/residents/index.ts';
import { parseForm } from '../../modules/open311/params.ts';
import { search } from '../../modules/search/service.ts';
import { html, SafeHtml } from '../ui/html.ts';
import { registerAnswerRoutes } from './answers.ts';
import { registerChatPage } from './chat.ts';
import { registerDashboardPage } from './dashboard.ts';
import { registerDirectoryPages } from './directory.ts';
import { registerMyRequestsPages } from './mine.ts';
import { inLang, pageContext, sendPage, type PageContext } from './page.ts';
import { mostRequestedServiceCodes } from './queries.ts';
import { registerReportRoutes } from './report.ts';
import { registerTrackRoutes } from './track.ts';
import { DEFAULT_GEO_SETTINGS, type GeoSettings } from '../../modules/geo/index.ts';
import { registerNearbyPage } from './nearby.ts';
import { registerPortalAssets } from './assets.ts';

const FORM = 'application/x-www-form-urlencoded';

/** The emergency-notice banner: notices in force now, most severe first. */
async function noticeBanner(deps: Deps, locale: Locale): Promise<SafeHtml | ''> {
  const notices = await currentNotices(deps);
  if (!notices.length) return '';
  return html`<section class="alert-banner" aria-labelledby="notices-title">
  <h2 id="notices-title">${t(locale, 'portal.home.notices')}</h2>
  ${notices.map(
    (n) => html`<article><h3>${inLang(n.title, locale)}</h3><p>${inLang(n.body, locale)}</p>${
      localized(n.instruction, locale) ? html`<p><strong>${inLang(n.instruction, locale)}</strong></p>` : ''
    }</article>`,
  )}
</section>`;
}

/** Who to call: 911 first, then 311, then 211. */
export function whoToCall(locale: Locale): SafeHtml {
  return html`<section class="who-to-call" aria-labelledby="who-title">
  <h2 id="who-title">${t(locale, 'portal.call.title')}</h2>
  <ul>
    <li><strong>911</strong> — ${t(locale, 'portal.call.911')}</li>
    <li><strong>311</strong> — ${t(locale, 'portal.call.311', { phone: '503-823-4000' })}</li>
    <li><strong>211</strong> — ${t(locale, 'portal.call.211')}</li>
  </ul>
</section>`;
}

/** The search form ("What do you need?"). */
export function searchForm(locale: Locale, q = '', action = '/search'): SafeHtml {
  return html`<form class="search" method="get" action="${action}" role="search">
  <label for="f-q">${t(locale, 'portal.search.label')}</label>
  <div class="row"><input type="search" id="f-q" name="q" value="${q}" maxlength="200" autocomplete="off"><button type="submit">${t(locale, 'portal.search.button')}</button></div>
</form>`;
}

async function homePage(deps: Deps, ctx: PageContext): Promise<SafeHtml> {
  const { locale, jurisdiction } = ctx;
  const services = jurisdiction ? (await listServices(deps, jurisdiction.id)).filter((s) => s.active && !s.confidential) : [];
  const top = jurisdiction ? await mostRequestedServiceCodes(deps, jurisdiction.id, 6) : [];
  const byCode = new Map(services.map((s) => [s.code, s]));
  const popular = [...top.map((c) => byCode.get(c)).filter((s) => s !== undefined), ...services.filter((s) => s.handling === 'intake' && !top.includes(s.code))].slice(0, 6);
  const groups = new Map<string, typeof services>();
  const byName = (a: (typeof services)[number], b: (typeof services)[number]) => localized(a.name, locale).localeCompare(localized(b.name, locale), locale);
  for (const s of [...services].sort(byName)) {
    const name = localized(s.groupName, locale) || '—';
    groups.set(name, [...(groups.get(name) ?? []), s]);
  }
  return html`
${await noticeBanner(deps, locale)}
<h1>${t(locale, 'home.heading')}</h1>
<p>${t(locale, 'home.intro')}</p>
${searchForm(locale)}
<ul class="actions">
  <li><a class="button" href="/report">${t(locale, 'portal.report.title')}</a></li>
  <li><a class="button" href="/track">${t(locale, 'portal.track.title')}</a></li>
  <li><a class="button" href="/my-requests">${t(locale, 'portal.mine.title')}</a></li>
  <li><a class="button" href="/chat">${t(locale, 'portal.chat.title')}</a></li>
</ul>
${whoToCall(locale)}
${popular.length ? html`<section aria-labelledby="popular-title"><h2 id="popular-title">${t(locale, 'portal.home.popular')}</h2>
<ul class="links">${popular.map((s) => html`<li><a href="/report/${s.code}">${inLang(s.name, locale)}</a></li>`)}</ul></section>` : ''}
<h2>${t(locale, 'home.services')} <span class="badge">(${t(locale, 'home.serviceCount', { count: services.length })})</span></h2>
${services.length === 0 ? html`<p>${t(locale, 'empty.catalog')}</p>` : ''}
${[...groups].map(
  ([group, list]) => html`<section class="group" aria-labelledby="g-${list[0]?.code}">
  <h3 id="g-${list[0]?.code}">${list[0]?.groupName ? inLang(list[0].groupName, locale) : group}</h3>
  <ul class="services">
    ${list.map(
      (s) => html`<li>
      <h4><a href="/report/${s.code}">${inLang(s.name, locale)}</a></h4>
      <p>${inLang(s.description, locale)}</p>
      <p class="badge">${t(locale, `handling.${s.handling}`)}${
        s.slaHours ? html` · ${t(locale, s.slaKind === 'business' ? 'sla.business' : 'sla.calendar', { hours: s.slaHours })}` : ''
      }</p>
    </li>`,
    )}
  </ul>
</section>`,
)}`;
}

const KIND_HREF: Record<string, (ref: string) => string> = {
  service: (ref) => `/report/${encodeURIComponent(ref)}`,
  article: (ref) => `/answers/${encodeURIComponent(ref)}`,
  directory: (ref) => `/directory/${encodeURIComponent(ref)}`,
};

/** Search results over answers, services and the directory (public content only). */
async function searchPage(deps: Deps, ctx: PageContext, q: string, action: string): Promise<{ body: SafeHtml; status: number }> {
  const { locale } = ctx;
  const heading = html`<h1>${t(locale, 'portal.search.results')}</h1>${searchForm(locale, q, action)}`;
  const trimmed = q.trim();
  if (!trimmed || !/[\p{L}\p{N}]/u.test(trimmed) || trimmed.length > 200) {
    return { status: trimmed ? 400 : 200, body: html`${heading}<p>${t(locale, 'portal.search.empty')}</p>` };
  }
  const found = await search(deps, { q: trimmed, locale, page: 1, per_page: 20 }, { staff: false });
  const results = action === '/report' ? found.results.filter((r) => r.kind === 'service') : found.results;
  return {
    status: 200,
    body: html`${heading}
<p aria-live="polite">${t(locale, 'portal.search.count', { count: results.length })}</p>
${results.length ? '' : html`<p>${t(locale, 'portal.search.none')} <a href="/report">${t(locale, 'portal.report.browse')}</a></p>`}
<ol class="results">${results.map((r) => {
      const href = KIND_HREF[r.kind]?.(r.ref) ?? null;
      const title = new SafeHtml(r.titleHtml);
      // A result in another language than the page (an English fallback) says so for screen readers.
      const lang = r.locale === locale ? '' : html` lang="${r.locale}"`;
      return html`<li><p class="badge">${t(locale, `portal.kind.${r.kind}`)}${r.subtitle ? html` · <span${lang}>${r.subtitle}</span>` : ''}</p>
<h2${lang}>${href ? html`<a href="${href}">${title}</a>` : title}</h2><p${lang}>${new SafeHtml(r.snippetHtml)}</p></li>`;
    })}</ol>`,
  };
}

export interface PortalOptions {
  defaultLocale: Locale;
  /** The service search of the report page (services only). */
  searchPage: (ctx: PageContext, q: string) => Promise<{ body: SafeHtml; status: number }>;
  /** Geocoding (address search on the report form, Nearby) and the map's tile URL. */
  geo: GeoSettings;
}

/** Resident portal pages (server-rendered HTML that needs no JavaScript; forms post and redirect). */
export function registerPortalRoutes(app: FastifyInstance, deps: Deps, defaultLocale: Locale, residents: ResidentSettings | null = null, geo: GeoSettings = DEFAULT_GEO_SETTINGS): void {
  // The portal's scripts (Vite's build, hashed names): long cache, outside the form-parsing scope.
  void app.register(registerPortalAssets);
  void app.register(async (scope) => {
    // The report form sends photos: multipart/form-data (read by its handler).
    await acceptMultipart(scope);
    // Plain HTML forms: repeated keys (checkboxes) kept as lists.
    scope.removeContentTypeParser(FORM);
    scope.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 65_536 }, (_request, body, done) => done(null, parseForm(body as string)));

    scope.get('/', async (request, reply) => {
      const ctx = await pageContext(deps, request, reply, defaultLocale);
      return sendPage(reply, ctx, { title: t(ctx.locale, 'home.heading'), path: '/', body: await homePage(deps, ctx) });
    });

    scope.get('/search', async (request, reply) => {
      const ctx = await pageContext(deps, request, reply, defaultLocale);
      const q = typeof (request.query as Record<string, unknown>).q === 'string' ? ((request.query as Record<string, string>).q as string) : '';
      const { body, status } = await searchPage(deps, ctx, q, '/search');
      return sendPage(reply, ctx, { title: t(ctx.locale, 'portal.search.results'), path: '/search', body, status });
    });

    const opts = { defaultLocale, geo, searchPage: (ctx: PageContext, q: string) => searchPage(deps, ctx, q, '/report') };
    registerReportRoutes(scope, deps, opts);
    registerTrackRoutes(scope, deps, opts);
    registerAnswerRoutes(scope, deps, opts);
    registerDirectoryPages(scope, deps, opts);
    registerMyRequestsPages(scope, deps, opts, residents);
    registerNearbyPage(scope, deps, opts);
    registerChatPage(scope, deps, opts);
    registerDashboardPage(scope, deps, opts);
  });
}
