import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { ErrorNote, Loading, announce, useAsync, useMe } from '../../components.tsx';
import { SlaBadge } from '../../components/sla-badge.tsx';
import { formatDateTime, locale, t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick, navigate, useLocation } from '../../router.ts';
import { BulkBar } from './bulk-bar.tsx';
import { loadCatalog } from './catalog.ts';
import { QueueFilters, FILTER_KEYS, type Filters } from './filters.tsx';
import { SavedViews } from './saved-views.tsx';
import { nameIn, OPEN, type QueueItem, type QueuePage } from './types.ts';
import './queue.css';

const PAGE = 50;

/** The filters in the address bar (so a view, a reload and the back button all keep them). */
function filtersOf(search: URLSearchParams): Filters {
  const f: Filters = { sort: search.get('sort') ?? 'due' };
  for (const k of FILTER_KEYS) {
    const v = search.get(k);
    if (v !== null) f[k] = v;
  }
  if (!search.has('status')) f.status = OPEN;
  return f;
}

/** The bureau work queue: my departments' requests, filtered, sorted, saved as views, worked in bulk; list or map. */
export default function Queue(_props: ScreenProps): JSX.Element {
  const me = useMe();
  const { search } = useLocation();
  const filters = filtersOf(search);
  const key = JSON.stringify(filters);
  const catalog = useAsync(loadCatalog, []);
  const summary = useAsync(() => api<{ departments: Array<{ department: string; open: number; new: number; unassigned: number; overdue: number; highPriority: number }> }>('GET', '/api/v1/queue/summary'), []);
  const [pages, setPages] = useState<QueuePage[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [report, setReport] = useState<string[]>([]);
  const [mode, setMode] = useState<'list' | 'map'>('list');
  const [tick, setTick] = useState(0);
  const tableRef = useRef<HTMLTableElement>(null);

  const fetchPage = (cursor?: string) => api<QueuePage>('GET', `/api/v1/queue/requests${query({ ...filters, status: filters.status === 'any' ? undefined : filters.status, limit: PAGE, cursor })}`);

  useEffect(() => {
    let live = true;
    setLoading(true);
    fetchPage().then(
      (page) => {
        if (!live) return;
        setPages([page]);
        setError(null);
        setLoading(false);
        announce(t('queue.results', { count: page.total }));
      },
      (e: unknown) => live && (setError(e), setLoading(false)),
    );
    return () => void (live = false);
  }, [key, tick]);

  const items = pages.flatMap((p) => p.requests);
  const total = pages[0]?.total ?? 0;
  const next = pages.at(-1)?.nextCursor ?? null;
  const more = async (): Promise<void> => {
    if (!next) return;
    try {
      const page = await fetchPage(next);
      setPages((p) => [...p, page]);
      announce(t('queue.loadedMore', { count: page.requests.length }));
    } catch (e) {
      setError(e);
    }
  };

  const setFilters = (f: Filters): void => {
    setSelected(new Set());
    navigate(`/console/queue${query(f as Record<string, string>)}`, { replace: true });
  };

  // j / k move between rows, x selects the row in focus, Enter opens it (it is a link).
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input:not([type=checkbox]), textarea, select, dialog')) return;
      const links = [...(tableRef.current?.querySelectorAll<HTMLAnchorElement>('a.row-link') ?? [])];
      if (!links.length) return;
      const at = links.findIndex((l) => l.closest('tr')?.contains(document.activeElement));
      if (event.key === 'j' || event.key === 'k') {
        event.preventDefault();
        const to = at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + (event.key === 'j' ? 1 : -1)));
        links[to]?.focus();
      } else if (event.key === 'x' && at >= 0) {
        event.preventDefault();
        links[at]?.closest('tr')?.querySelector<HTMLInputElement>('input[type=checkbox]')?.click();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const toggle = (id: number): void =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const allSelected = items.length > 0 && items.every((i) => selected.has(i.id));
  const services = new Map((catalog.data?.services ?? []).map((s) => [s.code, s]));

  return (
    <>
      <h1>{t('queue.title')}</h1>
      <p class="hint">{t('queue.keys')}</p>
      {summary.data ? (
        <table class="summary">
          <caption>{t('queue.summary.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('queue.department')}</th>
              <th scope="col">{t('queue.summary.open')}</th>
              <th scope="col">{t('queue.summary.new')}</th>
              <th scope="col">{t('queue.summary.unassigned')}</th>
              <th scope="col">{t('queue.summary.overdue')}</th>
              <th scope="col">{t('queue.summary.high')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.departments.map((d) => (
              <tr key={d.department}>
                <th scope="row">{nameIn(catalog.data?.departments.find((x) => x.id === d.department), locale, d.department)}</th>
                <td>{d.open}</td>
                <td>{d.new}</td>
                <td>{d.unassigned}</td>
                <td>{d.overdue}</td>
                <td>{d.highPriority}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <QueueFilters filters={filters} catalog={catalog.data} onChange={setFilters} multiDepartment={me.principal.departments.length !== 1} />
      <SavedViews filters={filters} onPick={setFilters} />
      <div class="toolbar" role="group" aria-label={t('queue.show')}>
        <button type="button" class={mode === 'list' ? '' : 'secondary'} aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
          {t('queue.list')}
        </button>
        <button type="button" class={mode === 'map' ? '' : 'secondary'} aria-pressed={mode === 'map'} onClick={() => setMode('map')}>
          {t('queue.map')}
        </button>
      </div>
      {report.length ? (
        <div class="panel" role="status">
          <p>{report[0]}</p>
          {report.length > 1 ? (
            <ul>
              {report.slice(1).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {selected.size ? (
        <BulkBar
          selected={items.filter((i) => selected.has(i.id))}
          onDone={(lines) => {
            setReport(lines);
            setSelected(new Set());
            setTick((n) => n + 1);
          }}
        />
      ) : null}
      <ErrorNote error={error} />
      {mode === 'map' ? <MapLoader items={items} /> : null}
      <div aria-busy={loading}>
        {loading && !items.length ? <Loading /> : null}
        <table ref={tableRef} class="queue">
          <caption>{t(pages[0]?.totalCapped ? 'queue.captionMany' : 'queue.caption', { shown: items.length, total })}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input type="checkbox" aria-label={t('queue.selectAll')} checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((i) => i.id)))} />
              </th>
              <th scope="col">{t('queue.col.request')}</th>
              <th scope="col">{t('queue.col.service')}</th>
              <th scope="col">{t('queue.col.status')}</th>
              <th scope="col">{t('queue.col.sla')}</th>
              <th scope="col">{t('queue.col.address')}</th>
              <th scope="col">{t('queue.col.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <Row key={r.id} r={r} service={nameIn(services.get(r.serviceCode), locale, r.serviceCode)} selected={selected.has(r.id)} onToggle={() => toggle(r.id)} />
            ))}
          </tbody>
        </table>
        {!loading && !items.length ? <p>{t('queue.empty')}</p> : null}
        {next ? (
          <button type="button" class="secondary" onClick={() => void more()}>
            {t('queue.more')}
          </button>
        ) : null}
      </div>
    </>
  );
}

function Row({ r, service, selected, onToggle }: { r: QueueItem; service: string; selected: boolean; onToggle: () => void }): JSX.Element {
  return (
    <tr class={selected ? 'selected' : undefined}>
      <td>
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={t('queue.select', { ref: r.trackingNumber })} />
      </td>
      <td>
        <a class="row-link" href={`/console/requests/${r.trackingNumber}`} onClick={linkClick}>
          {r.trackingNumber}
        </a>
        {r.priority === 'high' || r.priority === 'urgent' ? <span class="badge danger">{t(`priority.${r.priority}`)}</span> : null}
      </td>
      <td>{service}</td>
      <td>{t(`status.${r.status}`)}</td>
      <td>
        <SlaBadge sla={r.sla} />
      </td>
      <td>{r.address ?? ''}</td>
      <td>{formatDateTime(r.createdAt)}</td>
    </tr>
  );
}

/** The map, loaded (with Leaflet) only when asked for. */
function MapLoader({ items }: { items: QueueItem[] }): JSX.Element {
  const mod = useAsync(() => import('./queue-map.tsx'), []);
  if (mod.error) return <ErrorNote error={mod.error} />;
  if (!mod.data) return <Loading />;
  const QueueMap = mod.data.default;
  return <QueueMap items={items} />;
}
