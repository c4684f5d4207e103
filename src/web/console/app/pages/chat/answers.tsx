import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api.ts';
import { ErrorNote, announce } from '../../components.tsx';
import { t } from '../../i18n.ts';

interface Result {
  kind: 'article' | 'service' | 'directory';
  ref: string;
  locale: string;
  title: string;
  snippetHtml: string;
}

/** The snippet's text (the search marks matches with <mark>; the text itself is already escaped). */
const plain = (html: string): string => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';

/**
 * Answers for a chat: searches the knowledge base in the resident's language; the agent reads the
 * answer and can put a link to the public article into the message box. Staff-only articles have no
 * public page, so their link is refused (the agent answers in their own words).
 */
export function ChatAnswers(props: { locale: string; chatId: number; onInsert: (text: string) => void }): JSX.Element {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Result[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!q.trim()) return;
    try {
      const res = await api<{ results: Result[] }>('GET', `/api/v1/search${query({ q, locale: props.locale, type: 'article', per_page: 5 })}`);
      setResults(res.results);
      setError(null);
      announce(t('chat.answers.count', { count: res.results.length }));
    } catch (err) {
      setError(err);
    }
  };
  const insert = async (r: Result): Promise<void> => {
    try {
      // A published public article has a public page; a staff-only one answers 404 there.
      await api('GET', `/api/v1/articles/${encodeURIComponent(r.ref)}${query({ locale: props.locale })}`);
      props.onInsert(`${r.title}: ${location.origin}/answers/${encodeURIComponent(r.ref)}?lang=${encodeURIComponent(props.locale)}`);
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? new ApiError(404, 'staff_only', t('chat.answers.staffOnly')) : err);
    }
  };
  const id = `chat-answers-${props.chatId}`;
  return (
    <section class="chat-answers" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('chat.answers.title')}</h3>
      <form role="search" class="toolbar" onSubmit={(e) => void search(e)}>
        <label for={id}>{t('chat.answers.label')}</label>
        <input id={id} type="search" value={q} maxLength={200} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="secondary">
          {t('common.search')}
        </button>
      </form>
      <ErrorNote error={error} />
      {results && !results.length ? <p>{t('chat.answers.none')}</p> : null}
      {results?.length ? (
        <ul class="chat-answer-list">
          {results.map((r) => (
            <li key={r.ref + r.locale}>
              <strong lang={r.locale}>{r.title}</strong>
              <p lang={r.locale}>{plain(r.snippetHtml)}</p>
              <button type="button" class="link" onClick={() => void insert(r)}>
                {t('chat.answers.insert', { title: r.title })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
