import type { JSX } from 'preact';
import { api } from '../../api.ts';
import { ErrorNote, useAsync } from '../../components.tsx';
import { formatDateTime, t } from '../../i18n.ts';
import type { Contact } from './desk-api.ts';

/**
 * Contacts the channels logged and nobody has closed yet (a new e-mail, a text conversation), oldest
 * first, so an agent can take one on the desk and close it with its outcome.
 */
export function Waiting(props: { onTake: (c: Contact) => void; reloadKey: number }): JSX.Element {
  const waiting = useAsync(() => api<{ contacts: Contact[] }>('GET', '/api/v1/contacts?outcome=open&channel=email,sms,social,web&limit=20'), [props.reloadKey]);
  const rows = [...(waiting.data?.contacts ?? [])].filter((c) => c.agentId === null).reverse().slice(0, 5);
  return (
    <section aria-labelledby="desk-waiting-title" class="desk-waiting">
      <h3 id="desk-waiting-title">{t('desk.waiting.title')}</h3>
      <ErrorNote error={waiting.error} />
      {rows.length ? (
        <ul>
          {rows.map((c) => (
            <li key={c.id}>
              <span>{t('desk.waiting.item', { channel: t(`desk.channel.${c.channel}`), when: formatDateTime(c.startedAt) })}</span>{' '}
              {c.notes ? <span class="hint">{c.notes}</span> : null}{' '}
              <button type="button" class="secondary" onClick={() => props.onTake(c)}>
                {t('desk.waiting.take', { channel: t(`desk.channel.${c.channel}`), when: formatDateTime(c.startedAt) })}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">{t('desk.waiting.none')}</p>
      )}
    </section>
  );
}
