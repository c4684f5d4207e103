import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { allowedTransitions, type Status } from '../../../../../modules/requests/status.ts';
import { api } from '../../api.ts';
import { ErrorNote, useAsync, useMe } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import type { Assignee } from '../queue/catalog.ts';
import { nameIn } from '../queue/types.ts';
import type { Act } from './detail.tsx';
import type { RequestDetail } from './types.ts';

const REPLY_LOCALES = ['en', 'es', 'vi', 'zh-Hant', 'ru'] as const;

/** Runs an action, keeping its error beside the form; resolves true when it was applied. */
function useRun(): [unknown, boolean, (f: () => Promise<boolean>) => Promise<boolean>] {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<boolean>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      return await f();
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [error, busy, run];
}

/** A public note (with a response template) or an internal note. The typed text survives a conflict. */
export function NoteForm({ r, act }: { r: RequestDetail; act: Act }): JSX.Element {
  const [kind, setKind] = useState<'public' | 'internal'>('public');
  const [text, setText] = useState('');
  const [lang, setLang] = useState<string>(locale);
  const [error, busy, run] = useRun();
  const templates = useAsync(() => api<{ templates: Array<{ id: number; name: string; text: string }> }>('GET', `/api/v1/requests/${r.id}/response-templates?locale=${lang}`), [r.id, lang]);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const ok = await run(() => act('POST', `/api/v1/requests/${r.id}/notes`, { [kind === 'public' ? 'publicNote' : 'internalNote']: text, expectedVersion: r.version }, t('request.noteAdded')));
    if (ok) setText('');
  };
  return (
    <section class="panel" aria-labelledby="note-title">
      <h2 id="note-title">{t('request.addNote')}</h2>
      <form onSubmit={submit}>
        <ErrorNote error={error} />
        <fieldset>
          <legend>{t('request.noteKind')}</legend>
          <div class="radio">
            <label>
              <input type="radio" name="note-kind" checked={kind === 'public'} onChange={() => setKind('public')} /> {t('request.publicNoteHint')}
            </label>
            <label>
              <input type="radio" name="note-kind" checked={kind === 'internal'} onChange={() => setKind('internal')} /> {t('request.internalNoteHint')}
            </label>
          </div>
        </fieldset>
        {kind === 'public' ? (
          <div class="toolbar">
            <div class="field">
              <label for="reply-lang">{t('request.replyLanguage')}</label>
              <select id="reply-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value)}>
                {REPLY_LOCALES.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="template">{t('request.template')}</label>
              <select
                id="template"
                value=""
                onChange={(e) => {
                  const tpl = templates.data?.templates.find((x) => String(x.id) === e.currentTarget.value);
                  if (tpl) setText(tpl.text);
                }}
              >
                <option value="">{templates.data?.templates.length ? t('request.templateChoose') : t('request.templateNone')}</option>
                {(templates.data?.templates ?? []).map((x) => (
                  <option key={x.id} value={String(x.id)}>
                    {x.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : null}
        <div class="field">
          <label for="note-text">{kind === 'public' ? t('request.publicNote') : t('request.internalNote')}</label>
          <textarea id="note-text" value={text} onInput={(e) => setText(e.currentTarget.value)} maxLength={4000} required />
        </div>
        <button type="submit" disabled={busy || !text.trim()}>
          {t('request.addNote')}
        </button>
      </form>
    </section>
  );
}

/** Change the status (with notes); referral needs an agency; reopen is a one-click transition. */
export function TransitionForm({ r, act, departments }: { r: RequestDetail; act: Act; departments: Array<{ id: string; kind: string; name: Record<string, string> }> }): JSX.Element {
  const allowed: Status[] = allowedTransitions(r.status as Status).filter((s) => s !== 'duplicate');
  const [to, setTo] = useState('');
  const [publicNote, setPublicNote] = useState('');
  const [internalNote, setInternalNote] = useState('');
  const [agency, setAgency] = useState('');
  const [error, busy, run] = useRun();
  const target = allowed.includes(to as Status) ? to : '';
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const body = { to: target, expectedVersion: r.version, ...(publicNote.trim() ? { publicNote } : {}), ...(internalNote.trim() ? { internalNote } : {}), ...(target === 'referred' ? { referredTo: agency } : {}) };
    if (await run(() => act('POST', `/api/v1/requests/${r.id}/transition`, body, t('request.statusChanged', { status: t(`status.${target}`) })))) {
      setPublicNote('');
      setInternalNote('');
      setTo('');
    }
  };
  if (!allowed.length) return <></>;
  const agencies = [...departments].sort((a, b) => Number(a.kind === 'department') - Number(b.kind === 'department'));
  return (
    <section class="panel" aria-labelledby="transition-title">
      <h2 id="transition-title">{t('request.changeStatus')}</h2>
      <ErrorNote error={error} />
      {allowed.includes('reopened') ? (
        <p>
          <button type="button" class="secondary" disabled={busy} onClick={() => void run(() => act('POST', `/api/v1/requests/${r.id}/transition`, { to: 'reopened', expectedVersion: r.version }, t('request.reopened')))}>
            {t('request.reopen')}
          </button>
        </p>
      ) : null}
      <form onSubmit={submit}>
        <div class="field">
          <label for="transition-to">{t('request.newStatus')}</label>
          <select id="transition-to" value={target} onChange={(e) => setTo(e.currentTarget.value)} required>
            <option value="">{t('queue.bulk.choose')}</option>
            {allowed.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {target === 'referred' ? (
          <div class="field">
            <label for="agency">{t('request.agency')}</label>
            <select id="agency" value={agency} onChange={(e) => setAgency(e.currentTarget.value)} required>
              <option value="">{t('queue.bulk.choose')}</option>
              {agencies.map((d) => (
                <option key={d.id} value={d.id}>
                  {nameIn(d, locale, d.id)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div class="field">
          <label for="transition-public">{t('request.publicNote')}</label>
          <textarea id="transition-public" value={publicNote} onInput={(e) => setPublicNote(e.currentTarget.value)} maxLength={4000} />
        </div>
        <div class="field">
          <label for="transition-internal">{t('request.internalNote')}</label>
          <textarea id="transition-internal" value={internalNote} onInput={(e) => setInternalNote(e.currentTarget.value)} maxLength={4000} />
        </div>
        <button type="submit" disabled={busy || !target}>
          {t('request.changeStatus')}
        </button>
      </form>
    </section>
  );
}

/** Assign to someone who may work the department, to me, or back to the queue. */
export function AssignForm({ r, act, people }: { r: RequestDetail; act: Act; people: Assignee[] }): JSX.Element {
  const me = useMe();
  const [who, setWho] = useState('');
  const [error, busy, run] = useRun();
  const assign = (assigneeId: number | null) => run(() => act('POST', `/api/v1/requests/${r.id}/assign`, { assigneeId, expectedVersion: r.version }, t('request.assigned')));
  return (
    <section class="panel" aria-labelledby="assign-title">
      <h2 id="assign-title">{t('request.assign')}</h2>
      <ErrorNote error={error} />
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void assign(who === 'none' ? null : Number(who));
        }}
      >
        <div class="field">
          <label for="assign-to">{t('queue.bulk.assignTo')}</label>
          <select id="assign-to" value={who} onChange={(e) => setWho(e.currentTarget.value)} required>
            <option value="">{t('queue.bulk.choose')}</option>
            <option value="none">{t('queue.unassigned')}</option>
            {people.map((p) => (
              <option key={p.id} value={String(p.id)}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy || !who}>
          {t('request.assign')}
        </button>
        {people.some((p) => p.id === me.principal.id) && r.assignedTo !== me.principal.id ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void assign(me.principal.id)}>
            {t('request.assignMe')}
          </button>
        ) : null}
      </form>
    </section>
  );
}

interface Candidate {
  id: number;
  trackingNumber: string;
  status: string;
  supportCount: number;
  distanceMeters: number;
}

/** Open requests of the same service nearby: merge this one into one of them, or one of them into this. */
export function MergePanel({ r, act }: { r: RequestDetail; act: Act }): JSX.Element {
  const open = ['new', 'acknowledged', 'in_progress', 'on_hold', 'reopened'].includes(r.status);
  const candidates = useAsync(() => (open ? api<{ candidates: Candidate[] }>('GET', `/api/v1/requests/${r.id}/merge-candidates`) : Promise.resolve({ candidates: [] })), [r.id, r.version]);
  const [error, busy, run] = useRun();
  if (!open) return <></>;
  return (
    <section class="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t('request.merge')}</h2>
      <ErrorNote error={error ?? candidates.error} />
      {candidates.data?.candidates.length ? (
        <ul>
          {candidates.data.candidates.map((c) => (
            <li key={c.id}>
              <a href={`/console/requests/${c.trackingNumber}`} onClick={linkClick}>
                {c.trackingNumber}
              </a>{' '}
              {t('request.mergeFacts', { distance: Math.round(c.distanceMeters), status: t(`status.${c.status}`), support: c.supportCount })}
              <div class="toolbar">
                <button type="button" class="secondary" disabled={busy} onClick={() => void run(() => act('POST', `/api/v1/requests/${r.id}/merge`, { parent: c.id, expectedChildVersion: r.version }, t('request.merged', { ref: c.trackingNumber })))}>
                  {t('request.mergeInto', { ref: c.trackingNumber })}
                </button>
                <button type="button" class="secondary" disabled={busy} onClick={() => void run(() => act('POST', `/api/v1/requests/${c.id}/merge`, { parent: r.id }, t('request.merged', { ref: r.trackingNumber })))}>
                  {t('request.mergeFrom', { ref: c.trackingNumber })}
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p>{candidates.data ? t('request.mergeNone') : t('common.loading')}</p>
      )}
    </section>
  );
}
