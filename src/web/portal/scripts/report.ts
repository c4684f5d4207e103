import { addressCombobox } from './combobox.ts';
import { geoData, reverse, statusRegion, type GeoData } from './geo-data.ts';

/**
 * The report form's location, enhanced: address autocomplete, "Use my location" and "Choose on a
 * map". Each fills the address and the latitude/longitude fields the form already has, so the
 * server sees exactly what a resident without JavaScript could have typed.
 */
function enhance(geo: GeoData): void {
  const address = document.getElementById('f-address') as HTMLInputElement | null;
  const lat = document.getElementById('f-lat') as HTMLInputElement | null;
  const long = document.getElementById('f-long') as HTMLInputElement | null;
  if (!address || !lat || !long) return;
  const m = geo.messages;
  const field = address.closest('.field') ?? address;
  const tools = document.createElement('div');
  tools.className = 'location-tools';
  field.after(tools);
  const status = statusRegion(tools, 'location-status');
  let placedByScript = false;
  const setPoint = (la: number, lo: number) => {
    lat.value = la.toFixed(6);
    long.value = lo.toFixed(6);
    placedByScript = true;
  };
  // Typing a new address forgets a point the script set for the old one.
  const onType = () => {
    if (placedByScript) {
      lat.value = '';
      long.value = '';
      placedByScript = false;
    }
  };
  addressCombobox(address, { locale: geo.locale, hint: m.suggestions ?? '', onType, onChoose: (p) => setPoint(p.lat, p.long) });

  /** Fills the address from a position (reverse geocoding) and says what happened. */
  const describe = async (la: number, lo: number, prefix: string) => {
    setPoint(la, lo);
    const found = await reverse(la, lo, geo.locale);
    if (found && !found.inside) {
      status.textContent = m.outside ?? '';
      return;
    }
    if (found?.address) {
      address.value = found.address.label;
      status.textContent = `${prefix} ${found.address.label}`;
    } else {
      address.value = `${la.toFixed(5)}, ${lo.toFixed(5)}`;
      status.textContent = m.noAddressHere ?? '';
    }
  };

  if ('geolocation' in navigator) {
    const locate = document.createElement('button');
    locate.type = 'button';
    locate.textContent = m.useMyLocation ?? '';
    locate.addEventListener('click', () => {
      status.textContent = m.locating ?? '';
      navigator.geolocation.getCurrentPosition(
        (pos) => void describe(pos.coords.latitude, pos.coords.longitude, m.found ?? ''),
        (err) => {
          status.textContent = (err.code === err.PERMISSION_DENIED ? m.denied : m.unavailable) ?? '';
          address.focus();
        },
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      );
    });
    tools.append(locate);
  }

  const mapButton = document.createElement('button');
  mapButton.type = 'button';
  mapButton.textContent = m.chooseOnMap ?? '';
  mapButton.setAttribute('aria-expanded', 'false');
  let container: HTMLElement | null = null;
  mapButton.addEventListener('click', async () => {
    if (container) {
      const open = container.hidden;
      container.hidden = !open;
      mapButton.setAttribute('aria-expanded', String(open));
      return;
    }
    container = document.createElement('div');
    container.id = 'report-map';
    container.className = 'map';
    container.setAttribute('role', 'region');
    container.setAttribute('aria-label', m.mapLabel ?? '');
    const help = document.createElement('p');
    help.className = 'hint';
    help.id = 'report-map-help';
    help.textContent = m.mapHelp ?? '';
    container.setAttribute('aria-describedby', help.id);
    tools.after(help, container);
    mapButton.setAttribute('aria-controls', container.id);
    mapButton.setAttribute('aria-expanded', 'true');
    const { createMap, pointPicker } = await import('./map.ts');
    const initial = lat.value && long.value && Number.isFinite(Number(lat.value)) ? { lat: Number(lat.value), long: Number(long.value) } : undefined;
    const map = createMap(container, geo, initial);
    pointPicker(map, (la, lo) => void describe(la, lo, m.pointChosen ?? ''), initial);
  });
  tools.append(mapButton);
}

const geo = geoData();
if (geo) enhance(geo);
