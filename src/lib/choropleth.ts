/**
 * Choropleth maps drawn as plain SVG, with no map tiles: the geometry, class breaks, colours and
 * label positions are computed here once, and the console (Preact) and the portal (an HTML string)
 * each only write the elements out. Nothing here touches the DOM or the network.
 *
 * Colour is never the only carrier: every area has a dark outline, a text label with its figure,
 * an accessible name, and areas without a figure are hatched (withheld) or dotted (no data).
 */
import { ringContains, type LonLat } from './geo.ts';

/**
 * A sequential, single-hue palette (colour-blind safe: the classes differ in lightness) with a
 * contrast ratio of at least 3:1 between adjacent classes. The lightest class is close to white:
 * the outline (OUTLINE, 17:1 on white) separates it from the background.
 */
export const PALETTE = ['#deebf7', '#4d86c2', '#0a2a52'] as const;
export const OUTLINE = '#1b1b1b';
export const BACKGROUND = '#ffffff';
/** Figures are written in dark ink on a white halo, readable on every class. */
export const LABEL = { fill: '#1b1b1b', halo: '#ffffff', haloWidth: 3, size: 13 } as const;

/** Fills of areas without a figure: SVG patterns (square tiles of `size`, lines drawn with `d`). */
export const PATTERNS = {
  /** Withheld (a small count, not shown): diagonal hatching. */
  withheld: { size: 8, background: '#ffffff', stroke: '#4a4a4a', strokeWidth: 1.5, d: 'M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6' },
  /** No data (e.g. no population figure for a rate): sparse dots. */
  none: { size: 8, background: '#ffffff', stroke: '#4a4a4a', strokeWidth: 2.5, d: 'M3.5,4 L4.5,4' },
} as const;

export type AreaState = 'value' | 'withheld' | 'none';

export interface AreaInput {
  id: string;
  /** The name people read (already in their language). */
  name: string;
  ring: LonLat[];
  /** The figure; null with `withheld` for a suppressed one, null alone for no data. */
  value: number | null;
  withheld?: boolean;
}

export interface ChoroplethClass {
  index: number;
  /** Smallest and largest figure of the areas in this class. */
  min: number;
  max: number;
  fill: string;
  count: number;
}

export interface ChoroplethArea {
  id: string;
  name: string;
  state: AreaState;
  value: number | null;
  classIndex: number | null;
  /** A colour for `value` areas; `pattern:withheld` / `pattern:none` otherwise (see patternId). */
  fill: string;
  /** SVG path data in the map's pixel space. */
  d: string;
  /** Where the figure is written (inside the area wherever one can be found). */
  label: { x: number; y: number };
}

export interface Choropleth {
  width: number;
  height: number;
  areas: ChoroplethArea[];
  classes: ChoroplethClass[];
  hasWithheld: boolean;
  hasNoData: boolean;
}

export interface ChoroplethOptions {
  /** Width of the drawing in SVG units (default 600). */
  width?: number;
  /** Height it must not exceed (default 420). */
  maxHeight?: number;
  /** Margin around the shapes (default 12). */
  padding?: number;
  /** How many classes at most (default and maximum: PALETTE.length). */
  classes?: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => {
    const v = parseInt(x ?? '0', 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Quantile class breaks: the upper bound of each class, at most `k` classes and never more than
 * there are distinct values; each value belongs to the first class whose bound is ≥ it.
 */
export function classBreaks(values: number[], k: number = PALETTE.length): number[] {
  const sorted = [...new Set(values.filter((v) => Number.isFinite(v)))].sort((a, b) => a - b);
  const n = Math.max(0, Math.min(Math.floor(k), PALETTE.length, sorted.length));
  if (n === 0) return [];
  const all = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const bounds: number[] = [];
  for (let i = 1; i <= n; i++) {
    const b = all[Math.max(0, Math.ceil((i * all.length) / n) - 1)] as number;
    if (!bounds.length || b > (bounds[bounds.length - 1] as number)) bounds.push(b);
  }
  bounds[bounds.length - 1] = sorted[sorted.length - 1] as number;
  return bounds;
}

/** The class of a value for the given breaks. */
export function classOf(value: number, breaks: number[]): number {
  const i = breaks.findIndex((b) => value <= b);
  return i === -1 ? breaks.length - 1 : i;
}

/** The colours for `n` classes: spread over the palette so the ends stay light and dark. */
export function classColours(n: number): string[] {
  if (n <= 0) return [];
  if (n === 1) return [PALETTE[1]];
  if (n === 2) return [PALETTE[0], PALETTE[2]];
  return [...PALETTE].slice(0, n);
}

export interface Projection {
  width: number;
  height: number;
  project(p: LonLat): [number, number];
}

/**
 * Equirectangular projection scaled by cos(latitude) at the middle of the rings' extent (true
 * enough for a city), fitted into `width` × at most `maxHeight` with `padding` all round; north up.
 */
export function fitProjection(rings: LonLat[][], width = 600, maxHeight = 420, padding = 12): Projection {
  const points = rings.flat();
  if (!points.length) return { width, height: 2 * padding, project: () => [width / 2, padding] };
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    west = Math.min(west, lon);
    east = Math.max(east, lon);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * k, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = Math.min((width - 2 * padding) / spanX, (maxHeight - 2 * padding) / spanY);
  const height = Math.ceil(spanY * scale + 2 * padding);
  const offsetX = (width - spanX * scale) / 2;
  return { width, height, project: ([lon, lat]) => [round1(offsetX + (lon - west) * k * scale), round1(padding + (north - lat) * scale)] };
}

/** Area-weighted centroid of a ring in pixel space (the mean of its points for a degenerate one). */
function centroid(ring: [number, number][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    const f = xj * yi - xi * yj;
    a += f;
    cx += (xj + xi) * f;
    cy += (yj + yi) * f;
  }
  if (Math.abs(a) < 1e-9) {
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** A point inside the ring: its centroid, or the middle of the widest span of the row through it. */
function labelPoint(ring: [number, number][]): { x: number; y: number } {
  const [cx, cy] = centroid(ring);
  if (ring.length < 3 || ringContains(ring, [cx, cy])) return { x: round1(cx), y: round1(cy) };
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > cy !== yj > cy) xs.push(((xj - xi) * (cy - yi)) / (yj - yi) + xi);
  }
  xs.sort((a, b) => a - b);
  let best: [number, number] | null = null;
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const span: [number, number] = [xs[i] as number, xs[i + 1] as number];
    if (!best || span[1] - span[0] > best[1] - best[0]) best = span;
  }
  return best ? { x: round1((best[0] + best[1]) / 2), y: round1(cy) } : { x: round1(cx), y: round1(cy) };
}

/** The id of a pattern in a document: prefix it so two maps on one page do not share ids. */
export const patternId = (prefix: string, state: 'withheld' | 'none'): string => `${prefix}-${state}`;

/**
 * Lays out a choropleth: projected paths, classes (quantiles of the figures shown), a fill per
 * area and where to write its figure. Withheld areas take no part in the class breaks.
 */
export function buildChoropleth(areas: AreaInput[], opts: ChoroplethOptions = {}): Choropleth {
  const drawable = areas.filter((a) => a.ring.length >= 3);
  const proj = fitProjection(
    drawable.map((a) => a.ring),
    opts.width ?? 600,
    opts.maxHeight ?? 420,
    opts.padding ?? 12,
  );
  const shown = drawable.filter((a) => !a.withheld && a.value !== null && Number.isFinite(a.value)).map((a) => a.value as number);
  const breaks = classBreaks(shown, opts.classes ?? PALETTE.length);
  const colours = classColours(breaks.length);
  const classes: ChoroplethClass[] = breaks.map((_, i) => ({ index: i, min: Infinity, max: -Infinity, fill: colours[i] as string, count: 0 }));
  const out = drawable.map((a): ChoroplethArea => {
    const pts = a.ring.map((p) => proj.project(p));
    const d = `M${pts.map(([x, y]) => `${x},${y}`).join('L')}Z`;
    const state: AreaState = a.withheld ? 'withheld' : a.value === null || !Number.isFinite(a.value) ? 'none' : 'value';
    let classIndex: number | null = null;
    let fill: string = `pattern:${state}`;
    if (state === 'value') {
      const v = a.value as number;
      classIndex = classOf(v, breaks);
      const c = classes[classIndex] as ChoroplethClass;
      c.min = Math.min(c.min, v);
      c.max = Math.max(c.max, v);
      c.count++;
      fill = c.fill;
    }
    return { id: a.id, name: a.name, state, value: state === 'value' ? a.value : null, classIndex, fill, d, label: labelPoint(pts) };
  });
  return {
    width: proj.width,
    height: proj.height,
    areas: out,
    classes: classes.filter((c) => c.count > 0),
    hasWithheld: out.some((a) => a.state === 'withheld'),
    hasNoData: out.some((a) => a.state === 'none'),
  };
}

/** The `fill` attribute of an area: its colour, or a reference to its pattern in this document. */
export const fillOf = (area: ChoroplethArea, prefix: string): string => (area.state === 'value' ? area.fill : `url(#${patternId(prefix, area.state)})`);
