import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { ErrorNote, Loading, announce, useAsync } from '../../components.tsx';
import { SlaBadge } from '../../components/sla-badge.tsx';
import { formatDateTime, locale, t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { linkClick } from '../../router.ts';
import { loadAssignees, loadCatalog } from '../queue/catalog.ts';
import { nameIn } from '../queue/types.ts';
import { AssignForm, MergePanel, NoteForm, TransitionForm } from './actions.tsx';
import { slaOfDetail, type DetailResponse, type TimelineEvent } from './types.ts';
import '../queue/queue.css';

/** What an action does to the request; the page reloads it after. */
export type Act = (method: 'POST', path: string, body: unknown, done: string) => Promise<boolean>;

/** One request for staff: every field, the SLA clock, the timeline, and every change a bureau makes to it. */
export default function RequestPage({ params }: ScreenProps): JSX.Element {
  const ref = params.ref ?? '';
  const detail = useAsync(() => api<DetailResponse>('GET', `/api/v1/requests/${encodeURIComponent(ref)}`), [ref]);
  const audience = useAsync(() => api<{ followers: number; supporters: number }>('GET', `/api/v1/requests/${encodeURIComponent(ref)}/audience`), [ref, detail.data?.request.version]);
  const catalog = useAsync(loadCatalog, []);
  const dept = detail.data?.request.departmentId;
  const people = useAsync(() => (dept ? loadAssignees(dept) : Promise.resolve([])), [dept]);
  const [conflict, setConflict] = useState(false);

  const act: Act = async (method, path, body, done) => {
    try {
      await api(method, path, body);
      setConflict(false);
      announce(done);
      detail.reload();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'stale_version') {
        setConflict(true);
        return false;
      }
      throw error;
    }
  };

  if (!detail.data) return detail.error ? <><h1>{t('request.title', { ref })}</h1><ErrorNote error={detail.error} /></> : <Loading />;
  const { request: r, timeline, media } = detail.data;
  const service = catalog.data?.services.find((s) => s.code === r.serviceCode);
  const named = (id: string | null) => (id ? nameIn(catalog.data?.departments.find((d) => d.id === id), locale, id) : '');
  const assignee = r.assignedTo === null ? t('queue.unassigned') : (people.data?.find((p) => p.id === r.assignedTo)?.name ?? `#${r.assignedTo}`);

  return (
    <>
      <h1>{t('request.title', { ref: r.trackingNumber })}</h1>
      <p>
        <a href="/console/queue" onClick={linkClick}>
          {t('request.back')}
        </a>
      </p>
      {conflict ? (
        <div class="conflict" role="alert">
          <p>{t('request.conflict')}</p>
          <button type="button" onClick={() => (setConflict(false), detail.reload())}>
            {t('request.reload')}
          </button>
        </div>
      ) : null}
      <div class="request-layout">
        <div>
          <dl class="facts">
            <dt>{t('queue.col.service')}</dt>
            <dd>{nameIn(service, locale, r.serviceCode)}</dd>
            <dt>{t('queue.col.status')}</dt>
            <dd>{t(`status.${r.status}`)}</dd>
            <dt>{t('queue.col.sla')}</dt>
            <dd>
              <SlaBadge sla={slaOfDetail(r)} /> {r.dueAt ? t('request.dueAt', { at: formatDateTime(r.dueAt) }) : null}
            </dd>
            <dt>{t('request.priority')}</dt>
            <dd>{t(`priority.${r.priority}`)}</dd>
            <dt>{t('queue.department')}</dt>
            <dd>{named(r.departmentId)}</dd>
            <dt>{t('queue.assignee')}</dt>
            <dd>{assignee}</dd>
            <dt>{t('queue.col.address')}</dt>
            <dd>{r.address ?? t('common.none')}</dd>
            <dt>{t('queue.district')}</dt>
            <dd>{r.districtId ?? t('common.none')}</dd>
            <dt>{t('request.channel')}</dt>
            <dd>{r.channel}</dd>
            <dt>{t('queue.col.created')}</dt>
            <dd>{formatDateTime(r.createdAt)}</dd>
            <dt>{t('request.updated')}</dt>
            <dd>{formatDateTime(r.updatedAt)}</dd>
            {r.referredTo ? (
              <>
                <dt>{t('request.referredTo')}</dt>
                <dd>{named(r.referredTo)}</dd>
              </>
            ) : null}
            {r.parentTrackingNumber ? (
              <>
                <dt>{t('request.duplicateOf')}</dt>
                <dd>
                  <a href={`/console/requests/${r.parentTrackingNumber}`} onClick={linkClick}>
                    {r.parentTrackingNumber}
                  </a>
                </dd>
              </>
            ) : null}
            <dt>{t('request.audience')}</dt>
            <dd>{audience.data ? t('request.audienceCounts', { followers: audience.data.followers, supporters: r.supportCount }) : '…'}</dd>
            {r.confidential ? (
              <>
                <dt>{t('request.confidential')}</dt>
                <dd>{t('request.confidentialYes')}</dd>
              </>
            ) : null}
          </dl>
          <h2>{t('request.description')}</h2>
          <p class="pre">{r.description || t('common.none')}</p>
          {Object.keys(r.attributes).length ? (
            <>
              <h2>{t('request.attributes')}</h2>
              <dl class="facts">
                {Object.entries(r.attributes).map(([k, v]) => (
                  <div key={k} class="contents">
                    <dt>{k}</dt>
                    <dd>{Array.isArray(v) ? v.join(', ') : String(v)}</dd>
                  </div>
                ))}
              </dl>
            </>
          ) : null}
          {r.requester ? (
            <>
              <h2>{t('request.requester')}</h2>
              <dl class="facts">
                <dt>{t('request.name')}</dt>
                <dd>{r.requester.name ?? t('common.none')}</dd>
                <dt>{t('request.email')}</dt>
                <dd>{r.requester.email ?? t('common.none')}</dd>
                <dt>{t('request.phone')}</dt>
                <dd>{r.requester.phone ?? t('common.none')}</dd>
              </dl>
            </>
          ) : null}
          {media?.length ? (
            <>
              <h2>{t('request.photos')}</h2>
              <div class="photos">
                {media.map((m, i) => (
                  <a key={m.id} href={m.staffUrl} target="_blank" rel="noopener">
                    <img src={m.staffUrl} width={m.width} height={m.height} alt={t('request.photo', { n: i + 1 })} loading="lazy" />
                  </a>
                ))}
              </div>
            </>
          ) : null}
          <Timeline events={timeline} />
        </div>
        <div class="actions">
          <NoteForm r={r} act={act} />
          <TransitionForm r={r} act={act} departments={catalog.data?.departments ?? []} />
          <AssignForm r={r} act={act} people={people.data ?? []} />
          <MergePanel r={r} act={act} />
        </div>
      </div>
    </>
  );
}

const KNOWN_EVENTS = ['created', 'routed', 'status_changed', 'note', 'assigned', 'supported', 'merged', 'merged_into', 'sla_breached'];

function Timeline({ events }: { events: TimelineEvent[] }): JSX.Element {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('request.timeline')}</h2>
      <ol class="timeline">
        {[...events].reverse().map((e) => (
          <li key={e.id} class={e.internalNote ? 'internal' : e.publicNote ? 'public' : undefined}>
            <p>
              <strong>{t(KNOWN_EVENTS.includes(e.kind) ? `event.${e.kind}` : 'event.other', { kind: e.kind, from: e.fromStatus ? t(`status.${e.fromStatus}`) : '', to: e.toStatus ? t(`status.${e.toStatus}`) : '' })}</strong> · {formatDateTime(e.at)} · {e.actor.replace(/^staff:/, '')}
            </p>
            {e.publicNote ? (
              <p>
                <span class="note-kind">{t('request.publicNote')}:</span> <span class="pre">{e.publicNote}</span>
              </p>
            ) : null}
            {e.internalNote ? (
              <p>
                <span class="note-kind">{t('request.internalNote')}:</span> <span class="pre">{e.internalNote}</span>
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
