import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { t, type Locale } from '../../i18n/index.ts';
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
    reply.header('cache-control', 'public, max-age=60');
    return sendPage(reply, ctx, { title: t(ctx.locale, 'portal.dashboard.title'), path: '/dashboard', body: dashboardBody(ctx.locale, d, days) });
  });
}

function dashboardBody(locale: Locale, d: PublicDashboard, days: number): SafeHtml {
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
${breakdown('portal.dashboard.byDistrict', 'portal.dashboard.district', d.byDistrict, (r) => inLang(r.name, locale), true)}
${d.byDistrict.length ? html`<p class="notice">${t(locale, 'portal.dashboard.caution')}</p>` : ''}
${breakdown('portal.dashboard.byChannel', 'portal.dashboard.channel', d.byChannel, (r) => r.key)}
${
  d.byWeek.length
    ? html`<table class="nearby-list dashboard-table"><caption>${t(locale, 'portal.dashboard.byWeek')}</caption>${head('portal.dashboard.week', 'portal.dashboard.opened', 'portal.dashboard.closed')}
<tbody>${d.byWeek.map((w) => html`<tr><th scope="row">${w.key}</th><td>${count(w.opened)}</td><td>${count(w.closed)}</td></tr>`)}</tbody></table>`
    : html`<p>${t(locale, 'portal.dashboard.none')}</p>`
}
<p><a href="/open-data/requests.csv">${t(locale, 'portal.dashboard.openData')}</a></p>`;
}
