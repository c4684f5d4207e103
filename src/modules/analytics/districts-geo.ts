import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { parsePoints, type LonLat } from '../../lib/geo.ts';

/**
 * District boundaries for the dashboards' maps: one ring of longitude/latitude points per district,
 * with its names in each language and its kind (council districts, neighbourhood coalitions…).
 * Boundaries are public information; no figure travels with them.
 */
export interface DistrictShape {
  id: string;
  kind: string;
  name: Record<string, string>;
  /** Drawn approximately (simplified shapes); the map says so. */
  approximate: boolean;
  ring: LonLat[];
}

export const districtsQuery = z
  .object({
    kind: z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/, 'must be a district kind (lowercase letters, digits, _ and -)')
      .optional()
      .describe('Only districts of this kind (e.g. council_district, neighborhood_coalition)'),
  })
  .strict();

/** The districts (of one kind, or all), ordered by kind then id; `kinds` lists every kind there is. */
export async function districtShapes(deps: Deps, kind?: string): Promise<{ kinds: string[]; districts: DistrictShape[] }> {
  const rows = await deps.db.selectFrom('districts').select(['id', 'kind', 'name', 'area', 'approximate']).orderBy('kind').orderBy('id').execute();
  const kinds = [...new Set(rows.map((r) => r.kind))];
  const districts = rows
    .filter((r) => kind === undefined || r.kind === kind)
    .map((r) => ({ id: r.id, kind: r.kind, name: r.name as Record<string, string>, approximate: r.approximate, ring: parsePoints(String(r.area)) }));
  return { kinds, districts };
}
