import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import type { GeoData } from './geo-data.ts';

/**
 * Leaflet, loaded only when a map is wanted (this module is imported on demand). Tiles come from the
 * configured URL; when they cannot load the map still answers clicks. Only vector circle markers are
 * used, so no marker images are needed.
 */

export type LeafletMap = L.Map;

/** A map in `container`, fitted to the jurisdiction (or centred on a point). */
export function createMap(container: HTMLElement, geo: GeoData, centre?: { lat: number; long: number; zoom?: number }): L.Map {
  const map = L.map(container, { zoomControl: true, attributionControl: true });
  L.tileLayer(geo.tileUrl, { maxZoom: 19, attribution: geo.attribution }).addTo(map);
  if (centre) map.setView([centre.lat, centre.long], centre.zoom ?? 16);
  else if (geo.bounds) map.fitBounds(geo.bounds);
  else map.setView([0, 0], 2);
  return map;
}

/** A single chosen point on the map, moved by each click. */
export function pointPicker(map: L.Map, onPick: (lat: number, long: number) => void, initial?: { lat: number; long: number }): void {
  let marker: L.CircleMarker | null = initial ? L.circleMarker([initial.lat, initial.long], { radius: 9, color: '#b00020', weight: 3, fillOpacity: 0.6 }).addTo(map) : null;
  map.on('click', (e: L.LeafletMouseEvent) => {
    const { lat, lng } = e.latlng;
    if (marker) marker.setLatLng(e.latlng);
    else marker = L.circleMarker(e.latlng, { radius: 9, color: '#b00020', weight: 3, fillOpacity: 0.6 }).addTo(map);
    onPick(lat, lng);
  });
}

/** Requests as circle markers with a link to each one; the search circle when there is a centre. */
export function showRequests(map: L.Map, points: Array<{ n: string; lat: number; long: number; service: string; status: string }>, centre: { lat: number; long: number; radius: number } | null): void {
  const layer = L.featureGroup().addTo(map);
  if (centre) L.circle([centre.lat, centre.long], { radius: centre.radius, color: '#0b4f8a', weight: 2, fillOpacity: 0.05, interactive: false }).addTo(layer);
  for (const p of points) {
    const link = document.createElement('a');
    link.href = `/track/${encodeURIComponent(p.n)}`;
    link.textContent = `${p.n} — ${p.service}`;
    L.circleMarker([p.lat, p.long], { radius: 7, color: p.status === 'open' ? '#b00020' : '#1a7f37', weight: 2, fillOpacity: 0.7 }).bindPopup(link).addTo(layer);
  }
  if (centre) map.fitBounds(L.latLng(centre.lat, centre.long).toBounds(centre.radius * 2));
  else if (points.length) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
}
