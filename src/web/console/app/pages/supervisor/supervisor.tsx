import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Loading, announce, can, useMe } from '../../components.tsx';
import { formatDateTime, formatRelative, locale, t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick } from '../../router.ts';
import { loadCatalog, type Catalog } from '../queue/catalog.ts';
import { nameIn } from '../queue/types.ts';
import '../queue/queue.css';

interface Line {
  id: number;
  trackingNumber: string;
  department: string;
  serviceCode: string;
  status: string;
  priority: string;
  dueAt: string | null;
  createdAt: string;
}

interface Overview {
  generatedAt: string;
  departments: Array<{ department: string; open: number; newToday: number; overdue: number; escalated: number; unassigned: number; resolvedToday: number }>;
  totals: { open: number; overdue: number; newToday: number; resolvedToday: number };
  overdue: Line[];
  escalated: Line[];
  contacts: { available: boolean; total: number; byChannel: Array<{ channel: string; count: number }>; firstContactResolution: { resolved: number; closed: number; rate: number | null } };
  agents: Array<{ userId: number; name: string; contactsToday: number; transitionsToday: number; changesToday: number; lastActivityAt: string }>;
}

const REFRESH_MS = 30_000;
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

/** The supervisor's live view: queues per department, overdue and escalated requests, contacts and activity today. */
export default function Supervisor(_props: ScreenProps): JSX.Element {
  const me = useMe();
  const [data, setData] = useState<Overview | null>(null);
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef(true);

  const refresh = async (): Promise<void> => {
    setBusy(true);
    try {
      setData(await api<Overview>('GET', '/api/v1/supervision/overview'));
      setError(null);
      // Updates are announced politely; focus stays where the supervisor left it.
      if (!first.current) announce(t('supervisor.updated'));
      first.current = false;
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void refresh();
    loadCatalog().then(setCatalog, () => undefined);
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const dept = (id: string) => nameIn(catalog?.departments.find((d) => d.id === id), locale, id);
  return (
    <>
      <h1>{t('supervisor.title')}</h1>
      <div class="toolbar">
        <p class="hint">{data ? t('supervisor.asOf', { at: formatDateTime(data.generatedAt) }) : null}</p>
        <button type="button" class="secondary" onClick={() => void refresh()} disabled={busy}>
          {t('supervisor.refresh')}
        </button>
        {can(me, 'templates:manage') ? (
          <a href="/console/supervisor/templates" onClick={linkClick}>
            {t('templates.link')}
          </a>
        ) : null}
      </div>
      <ErrorNote error={error} />
      {!data ? (
        <Loading />
      ) : (
        <>
          <dl class="facts">
            <dt>{t('supervisor.open')}</dt>
            <dd data-figure="open">{data.totals.open}</dd>
            <dt>{t('supervisor.overdue')}</dt>
            <dd data-figure="overdue">{data.totals.overdue}</dd>
            <dt>{t('supervisor.newToday')}</dt>
            <dd data-figure="newToday">{data.totals.newToday}</dd>
            <dt>{t('supervisor.resolvedToday')}</dt>
            <dd data-figure="resolvedToday">{data.totals.resolvedToday}</dd>
          </dl>
          <table>
            <caption>{t('supervisor.queues')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queue.department')}</th>
                <th scope="col">{t('supervisor.open')}</th>
                <th scope="col">{t('supervisor.newToday')}</th>
                <th scope="col">{t('supervisor.overdue')}</th>
                <th scope="col">{t('supervisor.escalated')}</th>
                <th scope="col">{t('queue.summary.unassigned')}</th>
                <th scope="col">{t('supervisor.resolvedToday')}</th>
              </tr>
            </thead>
            <tbody>
              {data.departments.map((d) => (
                <tr key={d.department}>
                  <th scope="row">
                    <a href={`/console/queue?department=${encodeURIComponent(d.department)}`} onClick={linkClick}>
                      {dept(d.department)}
                    </a>
                  </th>
                  <td>{d.open}</td>
                  <td>{d.newToday}</td>
                  <td>{d.overdue}</td>
                  <td>{d.escalated}</td>
                  <td>{d.unassigned}</td>
                  <td>{d.resolvedToday}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="grid-2">
            <Lines title={t('supervisor.overdueList')} lines={data.overdue} dept={dept} empty={t('supervisor.noneOverdue')} />
            <Lines title={t('supervisor.escalatedList')} lines={data.escalated} dept={dept} empty={t('supervisor.noneEscalated')} />
          </div>
          <h2>{t('supervisor.contacts')}</h2>
          {data.contacts.available ? (
            <>
              <p>
                {t('supervisor.fcr', {
                  rate: data.contacts.firstContactResolution.rate === null ? '—' : percent.format(data.contacts.firstContactResolution.rate),
                  resolved: data.contacts.firstContactResolution.resolved,
                  closed: data.contacts.firstContactResolution.closed,
                })}
              </p>
              <table>
                <caption>{t('supervisor.byChannel', { total: data.contacts.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('supervisor.channel')}</th>
                    <th scope="col">{t('supervisor.count')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.contacts.byChannel.map((c) => (
                    <tr key={c.channel}>
                      <th scope="row">{c.channel}</th>
                      <td>{c.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <p>{t('supervisor.noContactLog')}</p>
          )}
          <table>
            <caption>{t('supervisor.agents')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervisor.agent')}</th>
                <th scope="col">{t('supervisor.contactsToday')}</th>
                <th scope="col">{t('supervisor.transitionsToday')}</th>
                <th scope="col">{t('supervisor.changesToday')}</th>
                <th scope="col">{t('supervisor.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.agents.map((a) => (
                <tr key={a.userId}>
                  <th scope="row">{a.name}</th>
                  <td>{a.contactsToday}</td>
                  <td>{a.transitionsToday}</td>
                  <td>{a.changesToday}</td>
                  <td>{formatRelative(a.lastActivityAt, new Date(data.generatedAt).getTime())}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {!data.agents.length ? <p>{t('supervisor.noActivity')}</p> : null}
        </>
      )}
    </>
  );
}

function Lines({ title, lines, dept, empty }: { title: string; lines: Line[]; dept: (id: string) => string; empty: string }): JSX.Element {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {lines.length ? (
        <ul>
          {lines.map((l) => (
            <li key={l.id}>
              <a href={`/console/requests/${l.trackingNumber}`} onClick={linkClick}>
                {l.trackingNumber}
              </a>{' '}
              {dept(l.department)} · {t(`status.${l.status}`)} · {t(`priority.${l.priority}`)}
              {l.dueAt ? ` · ${t('request.dueAt', { at: formatDateTime(l.dueAt) })}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{empty}</p>
      )}
    </section>
  );
}
