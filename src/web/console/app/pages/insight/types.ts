/** The analytics API's tile, as the console receives it (see src/modules/analytics/metrics.ts). */
export type Cell = string | number | boolean | null;
export type ColumnKind = 'text' | 'count' | 'percent' | 'seconds' | 'number';

export interface Tile {
  tile: string;
  by: string | null;
  from: string;
  to: string;
  timeZone: string;
  columns: { key: string; kind: ColumnKind }[];
  rows: Record<string, Cell>[];
  notes: string[];
  meta?: Record<string, Cell>;
}

export interface Filters {
  from: string;
  to: string;
  service: string;
  department: string;
  district: string;
  channel: string;
}
