import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import type { Deps } from '../../deps.ts';
import { localized, t, type Locale } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { haversineMeters, parsePoints, ringContains, type LonLat } from '../../lib/geo.ts';
import { listDistricts, listServices } from '../../modules/catalog/service.ts';
import { resolveAddress, reverseGeocode, type AddressMatch } from '../../modules/geo/index.ts';
import { RateLimiter } from '../../modules/kb/public.ts';
import { statusWords } from '../../modules/notifications/index.ts';
import { listRequests } from '../../modules/open311/service.ts';
import { html, SafeHtml } from '../ui/html.ts';
import { pageScripts } from './assets.ts';
import { locationScriptData } from './location.ts';
import { inLang, pageContext, sendPage, type PageContext } from './page.ts';
import type { PortalOptions } from './routes.ts';

/**
 * `/nearby`: recent public requests around an address, the resident's position or a district,
 * filtered by service and open/closed, as an accessible table that needs no JavaScript; a script
 * adds a map. Requests come from the Open311 module's public list (confidential requests and
 * services never, requester details never); the page shows no description either — only the
 * service, status, address, date and distance.
 */

export const RADII = [250, 500, 1000, 2000] as const;
const DEFAULT_RADIUS = 500;
const MAX_ROWS = 200;
const COORD = /^-?\d{1,3}(\.\d{1,12})?$/;
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

interface Filters {
  q: string;
  lat: number | null;
  long: number | null;
  district: string;
  service: string;
  status: 'open' | 'closed' | '';
  radius: number;
}

function readFilters(query: Record<string, unknown>): Filters {
  const text = (k: string) => (typeof query[k] === 'string' ? (query[k] as string).trim() : '');
  const lat = COORD.test(text('lat')) ? Number(text('lat')) : null;
  const long = COORD.test(text('long')) ? Number(text('long')) : null;
  const valid = lat !== null && long !== null && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
  const radius = Number(text('radius'));
  const status = text('status');
  return {
    q: text('q').slice(0, 200),
    lat: valid ? lat : null,
    long: valid ? long : null,
    district: /^[a-z0-9-]{1,64}$/.test(text('district')) ? text('district') : '',
    service: CODE.test(text('service')) ? text('service') : '',
    status: status === 'open' || status === 'closed' ? status : '',
    radius: (RADII as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS,
  };
}

/** The page's address with the filters (and a new centre) in its query string. */
function nearbyHref(f: Filters, locale: Locale, center?: { lat: number; long: number }): string {
  const p = new URLSearchParams({ lang: locale });
  const c = center ?? (f.lat !== null && f.long !== null ? { lat: f.lat, long: f.long } : null);
  if (c) {
    p.set('lat', c.lat.toFixed(6));
    p.set('long', c.long.toFixed(6));
  }
  if (f.service) p.set('service', f.service);
  if (f.status) p.set('status', f.status);
  p.set('radius', String(f.radius));
  return `/nearby?${p}`;
}

async function filterForm(deps: Deps, ctx: PageContext, f: Filters): Promise<SafeHtml> {
  const { locale, jurisdiction } = ctx;
  const services = jurisdiction ? (await listServices(deps, jurisdiction.id)).filter((s) => s.active && !s.confidential && s.handling === 'intake') : [];
  services.sort((a, b) => localized(a.name, locale).localeCompare(localized(b.name, locale), locale));
  const districts = jurisdiction ? (await listDistricts(deps, jurisdiction.id)).filter((d) => d.kind === 'council_district') : [];
  const opt = (value: string, label: string | SafeHtml, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form class="nearby-form" method="get" action="/nearby" role="search" aria-labelledby="nearby-where">
<input type="hidden" name="lang" value="${locale}">
<h2 id="nearby-where">${t(locale, 'portal.nearbyPage.where')}</h2>
<div class="field"><label for="f-q">${t(locale, 'portal.nearbyPage.address')}</label><p class="hint" id="f-q-hint">${t(locale, 'portal.nearbyPage.addressHint')}</p>
<div class="combo"><input type="text" id="f-q" name="q" value="${f.q}" maxlength="200" autocomplete="street-address" aria-describedby="f-q-hint"></div></div>
${f.lat !== null && f.long !== null && !f.q ? html`<input type="hidden" name="lat" value="${f.lat}"><input type="hidden" name="long" value="${f.long}">` : ''}
<div class="filters">
<div class="field"><label for="f-district">${t(locale, 'portal.nearbyPage.district')}</label><select id="f-district" name="district">${opt('', t(locale, 'portal.nearbyPage.anyDistrict'), !f.district)}${districts.map((d) => opt(d.id, inLang(d.name as Record<string, string>, locale), d.id === f.district))}</select></div>
<div class="field"><label for="f-service">${t(locale, 'portal.nearbyPage.service')}</label><select id="f-service" name="service">${opt('', t(locale, 'portal.nearbyPage.anyService'), !f.service)}${services.map((s) => opt(s.code, inLang(s.name, locale), s.code === f.service))}</select></div>
<div class="field"><label for="f-status">${t(locale, 'portal.nearbyPage.status')}</label><select id="f-status" name="status">${opt('', t(locale, 'portal.nearbyPage.anyStatus'), !f.status)}${opt('open', t(locale, 'portal.nearbyPage.open'), f.status === 'open')}${opt('closed', t(locale, 'portal.nearbyPage.closed'), f.status === 'closed')}</select></div>
<div class="field"><label for="f-radius">${t(locale, 'portal.nearbyPage.radius')}</label><select id="f-radius" name="radius">${RADII.map((r) => opt(String(r), t(locale, 'portal.nearbyPage.metres', { count: r }), r === f.radius))}</select></div>
</div>
<button type="submit">${t(locale, 'portal.nearbyPage.show')}</button>
</form>`;
}

interface Centre {
  lat: number;
  long: number;
  label: string;
}

/** Where to look: the position given, the address typed (or a choice of addresses), or nowhere. */
async function findCentre(deps: Deps, opts: PortalOptions, f: Filters): Promise<{ centre: Centre | null; choices: AddressMatch[]; notFound: boolean }> {
  if (f.q) {
    const r = await resolveAddress(deps, f.q, opts.geo.geocoder, 'q').catch((error: unknown) => {
      if (error instanceof AppError && error.status === 400) return { kind: 'none' as const };
      throw error;
    });
    if (r.kind === 'one') return { centre: { lat: r.match.lat, long: r.match.long, label: r.match.label }, choices: [], notFound: false };
    if (r.kind === 'several') return { centre: null, choices: r.matches, notFound: false };
    return { centre: null, choices: [], notFound: true };
  }
  if (f.lat !== null && f.long !== null) {
    const rev = await reverseGeocode(deps, f.lat, f.long, { geocoder: null });
    return { centre: { lat: f.lat, long: f.long, label: rev.address?.label ?? `${f.lat.toFixed(5)}, ${f.long.toFixed(5)}` }, choices: [], notFound: false };
  }
  return { centre: null, choices: [], notFound: false };
}

async function nearbyPage(deps: Deps, ctx: PageContext, opts: PortalOptions, f: Filters): Promise<SafeHtml> {
  const { locale, jurisdiction } = ctx;
  const heading = html`<h1>${t(locale, 'portal.nearbyPage.title')}</h1><p>${t(locale, 'portal.nearbyPage.intro')}</p>${await filterForm(deps, ctx, f)}${await locationScriptData(deps, locale, opts.geo, jurisdiction?.id ?? null)}`;
  if (!jurisdiction) return heading;
  const { centre, choices, notFound } = await findCentre(deps, opts, f);
  if (choices.length) {
    return html`${heading}<section aria-labelledby="which-title"><h2 id="which-title">${t(locale, 'portal.location.which')}</h2>
<ul class="links-list">${choices.map((m) => html`<li><a href="${nearbyHref({ ...f, q: '' }, locale, m)}">${m.label}</a></li>`)}</ul></section>`;
  }
  const district = f.district ? (await listDistricts(deps, jurisdiction.id)).find((d) => d.id === f.district) : undefined;
  const ring = district ? (parsePoints(String(district.area)) as LonLat[]) : null;
  const params: Record<string, string> = { page_size: String(MAX_ROWS), extensions: 'true' };
  if (f.service) params.service_code = f.service;
  if (f.status) params.status = f.status;
  if (centre) Object.assign(params, { lat: String(centre.lat), long: String(centre.long), radius: String(f.radius) });
  else if (ring) {
    const lons = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    params.bbox = `${Math.min(...lons)},${Math.min(...lats)},${Math.max(...lons)},${Math.max(...lats)}`;
  }
  let rows = await listRequests(deps, jurisdiction, params, locale);
  if (ring && !centre) rows = rows.filter((r) => r.lat !== null && r.long !== null && ringContains(ring, [r.long, r.lat]));
  const located = rows.map((r) => ({ r, d: centre && r.lat !== null && r.long !== null ? haversineMeters([centre.long, centre.lat], [r.long, r.lat]) : null }));
  if (centre) located.sort((a, b) => (a.d ?? 0) - (b.d ?? 0));
  const where = centre
    ? t(locale, 'portal.nearbyPage.around', { address: centre.label, count: f.radius })
    : district
      ? t(locale, 'portal.nearbyPage.inDistrict', { area: localized(district.name as Record<string, string>, locale) })
      : t(locale, 'portal.nearbyPage.citywide');
  const mapData = {
    centre: centre ? { lat: centre.lat, long: centre.long, radius: f.radius } : null,
    points: located.filter((x) => x.r.lat !== null && x.r.long !== null).map(({ r }) => ({ n: r.service_request_id, lat: r.lat, long: r.long, service: r.service_name, status: r.status })),
  };
  const when = (iso: string) => DateTime.fromISO(iso, { zone: jurisdiction.timeZone }).setLocale(locale).toLocaleString(DateTime.DATE_MED);
  return html`${heading}
${notFound ? html`<p class="notice" role="note">${t(locale, 'portal.nearbyPage.notFound', { address: f.q })}</p>` : ''}
<section aria-labelledby="results-title"><h2 id="results-title">${where}</h2>
<p aria-live="polite">${t(locale, 'portal.nearbyPage.count', { count: located.length })}</p>
<div id="nearby-map" class="map" hidden></div>
<script type="application/json" id="nearby-data">${new SafeHtml(JSON.stringify(mapData).replace(/</g, '\\u003c'))}</script>
${located.length
    ? html`<table class="nearby-list"><caption class="visually-hidden">${where}</caption><thead><tr><th scope="col">${t(locale, 'portal.nearbyPage.colNumber')}</th><th scope="col">${t(locale, 'portal.nearbyPage.service')}</th><th scope="col">${t(locale, 'portal.nearbyPage.status')}</th><th scope="col">${t(locale, 'portal.nearbyPage.colAddress')}</th><th scope="col">${t(locale, 'portal.nearbyPage.colDate')}</th>${centre ? html`<th scope="col">${t(locale, 'portal.nearbyPage.colDistance')}</th>` : ''}</tr></thead>
<tbody>${located.map(({ r, d }) => html`<tr><td><a href="/track/${r.service_request_id}">${r.service_request_id}</a></td><td>${r.service_name}</td><td>${statusWords(locale, 'extended_attributes' in r ? r.extended_attributes.detailed_status : r.status)}</td><td>${r.address}</td><td>${when(r.requested_datetime)}</td>${centre ? html`<td>${d === null ? '' : t(locale, 'portal.nearby.distance', { count: Math.round(d) })}</td>` : ''}</tr>`)}</tbody></table>`
    : html`<p>${t(locale, 'portal.nearbyPage.none')}</p>`}
</section>`;
}

/** Address look-ups per client address and minute (as the geocoding API allows). */
const LOOKUPS_PER_MINUTE = 120;

/** Registers `/nearby`. */
export function registerNearbyPage(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  const limiter = new RateLimiter(LOOKUPS_PER_MINUTE, 60_000);
  app.get('/nearby', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, opts.defaultLocale);
    const f = readFilters((request.query ?? {}) as Record<string, unknown>);
    const title = t(ctx.locale, 'portal.nearbyPage.title');
    const wait = f.q || f.lat !== null ? limiter.hit(request.ip, deps.clock.now()) : 0;
    if (wait) {
      const body = html`<h1>${title}</h1><p class="notice" role="alert">${t(ctx.locale, 'portal.trap.rate', { minutes: Math.ceil(wait / 60) })}</p>`;
      return sendPage(reply, ctx, { title, path: '/nearby', body, status: 429 });
    }
    const body = await nearbyPage(deps, ctx, opts, f);
    return sendPage(reply, ctx, { title, path: '/nearby', body, scripts: pageScripts('nearby') });
  });
}
