import type { Deps } from '../../deps.ts';
import { ValidationError } from '../../lib/errors.ts';
import { parsePoints, ringToPolygonLiteral, type LonLat } from '../../lib/geo.ts';
import { listDistricts, listJurisdictions } from '../catalog/service.ts';
import type { NoticeArea, SubscriptionArea } from './schemas.ts';

/** An area as stored: a PostgreSQL polygon (lon, lat) and its description per language. */
export interface ResolvedArea {
  kind: 'jurisdiction' | 'district' | 'polygon' | 'point';
  districtId: string | null;
  polygon: string;
  description: Record<string, string>;
}

const EARTH_RADIUS_M = 6_371_008.8;
const CIRCLE_POINTS = 32;

/** A circle as a 32-sided polygon that contains it (vertices just outside the radius). */
export function circleRing(lon: number, lat: number, radiusMeters: number): LonLat[] {
  const r = radiusMeters / Math.cos(Math.PI / CIRCLE_POINTS); // the polygon's edges touch the circle
  const dLat = (r / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  return Array.from({ length: CIRCLE_POINTS }, (_, i) => {
    const a = (2 * Math.PI * i) / CIRCLE_POINTS;
    return [lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)] as LonLat;
  });
}

/** Drops a closing point that repeats the first (GeoJSON rings are closed; PostgreSQL polygons are not). */
function openRing(ring: LonLat[]): LonLat[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 3 && first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring;
}

/** Twice the signed area; zero for points on one line (not an area). */
function shoelace(ring: LonLat[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as LonLat;
    const [x2, y2] = ring[(i + 1) % ring.length] as LonLat;
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

/** Resolves a notice's or subscription's area against the catalog: the polygon to store and what to call it. */
export async function resolveArea(deps: Deps, jurisdictionId: string, area: NoticeArea | SubscriptionArea): Promise<ResolvedArea> {
  switch (area.kind) {
    case 'jurisdiction': {
      const j = (await listJurisdictions(deps)).find((x) => x.id === jurisdictionId);
      if (!j) throw new ValidationError([{ field: 'jurisdictionId', code: 'unknown_jurisdiction', message: `No jurisdiction ${jurisdictionId}` }]);
      return { kind: 'jurisdiction', districtId: null, polygon: j.boundary, description: j.name as Record<string, string> };
    }
    case 'district': {
      const d = (await listDistricts(deps, jurisdictionId)).find((x) => x.id === area.districtId);
      if (!d) throw new ValidationError([{ field: 'area.districtId', code: 'unknown_district', message: `No district ${area.districtId} in ${jurisdictionId}` }]);
      return { kind: 'district', districtId: d.id, polygon: String(d.area), description: d.name as Record<string, string> };
    }
    case 'polygon': {
      const ring = openRing(area.coordinates as LonLat[]);
      if (ring.length < 3 || Math.abs(shoelace(ring)) < 1e-12) {
        throw new ValidationError([{ field: 'area.coordinates', code: 'invalid_polygon', message: 'area.coordinates must outline an area: at least three points not on one line' }]);
      }
      const description = 'description' in area ? (area.description as Record<string, string>) : { en: 'Drawn area' };
      return { kind: 'polygon', districtId: null, polygon: ringToPolygonLiteral(ring), description };
    }
    case 'point':
      return {
        kind: 'point',
        districtId: null,
        polygon: ringToPolygonLiteral(circleRing(area.long, area.lat, area.radiusMeters)),
        description: { en: `${Math.round(area.radiusMeters)} m around ${area.lat.toFixed(5)}, ${area.long.toFixed(5)}` },
      };
  }
}

/** A stored polygon as a closed ring of [lon, lat]. */
export function closedRing(polygon: string): LonLat[] {
  const points = parsePoints(polygon);
  const first = points[0];
  return first ? [...points, first] : points;
}
