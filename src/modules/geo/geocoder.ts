/**
 * An optional outside geocoder speaking Nominatim's protocol (`/search?format=jsonv2&q=…`,
 * `/reverse?format=jsonv2&lat=…&lon=…`), asked only when the gazetteer has no answer. It is sent
 * the address text or the position and nothing else: no cookies, no resident data, no referrer.
 */

/** A place an outside geocoder found. */
export interface ExternalPlace {
  label: string;
  lat: number;
  long: number;
}

export interface Geocoder {
  search(text: string): Promise<ExternalPlace[]>;
  reverse(lat: number, long: number): Promise<ExternalPlace | null>;
}

const TIMEOUT_MS = 4000;
const MAX_RESULTS = 5;

function place(value: unknown): ExternalPlace | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const lat = Number(v.lat);
  const long = Number(v.lon);
  const label = typeof v.display_name === 'string' ? v.display_name.slice(0, 300) : '';
  if (!label || !Number.isFinite(lat) || !Number.isFinite(long) || Math.abs(lat) > 90 || Math.abs(long) > 180) return null;
  return { label, lat, long };
}

/**
 * A client of a Nominatim-compatible server at `baseUrl`. A slow, failing or nonsensical server
 * is treated as "no answer" (the resident can still type an address as free text).
 */
export function nominatimGeocoder(baseUrl: string, options: { timeoutMs?: number; userAgent?: string } = {}): Geocoder {
  const base = baseUrl.replace(/\/+$/, '');
  const get = async (path: string, params: Record<string, string>): Promise<unknown> => {
    const url = `${base}${path}?${new URLSearchParams({ format: 'jsonv2', ...params })}`;
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': options.userAgent ?? 'Frontdoor-311 geocoder client' },
        redirect: 'error',
        referrerPolicy: 'no-referrer',
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
      if (!response.ok) return null;
      return await response.json();
    } catch {
      return null;
    }
  };
  return {
    async search(text) {
      const body = await get('/search', { q: text, limit: String(MAX_RESULTS) });
      return Array.isArray(body) ? body.map(place).filter((p): p is ExternalPlace => p !== null).slice(0, MAX_RESULTS) : [];
    },
    async reverse(lat, long) {
      return place(await get('/reverse', { lat: String(lat), lon: String(long) }));
    },
  };
}
