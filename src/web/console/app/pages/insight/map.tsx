import type { JSX } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { buildChoropleth, fillOf, LABEL, OUTLINE, PATTERNS, patternId, type ChoroplethArea } from '../../../../../lib/choropleth.ts';
import { api } from '../../api.ts';
import { ErrorNote, Loading, useAsync } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { formatCell } from './format.ts';
import { tileUrl } from './tile.tsx';
import type { Cell, ColumnKind, Tile } from './types.ts';

/** GET /api/v1/analytics/districts: boundaries only, no figures. */
interface Shapes {
  kinds: string[];
  districts: { id: string; kind: string; name: Record<string, string>; approximate: boolean; ring: [number, number][] }[];
}

/** The equity tile's figures a map can show, each with its city-wide column and unit. */
const MEASURES = [
  { key: 'per_1000', city: 'per_1000_city', kind: 'number' },
  { key: 'resolution_median', city: 'resolution_median_city', kind: 'seconds' },
  { key: 'sla_compliance', city: 'sla_compliance_city', kind: 'percent' },
] as const satisfies readonly { key: string; city: string; kind: ColumnKind }[];
type Measure = (typeof MEASURES)[number];

const KNOWN_KINDS = new Set(['council_district', 'neighborhood_coalition']);
const kindLabel = (kind: string): string => (KNOWN_KINDS.has(kind) ? t(`insight.map.kind.${kind}`) : kind);
const PREFIX = 'insight-map';

/** The hatching (withheld) and dots (no data) the map's areas and legend refer to. */
function PatternDefs(): JSX.Element {
  return (
    <defs>
      {(['withheld', 'none'] as const).map((state) => {
        const p = PATTERNS[state];
        return (
          <pattern key={state} id={patternId(PREFIX, state)} width={p.size} height={p.size} patternUnits="userSpaceOnUse">
            <rect width={p.size} height={p.size} fill={p.background} />
            <path d={p.d} stroke={p.stroke} stroke-width={p.strokeWidth} stroke-linecap="round" />
          </pattern>
        );
      })}
    </defs>
  );
}

const Swatch = ({ fill }: { fill: string }): JSX.Element => (
  <svg class="insight-map-swatch" width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
    <rect x="1" y="1" width="22" height="14" fill={fill} stroke={OUTLINE} stroke-width="1" />
  </svg>
);

/**
 * The equity lens as a choropleth: one district set (council districts, neighbourhood coalitions…)
 * and one figure at a time, drawn as SVG from the districts' boundaries. Every district can be
 * reached with Tab and names its figure; the table beside the map has the same numbers, and the
 * CSV is the equity tile's. The filters of the screen apply (the district filter does not: the map
 * is the breakdown by district).
 */
export function MapTile({ params }: { params: Record<string, string> }): JSX.Element {
  const shapes = useAsync(() => api<Shapes>('GET', '/api/v1/analytics/districts'), []);
  const url = tileUrl('equity', params);
  const equity = useAsync(() => api<Tile>('GET', url), [url]);
  const [kind, setKind] = useState('');
  const [measureKey, setMeasureKey] = useState<Measure['key']>('per_1000');
  const [focused, setFocused] = useState<string | null>(null);
  const kinds = shapes.data?.kinds ?? [];
  const activeKind = kinds.includes(kind) ? kind : (kinds[0] ?? '');
  const measure = MEASURES.find((m) => m.key === measureKey) ?? MEASURES[0];
  const measureLabel = t(`insight.map.measure.${measure.key}`);

  const set = useMemo(() => (shapes.data?.districts ?? []).filter((d) => d.kind === activeKind), [shapes.data, activeKind]);
  const rows = useMemo(() => new Map((equity.data?.rows ?? []).map((r) => [String(r.key), r])), [equity.data]);
  const figure = (id: string, column: string): number | null => {
    const v: Cell | undefined = rows.get(id)?.[column];
    return typeof v === 'number' ? v : null;
  };
  const map = useMemo(
    () => buildChoropleth(set.map((d) => ({ id: d.id, name: d.name[locale] ?? d.name.en ?? d.id, ring: d.ring, value: figure(d.id, measure.key) }))),
    [set, rows, measure.key],
  );
  const format = (v: number | null) => formatCell(v, measure.kind);
  const nameOf = (a: ChoroplethArea) => (a.state === 'value' ? t('insight.map.area', { name: a.name, value: format(a.value) }) : t('insight.map.areaNoData', { name: a.name }));
  const cityWide = (equity.data?.rows ?? []).map((r) => r[measure.city]).find((v): v is number => typeof v === 'number') ?? null;
  const current = map.areas.find((a) => a.id === focused);
  const title = t('insight.tile.map');
  const loading = shapes.loading || equity.loading;

  return (
    <section class="insight-tile insight-map-tile" aria-labelledby="equity-map-title" aria-busy={loading ? 'true' : 'false'} data-tile="equity-map">
      <div class="insight-tile-head">
        <h2 id="equity-map-title">{title}</h2>
        <a class="button secondary" href={tileUrl('equity', params, true)} download>
          {t('insight.csv')}
          <span class="visually-hidden"> — {title}</span>
        </a>
      </div>
      <div class="insight-control">
        <label>
          {t('insight.map.set')}
          <select name="map-set" value={activeKind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value)}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('insight.map.measure')}
          <select name="map-measure" value={measure.key} onChange={(e) => setMeasureKey((e.currentTarget as HTMLSelectElement).value as Measure['key'])}>
            {MEASURES.map((m) => (
              <option key={m.key} value={m.key}>
                {t(`insight.map.measure.${m.key}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={shapes.error ?? equity.error} />
      {loading ? (
        <Loading />
      ) : shapes.error || equity.error ? null : set.length === 0 ? (
        <p class="hint">{t('insight.empty')}</p>
      ) : (
        <>
          <div class="insight-map">
            <svg viewBox={`0 0 ${map.width} ${map.height}`} role="group" aria-labelledby="equity-map-caption">
              <PatternDefs />
              {map.areas.map((a) => (
                <path
                  key={a.id}
                  d={a.d}
                  fill={fillOf(a, PREFIX)}
                  stroke={OUTLINE}
                  stroke-width="1.5"
                  stroke-linejoin="round"
                  tabIndex={0}
                  role="img"
                  aria-label={nameOf(a)}
                  data-district={a.id}
                  onFocus={() => setFocused(a.id)}
                  onMouseEnter={() => setFocused(a.id)}
                >
                  <title>{nameOf(a)}</title>
                </path>
              ))}
              {map.areas.map((a) => (
                <text
                  key={a.id}
                  x={a.label.x}
                  y={a.label.y}
                  text-anchor="middle"
                  dominant-baseline="middle"
                  font-size={LABEL.size}
                  font-weight="bold"
                  fill={LABEL.fill}
                  stroke={LABEL.halo}
                  stroke-width={LABEL.haloWidth}
                  paint-order="stroke"
                  aria-hidden="true"
                  class="insight-map-label"
                >
                  {a.state === 'value' ? format(a.value) : '—'}
                </text>
              ))}
            </svg>
            <p id="equity-map-caption" class="visually-hidden">
              {t('insight.map.caption', { measure: measureLabel, set: kindLabel(activeKind) })}
            </p>
            <p class="insight-map-readout">{current ? nameOf(current) : t('insight.map.hint')}</p>
            <ul class="insight-map-legend" aria-label={t('insight.map.legend', { measure: measureLabel })}>
              {map.classes.map((c) => (
                <li key={c.index}>
                  <Swatch fill={c.fill} /> {c.min === c.max ? format(c.min) : t('insight.map.range', { from: format(c.min), to: format(c.max) })}
                </li>
              ))}
              {map.hasNoData ? (
                <li>
                  <Swatch fill={`url(#${patternId(PREFIX, 'none')})`} /> {t('insight.map.noData')}
                </li>
              ) : null}
            </ul>
            {map.classes.length === 0 ? <p class="hint">{t('insight.map.noFigures')}</p> : null}
            {set.some((d) => d.approximate) ? <p class="hint">{t('insight.map.approximate')}</p> : null}
          </div>
          <p class="insight-caution">{t('insight.caution.equity')}</p>
          <div class="insight-table" role="region" aria-label={t('insight.tableOf', { title })} tabIndex={0}>
            <table>
              <caption>{t('insight.tableOf', { title })}</caption>
              <thead>
                <tr>
                  <th scope="col">{kindLabel(activeKind)}</th>
                  <th scope="col">{measureLabel}</th>
                  <th scope="col">{t('insight.map.cityWide')}</th>
                </tr>
              </thead>
              <tbody>
                {map.areas.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.name}</th>
                    <td>{a.state === 'value' ? format(a.value) : t('insight.map.noFigure')}</td>
                    <td>{format(cityWide)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
