import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { slaText } from '../../components/sla-badge.tsx';
import { t } from '../../i18n.ts';
import { navigate } from '../../router.ts';
import type { QueueItem } from './types.ts';

/** OpenStreetMap's tiles: the staff API does not expose the server's configured tile address. */
const TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/**
 * The listed requests as circle markers (red overdue, amber due soon, blue otherwise); a marker's
 * popup links to the request. The table stays the accessible way through the same requests.
 */
export default function QueueMap({ items }: { items: QueueItem[] }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const m = L.map(box.current, { zoomControl: true, attributionControl: true });
    L.tileLayer(TILE_URL, { maxZoom: 19, attribution: '© OpenStreetMap contributors' }).addTo(m);
    m.setView([45.52, -122.68], 11);
    map.current = m;
    layer.current = L.layerGroup().addTo(m);
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);
  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    const points: L.LatLngExpression[] = [];
    for (const r of items) {
      if (!r.location) continue;
      const colour = r.sla.state === 'overdue' ? '#a4000f' : r.sla.state === 'due_soon' ? '#7a4a00' : '#0b4f8a';
      const marker = L.circleMarker([r.location.lat, r.location.long], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.6, weight: 2 });
      const popup = document.createElement('div');
      const link = document.createElement('a');
      link.href = `/console/requests/${r.trackingNumber}`;
      link.textContent = r.trackingNumber;
      link.addEventListener('click', (e) => {
        e.preventDefault();
        navigate(link.pathname);
      });
      const detail = document.createElement('p');
      detail.textContent = `${t(`status.${r.status}`)} · ${slaText(r.sla)}`;
      popup.append(link, detail);
      marker.bindPopup(popup);
      marker.addTo(group);
      points.push([r.location.lat, r.location.long]);
    }
    if (points.length) m.fitBounds(L.latLngBounds(points), { padding: [24, 24], maxZoom: 16 });
  }, [items]);
  return (
    <section aria-labelledby="queue-map-title">
      <h2 id="queue-map-title">{t('queue.map')}</h2>
      <p class="hint">{t('queue.mapHint')}</p>
      <div ref={box} class="queue-map" role="region" aria-label={t('queue.map')} />
    </section>
  );
}
