import type { Cell, TileData } from './metrics.ts';

/** What leaves the server from the analytics module: tiles as JSON or CSV. */

/** One CSV field: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function field(value: Cell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The tile's table as CSV (RFC 4180, CRLF), the header being the column keys. */
export function tileCsv(tile: Pick<TileData, 'columns' | 'rows'>): string {
  const lines = [tile.columns.map((c) => field(c.key)).join(',')];
  for (const row of tile.rows) lines.push(tile.columns.map((c) => field(row[c.key] ?? null)).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** A file name for a tile's CSV: tile, period, and the filters that narrowed it. */
export function tileFileName(tile: TileData, filters: Record<string, string | undefined>): string {
  const parts = [tile.tile, tile.from, tile.to, ...Object.entries(filters).flatMap(([k, v]) => (v ? [`${k}-${v}`] : []))];
  return `${parts.join('_').replace(/[^A-Za-z0-9_.-]/g, '-')}.csv`;
}
