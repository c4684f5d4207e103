import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Loading, announce, useAsync } from '../../components.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import type { Callback } from './chat-api.ts';

/** Messages residents left outside hours (or when nobody was free), oldest first, to call back. */
export function Callbacks({ tick }: { tick: number }): JSX.Element {
  const list = useAsync(() => api<{ callbacks: Callback[] }>('GET', '/api/v1/chat/callbacks'), [tick]);
  const [error, setError] = useState<unknown>(null);
  const done = async (c: Callback): Promise<void> => {
    try {
      await api('POST', `/api/v1/chat/callbacks/${c.id}/done`);
      announce(t('chat.callbacks.doneAnnounce', { name: c.name ?? '' }));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  const rows = list.data?.callbacks ?? [];
  return (
    <section aria-labelledby="chat-callbacks-title" class="chat-callbacks">
      <h2 id="chat-callbacks-title">{t('chat.callbacks.title', { count: rows.length })}</h2>
      <ErrorNote error={error ?? list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !rows.length ? <p>{t('chat.callbacks.none')}</p> : null}
      {rows.length ? (
        <table>
          <caption class="visually-hidden">{t('chat.callbacks.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chat.callbacks.name')}</th>
              <th scope="col">{t('chat.callbacks.reach')}</th>
              <th scope="col">{t('chat.callbacks.message')}</th>
              <th scope="col">{t('chat.callbacks.left')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('chat.callbacks.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name} <span class="hint">({c.locale})</span>
                </th>
                <td>
                  {c.phone ? <a href={`tel:${c.phone}`}>{c.phone}</a> : null}
                  {c.phone && c.email ? <br /> : null}
                  {c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : null}
                </td>
                <td class="chat-left-message">{c.message}</td>
                <td>{formatDateTime(c.leftAt)}</td>
                <td>
                  <button type="button" class="secondary" onClick={() => void done(c)} aria-label={t('chat.callbacks.doneLabel', { name: c.name ?? '' })}>
                    {t('chat.callbacks.done')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
