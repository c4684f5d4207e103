import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { announce, useAsync } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { loadCatalog } from '../queue/catalog.ts';
import { nameIn } from '../queue/types.ts';
import { MapTile } from './map.tsx';
import { TileView } from './tile.tsx';
import type { Filters } from './types.ts';
import './insight.css';

const CHANNELS = ['web', 'phone', 'walk_in', 'email', 'sms', 'chat', 'app', 'open311', 'import'];
const day = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function initialFilters(): Filters {
  const to = new Date();
  const from = new Date(to.getTime() - 29 * 86_400_000);
  return { from: day(from), to: day(to), service: '', department: '', district: '', channel: '' };
}

/**
 * Insight: the dashboards of issue 9 for analysts, supervisors and administrators. Every tile has
 * a chart, the same numbers as a table, and a CSV download; filters apply to every tile at once.
 */
export default function Insight(_props: ScreenProps): JSX.Element {
  const [draft, setDraft] = useState<Filters>(initialFilters);
  const [filters, setFilters] = useState<Filters>(draft);
  const [series, setSeries] = useState<'requests' | 'contacts'>('requests');
  const [shrinkage, setShrinkage] = useState('30');
  const [shrinkageApplied, setShrinkageApplied] = useState('0.3');
  const catalog = useAsync(() => loadCatalog(), []);
  const c = catalog.data;
  const serviceName = (code: string) => nameIn(c?.services.find((s) => s.code === code), locale, code);
  const districtName = (id: string) => (id === '' ? t('insight.noDistrict') : nameIn(c?.districts.find((d) => d.id === id), locale, id));
  const departmentName = (id: string) => nameIn(c?.departments.find((d) => d.id === id), locale, id);
  const channelName = (id: string) => t(`insight.channel.${id}`);
  const params = { ...filters } as unknown as Record<string, string>;
  useEffect(() => announce(t('insight.updated')), [filters]);

  const set = (k: keyof Filters) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  const apply = (e: Event) => {
    e.preventDefault();
    setFilters(draft);
  };
  return (
    <>
      <h1>{t('insight.title')}</h1>
      <form class="insight-filters" onSubmit={apply} aria-label={t('insight.filters')}>
        <label>
          {t('insight.from')}
          <input type="date" name="from" value={draft.from} onInput={set('from')} required />
        </label>
        <label>
          {t('insight.to')}
          <input type="date" name="to" value={draft.to} onInput={set('to')} required />
        </label>
        <label>
          {t('insight.service')}
          <select name="service" value={draft.service} onChange={set('service')}>
            <option value="">{t('insight.all')}</option>
            {c?.services.map((s) => (
              <option key={s.code} value={s.code}>
                {nameIn(s, locale, s.code)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('insight.department')}
          <select name="department" value={draft.department} onChange={set('department')}>
            <option value="">{t('insight.all')}</option>
            {c?.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {nameIn(d, locale, d.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('insight.district')}
          <select name="district" value={draft.district} onChange={set('district')}>
            <option value="">{t('insight.all')}</option>
            {c?.districts.map((d) => (
              <option key={d.id} value={d.id}>
                {nameIn(d, locale, d.id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('insight.channel')}
          <select name="channel" value={draft.channel} onChange={set('channel')}>
            <option value="">{t('insight.all')}</option>
            {CHANNELS.map((ch) => (
              <option key={ch} value={ch}>
                {channelName(ch)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('insight.apply')}</button>
      </form>
      <p class="hint">{t('insight.definitions')}</p>
      <div class="insight-grid">
        <TileView id="summary" tile="summary" params={params} title={t('insight.tile.summary')} label={(k) => t(`insight.metric.${k}`)} tableOpen />
        <TileView id="requests-day" tile="requests" params={{ ...params, by: 'day' }} title={t('insight.tile.requestsByDay')} chart={{ type: 'line', series: ['opened', 'closed'], label: (k) => k }} />
        <TileView id="requests-service" tile="requests" params={{ ...params, by: 'service' }} title={t('insight.tile.requestsByService')} chart={{ type: 'bar', series: ['opened', 'backlog'], label: serviceName }} />
        <TileView id="requests-department" tile="requests" params={{ ...params, by: 'department' }} title={t('insight.tile.timesByDepartment')} chart={{ type: 'bar', series: ['first_response_median', 'resolution_median'], label: departmentName }} />
        <TileView id="sla-channel" tile="requests" params={{ ...params, by: 'channel' }} title={t('insight.tile.byChannel')} chart={{ type: 'bar', series: ['opened'], label: channelName }} />
        <TileView id="contacts" tile="contacts" params={{ ...params, by: 'channel' }} title={t('insight.tile.contacts')} chart={{ type: 'bar', series: ['contacts', 'answered', 'abandoned'], label: channelName }} />
        <TileView id="contacts-hour" tile="contacts" params={{ ...params, by: 'hour_of_day' }} title={t('insight.tile.contactsByHour')} chart={{ type: 'bar', series: ['contacts'], label: (k) => `${k}:00` }} />
        <TileView id="languages" tile="languages" params={{ ...params, by: 'week' }} title={t('insight.tile.languages')} chart={{ type: 'line', series: [], label: (k) => k }} />
        <TileView id="civil-rights" tile="civil-rights" params={params} title={t('insight.tile.civilRights')} label={serviceName} tableOpen />
        <TileView id="equity" tile="equity" params={params} title={t('insight.tile.equity')} chart={{ type: 'bar', series: ['per_1000', 'per_1000_city'], label: districtName }} tableOpen />
        <MapTile params={params} />
        <TileView
          id="forecast"
          tile="forecast"
          params={{ series }}
          title={t('insight.tile.forecast')}
          chart={{ type: 'line', series: ['actual', 'forecast'], label: (k) => k }}
          controls={
            <label class="insight-control">
              {t('insight.series')}
              <select value={series} onChange={(e) => setSeries((e.currentTarget as HTMLSelectElement).value as 'requests' | 'contacts')}>
                <option value="requests">{t('insight.series.requests')}</option>
                <option value="contacts">{t('insight.series.contacts')}</option>
              </select>
            </label>
          }
        />
        <TileView
          id="staffing"
          tile="staffing"
          params={{ shrinkage: shrinkageApplied }}
          title={t('insight.tile.staffing')}
          tableOpen
          controls={
            <form
              class="insight-control"
              onSubmit={(e) => {
                e.preventDefault();
                setShrinkageApplied(String(Math.min(90, Math.max(0, Number(shrinkage) || 0)) / 100));
              }}
            >
              <label>
                {t('insight.shrinkage')}
                <input type="number" min="0" max="90" step="1" value={shrinkage} onInput={(e) => setShrinkage((e.currentTarget as HTMLInputElement).value)} />
              </label>
              <button type="submit" class="secondary">
                {t('insight.recalculate')}
              </button>
            </form>
          }
        />
      </div>
    </>
  );
}
