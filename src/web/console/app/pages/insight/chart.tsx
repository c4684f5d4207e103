import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { columnLabel } from './format.ts';
import type { Tile } from './types.ts';

type ChartModule = typeof import('chart.js/auto');
let chartModule: Promise<ChartModule> | null = null;
/** Chart.js, loaded the first time a chart is drawn (it stays out of the console's first payload). */
const loadChartJs = (): Promise<ChartModule> => (chartModule ??= import('chart.js/auto'));

/** Colours with at least 3:1 contrast on white; each series also gets its own dash or point style. */
const COLOURS = ['#1f5fa8', '#b3470b', '#2f7d32', '#7b3fa0', '#a1123d', '#00707a', '#5c5c5c', '#8a6d00'];
const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3], [10, 4]];
const POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star'] as const;

export interface ChartSpec {
  type: 'bar' | 'line';
  /** Columns drawn as series (keys of tile.columns). */
  series: string[];
  /** Labels of the x axis: the row's key, mapped to readable names. */
  label: (key: string) => string;
}

/**
 * A chart of a tile, drawn on a canvas that is hidden from assistive technology's reading order
 * behind a label: the table beside it is the accessible view of the same numbers.
 */
export function TileChart({ tile, spec, title }: { tile: Tile; spec: ChartSpec; title: string }): JSX.Element {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let live = true;
    // No series named: every numeric column (the languages tile's columns depend on the data).
    const series = spec.series.length ? spec.series : tile.columns.filter((c) => c.kind !== 'text').map((c) => c.key);
    void loadChartJs().then(({ default: Chart }) => {
      if (!live || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: spec.type,
        data: {
          labels: tile.rows.map((r) => spec.label(String(r.key ?? ''))),
          datasets: series.map((key, i) => ({
            label: columnLabel(key),
            data: tile.rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : null)),
            backgroundColor: COLOURS[i % COLOURS.length],
            borderColor: COLOURS[i % COLOURS.length],
            borderDash: DASHES[i % DASHES.length],
            pointStyle: POINTS[i % POINTS.length],
            spanGaps: false,
          })),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } } } },
      });
    });
    return () => {
      live = false;
      chart?.destroy();
    };
  }, [tile, spec.type, spec.series.join()]);
  return (
    <div class="insight-chart">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
