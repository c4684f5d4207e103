import { addressCombobox } from './combobox.ts';
import { geoData, statusRegion, type GeoData } from './geo-data.ts';

interface NearbyData {
  centre: { lat: number; long: number; radius: number } | null;
  points: Array<{ n: string; lat: number; long: number; service: string; status: string }>;
}

/**
 * The Nearby page, enhanced: address autocomplete, "Use my location" (reloads the page around the
 * position) and a map of the listed requests (Leaflet, loaded after the page). The table stays the
 * page's content; the map repeats it for those who can see it.
 */
async function enhance(geo: GeoData): Promise<void> {
  const q = document.getElementById('f-q') as HTMLInputElement | null;
  const m = geo.messages;
  if (q) {
    addressCombobox(q, { locale: geo.locale, hint: m.suggestions ?? '', onChoose: () => q.form?.requestSubmit() });
    if ('geolocation' in navigator) {
      const locate = document.createElement('button');
      locate.type = 'button';
      locate.textContent = m.useMyLocation ?? '';
      const tools = document.createElement('div');
      tools.className = 'location-tools';
      tools.append(locate);
      (q.closest('.field') ?? q).after(tools);
      const status = statusRegion(tools, 'location-status');
      locate.addEventListener('click', () => {
        status.textContent = m.locating ?? '';
        navigator.geolocation.getCurrentPosition(
          (pos) => {
            const url = new URL(window.location.href);
            url.searchParams.delete('q');
            url.searchParams.delete('district');
            url.searchParams.set('lat', pos.coords.latitude.toFixed(6));
            url.searchParams.set('long', pos.coords.longitude.toFixed(6));
            window.location.assign(url.toString());
          },
          (err) => {
            status.textContent = (err.code === err.PERMISSION_DENIED ? m.denied : m.unavailable) ?? '';
          },
          { timeout: 15_000, maximumAge: 60_000 },
        );
      });
    }
  }
  const container = document.getElementById('nearby-map');
  const dataEl = document.getElementById('nearby-data');
  if (!container || !dataEl?.textContent) return;
  const data = JSON.parse(dataEl.textContent) as NearbyData;
  container.hidden = false;
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', m.mapNearby ?? '');
  const { createMap, showRequests } = await import('./map.ts');
  const map = createMap(container, geo, data.centre ?? undefined);
  showRequests(map, data.points, data.centre);
}

const geo = geoData();
if (geo) void enhance(geo);
