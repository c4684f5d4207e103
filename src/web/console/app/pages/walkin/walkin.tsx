import type { JSX } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { announce, ErrorNote, ErrorSummary, TextField, useAsync, type FieldError } from '../../components.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import type { Visit } from '../desk/desk-api.ts';

/**
 * The walk-in desk (Alt+W): visitors sign in with their purpose, host and badge (each visit is a
 * walk_in contact), the list of today's visitors with those still in the building first, sign-out.
 */
export default function WalkIn(): JSX.Element {
  const visits = useAsync(() => api<{ visits: Visit[] }>('GET', '/api/v1/visits?scope=today'), []);
  const [form, setForm] = useState({ visitorName: '', purpose: '', host: '', badgeNumber: '' });
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const nameRef = useRef<HTMLDivElement>(null);
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const signIn = async (e: Event) => {
    e.preventDefault();
    const missing = (['visitorName', 'purpose', 'host'] as const).filter((k) => !form[k].trim()).map((k) => ({ field: `walkin-${k}`, message: t(`walkin.missing.${k}`) }));
    setErrors(missing);
    if (missing.length) return;
    try {
      const r = await api<{ visit: Visit }>('POST', '/api/v1/visits', { visitorName: form.visitorName, purpose: form.purpose, host: form.host, ...(form.badgeNumber.trim() ? { badgeNumber: form.badgeNumber.trim() } : {}) });
      announce(t('walkin.signedIn', { name: r.visit.visitorName }));
      setForm({ visitorName: '', purpose: '', host: '', badgeNumber: '' });
      setError(null);
      visits.reload();
      nameRef.current?.querySelector('input')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.field) setErrors([{ field: `walkin-${err.field.replace(/^body\./, '')}`, message: err.message }]);
      else setError(err);
    }
  };
  const signOut = async (v: Visit) => {
    try {
      await api('POST', `/api/v1/visits/${v.id}/sign-out`, {});
      announce(t('walkin.signedOut', { name: v.visitorName }));
      visits.reload();
      setTimeout(() => document.getElementById('walkin-list-title')?.focus(), 0);
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (k: string) => errors.find((e) => e.field === `walkin-${k}`)?.message;
  const rows = [...(visits.data?.visits ?? [])].sort((a, b) => Number(a.signedOutAt !== null) - Number(b.signedOutAt !== null));
  const inside = rows.filter((v) => !v.signedOutAt).length;
  return (
    <div>
      <h1>{t('walkin.title')}</h1>
      <div class="grid-2">
        <form onSubmit={signIn} class="panel" aria-labelledby="walkin-form-title" noValidate>
          <h2 id="walkin-form-title">{t('walkin.signInTitle')}</h2>
          <ErrorSummary errors={errors} />
          <div ref={nameRef}>
            <TextField name="walkin-visitorName" label={t('walkin.name')} value={form.visitorName} onValue={set('visitorName')} error={fieldError('visitorName')} required />
          </div>
          <TextField name="walkin-purpose" label={t('walkin.purpose')} value={form.purpose} onValue={set('purpose')} error={fieldError('purpose')} required />
          <TextField name="walkin-host" label={t('walkin.host')} hint={t('walkin.hostHint')} value={form.host} onValue={set('host')} error={fieldError('host')} required />
          <TextField name="walkin-badgeNumber" label={t('walkin.badge')} value={form.badgeNumber} onValue={set('badgeNumber')} error={fieldError('badgeNumber')} />
          <button type="submit">{t('walkin.signIn')}</button>
        </form>
        <section aria-labelledby="walkin-list-title">
          <h2 id="walkin-list-title" tabIndex={-1}>
            {t('walkin.inBuilding', { count: inside })}
          </h2>
          <ErrorNote error={error ?? visits.error} />
          {rows.length ? (
            <table>
              <caption class="visually-hidden">{t('walkin.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('walkin.name')}</th>
                  <th scope="col">{t('walkin.purpose')}</th>
                  <th scope="col">{t('walkin.host')}</th>
                  <th scope="col">{t('walkin.badge')}</th>
                  <th scope="col">{t('walkin.in')}</th>
                  <th scope="col">{t('walkin.out')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">{v.visitorName}</th>
                    <td>{v.purpose}</td>
                    <td>{v.host}</td>
                    <td>{v.badgeNumber ?? '—'}</td>
                    <td>{formatDateTime(v.signedInAt)}</td>
                    <td>
                      {v.signedOutAt ? (
                        formatDateTime(v.signedOutAt)
                      ) : (
                        <button type="button" class="secondary" onClick={() => void signOut(v)}>
                          {t('walkin.signOut', { name: v.visitorName })}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>{t('walkin.none')}</p>
          )}
        </section>
      </div>
    </div>
  );
}
