import type { ComponentChildren, JSX } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { ErrorNote, Loading, useAsync } from '../../components.tsx';
import { t } from '../../i18n.ts';
import { TileChart, type ChartSpec } from './chart.tsx';
import { columnLabel, formatCell } from './format.ts';
import type { Cell, ColumnKind, Tile } from './types.ts';

export interface TileProps {
  id: string;
  tile: string;
  params: Record<string, string>;
  title: string;
  chart?: ChartSpec;
  /** Rows as names people read (service codes to names…). */
  label?: (key: string) => string;
  /** Controls of this tile alone (e.g. the forecast's series). */
  controls?: ComponentChildren;
  /** Shown in the table open rather than folded (short tables). */
  tableOpen?: boolean;
  onLoaded?: (tile: Tile) => void;
}

/** The URL of a tile's data; with format=csv, its download. */
export const tileUrl = (tile: string, params: Record<string, string>, csv = false): string =>
  `/api/v1/analytics/tiles/${tile}${query({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '')), format: csv ? 'csv' : undefined })}`;

/** The same numbers as the chart, as a table (the accessible view), with headers for rows and columns. */
export function TileTable({ data, caption, label }: { data: Tile; caption: string; label?: (key: string) => string }): JSX.Element {
  // A list of figures carries each row's unit in a `kind` column: used to format `value`, not shown.
  const columns = data.columns.filter((c) => c.key !== 'kind');
  const [first, ...rest] = columns;
  const kindOf = (row: Record<string, Cell>, c: { key: string; kind: ColumnKind }): ColumnKind => (c.key === 'value' && typeof row.kind === 'string' ? (row.kind as ColumnKind) : c.kind);
  return (
    <div class="insight-table" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {columnLabel(c.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, i) => (
            <tr key={i}>
              <th scope="row">{first ? (label && first.kind === 'text' ? label(String(row[first.key] ?? '')) : formatCell(row[first.key] ?? null, first.kind)) : null}</th>
              {rest.map((c) => (
                <td key={c.key}>{formatCell(row[c.key] ?? null, kindOf(row, c))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One dashboard tile: its title, chart, notes, table and CSV download. */
export function TileView(props: TileProps): JSX.Element {
  const url = tileUrl(props.tile, props.params);
  const state = useAsync(() => api<Tile>('GET', url), [url]);
  const data = state.data;
  useEffect(() => {
    if (data) props.onLoaded?.(data);
  }, [data]);
  const heading = `${props.id}-title`;
  return (
    <section class="insight-tile" aria-labelledby={heading} aria-busy={state.loading ? 'true' : 'false'} data-tile={props.tile}>
      <div class="insight-tile-head">
        <h2 id={heading}>{props.title}</h2>
        <a class="button secondary" href={tileUrl(props.tile, props.params, true)} download>
          {t('insight.csv')}
          <span class="visually-hidden"> — {props.title}</span>
        </a>
      </div>
      {props.controls}
      <ErrorNote error={state.error} />
      {!data ? (
        state.error ? null : <Loading />
      ) : data.rows.length === 0 ? (
        <p class="hint">{data.notes.includes('insight.note.not_enough_history') ? t('insight.note.not_enough_history') : t('insight.empty')}</p>
      ) : (
        <>
          {props.chart ? <TileChart tile={data} spec={{ ...props.chart, label: props.label ?? props.chart.label }} title={t('insight.chartLabel', { title: props.title })} /> : null}
          {data.notes
            .filter((n) => n !== 'insight.note.not_enough_history')
            .map((n) => (
              <p class={n.startsWith('insight.caution') ? 'insight-caution' : 'hint'} key={n}>
                {t(n, Object.fromEntries(Object.entries(data.meta ?? {}).map(([k, v]) => [k, String(v ?? '—')])))}
              </p>
            ))}
          {props.tableOpen || !props.chart ? (
            <TileTable data={data} caption={t('insight.tableOf', { title: props.title })} label={props.label} />
          ) : (
            <details>
              <summary>{t('insight.showTable', { n: data.rows.length })}</summary>
              <TileTable data={data} caption={t('insight.tableOf', { title: props.title })} label={props.label} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
