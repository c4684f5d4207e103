/** Settings and strings the server writes into the page as inert JSON (`#portal-geo`). */
export interface GeoData {
  tileUrl: string;
  attribution: string;
  locale: string;
  /** South-west and north-east corners of the jurisdiction's districts, [lat, long]. */
  bounds: [[number, number], [number, number]] | null;
  messages: Record<string, string>;
}

/** The page's geo settings, or null on a page without them. */
export function geoData(): GeoData | null {
  const el = document.getElementById('portal-geo');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as GeoData;
  } catch {
    return null;
  }
}

/** One geocoding result from /api/v1/geocode. */
export interface Place {
  label: string;
  lat: number;
  long: number;
}

/** Address suggestions for what was typed (empty on any failure: typing still works). */
export async function suggest(q: string, locale: string, signal: AbortSignal): Promise<Place[]> {
  const res = await fetch(`/api/v1/geocode?${new URLSearchParams({ q, limit: '6', locale })}`, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) return [];
  const body = (await res.json()) as { results?: Place[] };
  return body.results ?? [];
}

/** What is at a position: the nearest address (or none) and whether the city serves it. */
export async function reverse(lat: number, long: number, locale: string): Promise<{ inside: boolean; address: Place | null } | null> {
  try {
    const res = await fetch(`/api/v1/geocode/reverse?${new URLSearchParams({ lat: lat.toFixed(6), long: long.toFixed(6), locale })}`, { headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as { inside: boolean; address: Place | null }) : null;
  } catch {
    return null;
  }
}

/** A polite live region after `anchor` for status messages (created once). */
export function statusRegion(anchor: Element, id: string): HTMLElement {
  let el = document.getElementById(id);
  if (!el) {
    el = document.createElement('p');
    el.id = id;
    el.setAttribute('role', 'status');
    el.className = 'hint';
    anchor.after(el);
  }
  return el;
}
