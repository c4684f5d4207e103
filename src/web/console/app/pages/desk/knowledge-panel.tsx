import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../../api.ts';
import { announce, ErrorNote } from '../../components.tsx';
import { locale, t } from '../../i18n.ts';
import { localized, type Localized } from './desk-api.ts';

interface Hit {
  kind: 'article' | 'service' | 'directory';
  id: string;
  ref: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
}

/** What is open in the panel: an article with its call script, or a service with its answer. */
export type Opened =
  | { kind: 'article'; ref: string; title: string; html: string; script: string | null }
  | { kind: 'service'; ref: string; title: string; description: string; answer: string; handling: string };

/**
 * The knowledge panel: search answers and services as you type (/api/v1/search), open one to read
 * its answer and staff-only call script, and record it as the contact's topic (Alt+T).
 */
export function KnowledgePanel(props: { inputRef: { current: HTMLInputElement | null }; opened: Opened | null; onOpen: (o: Opened | null) => void; onTopic: (o: Opened) => void; recorded: boolean; onUseService: (code: string) => void }): JSX.Element {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) return setHits([]);
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      api<{ results: Hit[]; total: number }>('GET', `/api/v1/search${query({ q: text, per_page: 8, locale })}`).then(
        (r) => {
          if (mine !== seq.current) return;
          const useful = r.results.filter((h) => h.kind !== 'directory');
          setHits(useful);
          setError(null);
          announce(t('desk.kb.found', { count: useful.length }));
        },
        (e: unknown) => mine === seq.current && setError(e),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    if (props.opened) headingRef.current?.focus();
  }, [props.opened]);

  async function open(hit: Hit) {
    try {
      if (hit.kind === 'article') {
        const { article } = await api<{ article: { slug: string; title: string; html: string; script: string | null } }>('GET', `/api/v1/kb/articles/${encodeURIComponent(hit.id)}`);
        props.onOpen({ kind: 'article', ref: article.slug, title: article.title, html: article.html, script: article.script });
      } else {
        const { service } = await api<{ service: { code: string; name: Localized; description: Localized; answer: Localized | null; handling: string } }>('GET', `/api/v1/services/${encodeURIComponent(hit.ref)}`);
        props.onOpen({ kind: 'service', ref: service.code, title: localized(service.name, locale), description: localized(service.description, locale), answer: localized(service.answer, locale), handling: service.handling });
      }
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  const o = props.opened;
  return (
    <section class="desk-col" aria-labelledby="desk-kb-title">
      <h2 id="desk-kb-title">{t('desk.kb.title')}</h2>
      <label for="desk-kb-q">{t('desk.kb.search')}</label>
      <input id="desk-kb-q" ref={props.inputRef} type="search" value={q} autoComplete="off" aria-keyshortcuts="Alt+K" onInput={(e) => setQ(e.currentTarget.value)} />
      <ErrorNote error={error} />
      {hits.length ? (
        <ul class="kb-hits" aria-label={t('desk.kb.results')}>
          {hits.map((h) => (
            <li key={`${h.kind}:${h.id}`}>
              <button type="button" class="link" onClick={() => void open(h)}>
                <span class="badge">{t(`desk.kb.kind.${h.kind}`)}</span> <span dangerouslySetInnerHTML={{ __html: h.titleHtml }} />
              </button>
            </li>
          ))}
        </ul>
      ) : q.trim().length >= 2 ? (
        <p class="hint">{t('desk.kb.none')}</p>
      ) : null}
      {o ? (
        <article class="kb-open" aria-labelledby="desk-kb-open-title">
          <h3 id="desk-kb-open-title" tabIndex={-1} ref={headingRef}>
            {o.title}
          </h3>
          {o.kind === 'article' ? (
            <>
              <div class="kb-answer" dangerouslySetInnerHTML={{ __html: o.html }} />
              {o.script ? (
                <div class="kb-script">
                  <h4>{t('desk.kb.script')}</h4>
                  <p class="script-text">{o.script}</p>
                </div>
              ) : null}
            </>
          ) : (
            <>
              <p>{o.description}</p>
              {o.answer ? <p class="kb-answer">{o.answer}</p> : null}
              <button type="button" class="secondary" onClick={() => props.onUseService(o.ref)}>
                {t('desk.kb.useService')}
              </button>
            </>
          )}
          <p>
            <button type="button" onClick={() => props.onTopic(o)} aria-keyshortcuts="Alt+T" disabled={props.recorded}>
              {props.recorded ? t('desk.kb.recorded') : t('desk.kb.record')}
            </button>
          </p>
        </article>
      ) : null}
    </section>
  );
}
