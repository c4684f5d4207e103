import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, Field, Loading, useAsync } from '../../components.tsx';
import { Modal } from '../../components/modal.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import { linkClick } from '../../router.ts';
import { AdminNav, errorFor, fieldErrors } from './common.tsx';
import './admin.css';

interface Flag {
  id: number;
  article: { id: number; slug: string; locale: string; title: string; owner: string | null };
  source: string;
  reason: string;
  comment: string | null;
  flaggedBy: { id: number; name: string } | null;
  status: 'open' | 'resolved' | 'dismissed';
  createdAt: string;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

/** Flags on knowledge-base articles from staff and the public: resolve or dismiss each with a note. */
export default function KbFlags(): JSX.Element {
  const [status, setStatus] = useState('open');
  const flags = useAsync(() => api<{ flags: Flag[] }>('GET', `/api/v1/kb/flags${query({ status })}`).then((r) => r.flags), [status]);
  const [working, setWorking] = useState<{ flag: Flag; to: 'resolved' | 'dismissed' } | null>(null);
  return (
    <>
      <h1>{t('admin.kbFlags.title')}</h1>
      <AdminNav current="/console/admin/kb-flags" />
      <div class="toolbar">
        <div class="field">
          <label for="flag-status">{t('admin.kbFlags.show')}</label>
          <select id="flag-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            {['open', 'resolved', 'dismissed'].map((s) => (
              <option key={s} value={s}>
                {t(`admin.kbFlags.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNote error={flags.error} />
      {flags.loading && !flags.data ? <Loading /> : null}
      <p role="status">{flags.data ? t('admin.kbFlags.count', { count: flags.data.length }) : ''}</p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('admin.kbFlags.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.kbFlags.article')}</th>
              <th scope="col">{t('admin.kbFlags.reason')}</th>
              <th scope="col">{t('admin.kbFlags.comment')}</th>
              <th scope="col">{t('admin.kbFlags.from')}</th>
              <th scope="col">{t('admin.kbFlags.when')}</th>
              <th scope="col">{status === 'open' ? t('admin.actions') : t('admin.kbFlags.note')}</th>
            </tr>
          </thead>
          <tbody>
            {(flags.data ?? []).map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  <a href={`/console/admin/kb/${f.article.id}`} onClick={linkClick}>
                    {f.article.title}
                  </a>{' '}
                  <span class="hint">({f.article.locale})</span>
                </th>
                <td>{t(`admin.kbFlags.reasonName.${f.reason}`)}</td>
                <td>{f.comment ?? ''}</td>
                <td>{f.flaggedBy ? f.flaggedBy.name : t(`admin.kbFlags.source.${f.source === 'public' ? 'public' : 'staff'}`)}</td>
                <td>{formatDateTime(f.createdAt)}</td>
                <td>
                  {f.status === 'open' ? (
                    <div class="actions">
                      <button type="button" class="secondary" aria-label={t('admin.kbFlags.resolveNamed', { title: f.article.title })} onClick={() => setWorking({ flag: f, to: 'resolved' })}>
                        {t('admin.kbFlags.resolve')}
                      </button>
                      <button type="button" class="secondary" aria-label={t('admin.kbFlags.dismissNamed', { title: f.article.title })} onClick={() => setWorking({ flag: f, to: 'dismissed' })}>
                        {t('admin.kbFlags.dismiss')}
                      </button>
                    </div>
                  ) : (
                    f.resolutionNote
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {working ? (
        <ResolveForm
          flag={working.flag}
          to={working.to}
          onClose={() => setWorking(null)}
          onDone={() => {
            setWorking(null);
            flags.reload();
          }}
        />
      ) : null}
    </>
  );
}

function ResolveForm(props: { flag: Flag; to: 'resolved' | 'dismissed'; onClose: () => void; onDone: () => void }): JSX.Element {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/v1/kb/flags/${props.flag.id}/resolve`, { status: props.to, note });
      announce(t(props.to === 'resolved' ? 'admin.kbFlags.resolvedDone' : 'admin.kbFlags.dismissedDone', { title: props.flag.article.title }));
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal id="resolve-flag" open title={t(props.to === 'resolved' ? 'admin.kbFlags.resolveNamed' : 'admin.kbFlags.dismissNamed', { title: props.flag.article.title })} onClose={props.onClose}>
      <form onSubmit={submit} class="admin-form" noValidate>
        <ErrorSummary errors={errors} />
        {errors.length ? null : <ErrorNote error={error} />}
        <Field name="note" label={t('admin.kbFlags.note')} hint={t('admin.kbFlags.noteHint')} error={errorFor(errors, 'note')}>
          {({ id, describedBy, invalid }) => <textarea id={id} value={note} onInput={(e) => setNote(e.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid || undefined} maxLength={2000} required />}
        </Field>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t(props.to === 'resolved' ? 'admin.kbFlags.resolve' : 'admin.kbFlags.dismiss')}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
