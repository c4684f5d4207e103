import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { localized, t, type Locale } from '../../i18n/index.ts';
import { buildChoropleth, fillOf, LABEL, OUTLINE, PATTERNS, patternId, type AreaInput } from '../../lib/choropleth.ts';
import { districtShapes, type DistrictShape } from '../../modules/analytics/districts-geo.ts';
import { freshen, publicDashboard, type PublicDashboard } from '../../modules/analytics/index.ts';
import { html, type SafeHtml } from '../ui/html.ts';
import { inLang, pageContext, sendPage } from './page.ts';
import type { PortalOptions } from './routes.ts';

const PERIODS = [30, 90, 365] as const;

/**
 * The public dashboard at /dashboard: 311 by the numbers, server-rendered tables of aggregates
 * only (no chart needs JavaScript; there is no personal data to leak, and small counts are withheld
 * by the analytics module before they reach this page).
 */
export function registerDashboardPage(app: FastifyInstance, deps: Deps, opts: PortalOptions): void {
  app.get<{ Querystring: { days?: string } }>('/dashboard', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply, opts.defaultLocale);
    const days = PERIODS.find((p) => String(p) === request.query.days) ?? 90;
    await freshen(deps);
    const d = await publicDashboard(deps, days);
    const { districts } = await districtShapes(deps);
    reply.header('cache-control', 'public, max-age=60');
    return sendPage(reply, ctx, { title: t(ctx.locale, 'portal.dashboard.title'), path: '/dashboard', body: dashboardBody(ctx.locale, d, days, districts) });
  });
}

function dashboardBody(locale: Locale, d: PublicDashboard, days: number, shapes: DistrictShape[]): SafeHtml {
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const small = t(locale, 'portal.dashboard.fewer', { n: d.suppressedBelow });
  const count = (v: number | null) => (v === null ? html`<abbr title="${t(locale, 'portal.dashboard.withheld', { n: d.suppressedBelow })}">${small}</abbr>` : html`${n.format(v)}`);
  const rate = (v: number | null) => (v === null ? '—' : pct.format(v));
  const hours = (v: number | null) => (v === null ? '—' : t(locale, 'portal.dashboard.hours', { n: n.format(v) }));
  const head = (...cols: string[]) => html`<thead><tr>${cols.map((c) => html`<th scope="col">${t(locale, c)}</th>`)}</tr></thead>`;
  const breakdown = (caption: string, first: string, rows: PublicDashboard['byService'], name: (r: PublicDashboard['byService'][number]) => SafeHtml | string, perThousand = false) =>
    rows.length === 0
      ? ''
      : html`<table class="nearby-list dashboard-table"><caption>${t(locale, caption)}</caption>
${head(first, 'portal.dashboard.opened', 'portal.dashboard.closed', ...(perThousand ? ['portal.dashboard.perThousand'] : []), 'portal.dashboard.onTime', 'portal.dashboard.medianResolution')}
<tbody>${rows.map(
          (r) => html`<tr><th scope="row">${name(r)}</th><td>${count(r.opened)}</td><td>${count(r.closed)}</td>${perThousand ? html`<td>${r.perThousand == null ? '—' : n.format(r.perThousand)}</td>` : ''}<td>${rate(r.sla)}</td><td>${hours(r.resolutionMedianHours)}</td></tr>`,
        )}</tbody></table>`;
  return html`<h1>${t(locale, 'portal.dashboard.title')}</h1>
<p>${t(locale, 'portal.dashboard.intro', { from: d.from, to: d.to })}</p>
<form method="get" action="/dashboard" class="dashboard-period">
<label for="dashboard-days">${t(locale, 'portal.dashboard.period')}</label>
<select id="dashboard-days" name="days">${PERIODS.map((p) => html`<option value="${String(p)}"${p === days ? html` selected` : ''}>${t(locale, 'portal.dashboard.lastDays', { n: p })}</option>`)}</select>
<button type="submit">${t(locale, 'portal.dashboard.show')}</button>
</form>
<h2>${t(locale, 'portal.dashboard.totals')}</h2>
<dl class="facts">
<dt>${t(locale, 'portal.dashboard.opened')}</dt><dd>${count(d.totals.opened)}</dd>
<dt>${t(locale, 'portal.dashboard.closed')}</dt><dd>${count(d.totals.closed)}</dd>
<dt>${t(locale, 'portal.dashboard.backlog')}</dt><dd>${count(d.totals.backlog)}</dd>
<dt>${t(locale, 'portal.dashboard.onTime')}</dt><dd>${rate(d.totals.sla)}</dd>
<dt>${t(locale, 'portal.dashboard.medianFirstResponse')}</dt><dd>${hours(d.totals.firstResponseMedianHours)}</dd>
<dt>${t(locale, 'portal.dashboard.medianResolution')}</dt><dd>${hours(d.totals.resolutionMedianHours)}</dd>
</dl>
<p class="hint">${t(locale, 'portal.dashboard.smallCells', { n: d.suppressedBelow })}</p>
${breakdown('portal.dashboard.byService', 'portal.dashboard.service', d.byService, (r) => inLang(r.name, locale))}
${districtMaps(locale, d, shapes)}
${d.byDistrict.length ? html`<p class="notice">${t(locale, 'portal.dashboard.caution')}</p>` : ''}
${breakdown('portal.dashboard.byDistrict', 'portal.dashboard.district', d.byDistrict, (r) => inLang(r.name, locale), true)}
${breakdown('portal.dashboard.byChannel', 'portal.dashboard.channel', d.byChannel, (r) => r.key)}
${
  d.byWeek.length
    ? html`<table class="nearby-list dashboard-table"><caption>${t(locale, 'portal.dashboard.byWeek')}</caption>${head('portal.dashboard.week', 'portal.dashboard.opened', 'portal.dashboard.closed')}
<tbody>${d.byWeek.map((w) => html`<tr><th scope="row">${w.key}</th><td>${count(w.opened)}</td><td>${count(w.closed)}</td></tr>`)}</tbody></table>`
    : html`<p>${t(locale, 'portal.dashboard.none')}</p>`
}
<p><a href="/open-data/requests.csv">${t(locale, 'portal.dashboard.openData')}</a></p>`;
}

const KINDS = new Set(['council_district', 'neighborhood_coalition']);

/**
 * Requests per 1,000 residents as a choropleth, one map per set of districts that has figures,
 * drawn server-side as SVG (no JavaScript, no map tiles). A district whose count is withheld, or
 * that has no row at all (no requests: showing 0 would give the count away), is hatched as
 * withheld; one without a population figure is dotted as no data. Only the figures the table
 * shows reach the map.
 */
function districtMaps(locale: Locale, d: PublicDashboard, shapes: DistrictShape[]): SafeHtml | string {
  const rows = new Map(d.byDistrict.map((r) => [r.key, r]));
  const kinds = [...new Set(shapes.map((s) => s.kind))].filter((k) => shapes.some((s) => s.kind === k && rows.has(s.id)));
  if (!kinds.length) return '';
  const n = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return html`${kinds.map((kind) => {
    const set = shapes.filter((s) => s.kind === kind);
    const areas: AreaInput[] = set.map((s) => {
      const r = rows.get(s.id);
      const withheld = !r || r.opened === null;
      return { id: s.id, name: localized(s.name, locale), ring: s.ring, value: withheld ? null : (r.perThousand ?? null), withheld };
    });
    const map = buildChoropleth(areas);
    const prefix = `dashboard-map-${kind}`;
    const title = t(locale, 'portal.dashboard.mapTitle', { set: t(locale, KINDS.has(kind) ? `portal.dashboard.kind.${kind}` : 'portal.dashboard.district') });
    const nameOf = (a: (typeof map.areas)[number]) =>
      a.state === 'value'
        ? t(locale, 'portal.dashboard.mapArea', { name: a.name, value: n.format(a.value ?? 0) })
        : a.state === 'withheld'
          ? t(locale, 'portal.dashboard.mapAreaWithheld', { name: a.name, n: d.suppressedBelow })
          : t(locale, 'portal.dashboard.mapAreaNoData', { name: a.name });
    const labelOf = (a: (typeof map.areas)[number]) => (a.state === 'value' ? n.format(a.value ?? 0) : a.state === 'withheld' ? t(locale, 'portal.dashboard.fewer', { n: d.suppressedBelow }) : '—');
    const swatch = (fill: string) =>
      html`<svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false"><rect x="1" y="1" width="22" height="14" fill="${fill}" stroke="${OUTLINE}" stroke-width="1"/></svg>`;
    return html`<figure class="dashboard-map">
<figcaption id="${prefix}-title"><strong>${title}</strong></figcaption>
<svg viewBox="0 0 ${String(map.width)} ${String(map.height)}" width="100%" style="max-width:40rem;height:auto" role="group" aria-labelledby="${prefix}-title">${patternDefs(prefix)}
${map.areas.map((a) => html`<path d="${a.d}" fill="${fillOf(a, prefix)}" stroke="${OUTLINE}" stroke-width="1.5" stroke-linejoin="round" role="img" aria-label="${nameOf(a)}"><title>${nameOf(a)}</title></path>`)}
${map.areas.map((a) => html`<text x="${String(a.label.x)}" y="${String(a.label.y)}" text-anchor="middle" dominant-baseline="middle" font-size="${String(LABEL.size)}" font-weight="bold" fill="${LABEL.fill}" stroke="${LABEL.halo}" stroke-width="${String(LABEL.haloWidth)}" paint-order="stroke" aria-hidden="true">${labelOf(a)}</text>`)}
</svg>
<ul class="links" aria-label="${t(locale, 'portal.dashboard.mapLegend')}">
${map.classes.map((c) => html`<li>${swatch(c.fill)} ${c.min === c.max ? n.format(c.min) : t(locale, 'portal.dashboard.mapRange', { from: n.format(c.min), to: n.format(c.max) })}</li>`)}
${map.hasWithheld ? html`<li>${swatch(`url(#${patternId(prefix, 'withheld')})`)} ${t(locale, 'portal.dashboard.mapWithheld', { n: d.suppressedBelow })}</li>` : ''}
${map.hasNoData ? html`<li>${swatch(`url(#${patternId(prefix, 'none')})`)} ${t(locale, 'portal.dashboard.mapNoData')}</li>` : ''}
</ul>
<p class="hint">${t(locale, set.some((s) => s.approximate) ? 'portal.dashboard.mapNoteApproximate' : 'portal.dashboard.mapNote')}</p>
</figure>`;
  })}`;
}

/** The hatching (withheld) and dots (no data) patterns, with ids under `prefix`. */
function patternDefs(prefix: string): SafeHtml {
  const one = (state: 'withheld' | 'none') => {
    const p = PATTERNS[state];
    return html`<pattern id="${patternId(prefix, state)}" width="${String(p.size)}" height="${String(p.size)}" patternUnits="userSpaceOnUse"><rect width="${String(p.size)}" height="${String(p.size)}" fill="${p.background}"/><path d="${p.d}" stroke="${p.stroke}" stroke-width="${String(p.strokeWidth)}" stroke-linecap="round"/></pattern>`;
  };
  return html`<defs>${one('withheld')}${one('none')}</defs>`;
}
