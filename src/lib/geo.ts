/** Plain geometry on WGS 84 longitude/latitude, for checks that need no database. */

export type LonLat = [lon: number, lat: number];

const EARTH_RADIUS_M = 6_371_008.8;
const toRad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two points. */
export function haversineMeters(a: LonLat, b: LonLat): number {
  const dLat = toRad(b[1] - a[1]);
  const dLon = toRad(b[0] - a[0]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a[1])) * Math.cos(toRad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A longitude/latitude box that surely contains every point within `meters` of the centre:
 * the index-friendly first cut before the exact distance test.
 */
export function boxAround([lon, lat]: LonLat, meters: number): { west: number; south: number; east: number; north: number } {
  const dLat = (meters / EARTH_RADIUS_M) * (180 / Math.PI);
  const cosLat = Math.max(Math.cos(toRad(lat)), 1e-6);
  const dLon = dLat / cosLat;
  return { west: lon - dLon, south: lat - dLat, east: lon + dLon, north: lat + dLat };
}

/** Whether a point lies inside a ring (even-odd rule). */
export function ringContains(ring: LonLat[], [x, y]: LonLat): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as LonLat;
    const [xj, yj] = ring[j] as LonLat;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The PostgreSQL `polygon` literal for a ring: '((lon,lat),(lon,lat),...)'. */
export function ringToPolygonLiteral(ring: LonLat[]): string {
  if (ring.length < 3) throw new RangeError('a polygon needs at least three points');
  return `(${ring.map(([lon, lat]) => `(${lon},${lat})`).join(',')})`;
}

/** Parses a PostgreSQL `polygon` or `point` text value into points. */
export function parsePoints(text: string): LonLat[] {
  const points: LonLat[] = [];
  for (const m of text.matchAll(/\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)/g)) {
    points.push([Number(m[1]), Number(m[2])]);
  }
  return points;
}

/** Whether a longitude/latitude pair is a valid WGS 84 position. */
export function isValidLonLat(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90;
}
