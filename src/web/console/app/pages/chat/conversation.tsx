import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Field, useAsync } from '../../components.tsx';
import { formatDateTime, locale, t } from '../../i18n.ts';
import { ChatAnswers } from './answers.tsx';
import { CHAT_OUTCOMES, duration, type ChatEvent, type ChatOutcome, type ChatSummary } from './chat-api.ts';

interface Department {
  id: string;
  kind: 'department' | 'agency';
  name: Record<string, string>;
  active: boolean;
}

const languageName = (tag: string): string => {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/** One line of the log: who wrote it (in words), or what happened. */
function Line({ e, name }: { e: ChatEvent; name: string }): JSX.Element {
  if (e.kind !== 'message') {
    const key = e.kind === 'ended' ? (e.author === 'resident' ? 'chat.event.residentLeft' : 'chat.event.ended') : e.kind === 'accepted' ? 'chat.event.accepted' : 'chat.event.waiting';
    return (
      <li class="system">
        {t(key, { name })} <span class="hint">{formatDateTime(e.at)}</span>
      </li>
    );
  }
  return (
    <li class={e.author}>
      <span class="who">{e.author === 'resident' ? name : t('chat.you')}</span> <span class="hint">{formatDateTime(e.at)}</span>
      <p>{e.text}</p>
    </li>
  );
}

/**
 * One chat: its log (a polite live region), the message box (Enter sends, Shift+Enter is a new line,
 * focus stays in the box) and ending it with an outcome, which logs it as a contact.
 */
export function ConversationPanel(props: { chat: ChatSummary; events: ChatEvent[]; mine: boolean; onEnded: () => void }): JSX.Element {
  const { chat, events } = props;
  const name = chat.name || t('chat.resident');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ending, setEnding] = useState(false);
  const [outcome, setOutcome] = useState<ChatOutcome>('answered');
  const [target, setTarget] = useState('');
  const logRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const departments = useAsync(() => (ending ? api<{ departments: Department[] }>('GET', '/api/v1/departments') : Promise.resolve({ departments: [] })), [ending]);
  const open = chat.status === 'active';
  const needsWrapUp = props.mine && (open || (chat.status === 'ended' && chat.contactId === null));

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [events.length]);
  useEffect(() => {
    setEnding(false);
    setError(null);
    inputRef.current?.focus();
  }, [chat.id]);

  const send = async (): Promise<void> => {
    const body = text.trim();
    if (!body) return;
    try {
      await api('POST', `/api/v1/chat/conversations/${chat.id}/messages`, { body });
      setText('');
      setError(null);
    } catch (e) {
      setError(e);
    }
    inputRef.current?.focus();
  };

  const end = async (e: Event): Promise<void> => {
    e.preventDefault();
    try {
      await api('POST', `/api/v1/chat/conversations/${chat.id}/end`, {
        outcome,
        ...(outcome === 'referred' ? { referredAgencyId: target } : {}),
        ...(outcome === 'transferred' ? { transferredDepartmentId: target } : {}),
      });
      setEnding(false);
      props.onEnded();
    } catch (err) {
      setError(err);
    }
  };

  const choices = (departments.data?.departments ?? []).filter((d) => d.active && d.kind === (outcome === 'referred' ? 'agency' : 'department'));
  return (
    <section class="chat-panel panel" aria-labelledby={`chat-${chat.id}-title`}>
      <h2 id={`chat-${chat.id}-title`}>{t('chat.panelTitle', { name })}</h2>
      <p class="hint">
        {[languageName(chat.locale), chat.topic ? t('chat.topicIs', { topic: chat.topic }) : '', t('chat.waited', { wait: duration(chat.waitSeconds) })].filter(Boolean).join(' · ')}
      </p>
      <div class="chat-log" ref={logRef} role="log" aria-live="polite" aria-label={t('chat.logLabel', { name })} tabIndex={0}>
        <ol>
          {events.map((e) => (
            <Line key={e.id} e={e} name={name} />
          ))}
        </ol>
      </div>
      <ErrorNote error={error} />
      {props.mine && open ? (
        <form
          class="chat-compose"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label for={`chat-input-${chat.id}`}>{t('chat.message')}</label>
          <p class="hint" id={`chat-input-${chat.id}-hint`}>
            {t('chat.messageHint')}
          </p>
          <textarea
            id={`chat-input-${chat.id}`}
            ref={inputRef}
            rows={3}
            maxLength={2000}
            value={text}
            aria-describedby={`chat-input-${chat.id}-hint`}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                void send();
              }
            }}
          />
          <div class="toolbar">
            <button type="submit">{t('chat.send')}</button>
            {!ending ? (
              <button type="button" class="secondary" onClick={() => setEnding(true)}>
                {t('chat.end')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {props.mine && open ? (
        <ChatAnswers
          locale={chat.locale}
          chatId={chat.id}
          onInsert={(link) => {
            setText((before) => (before.trim() ? `${before.trimEnd()} ${link}` : link));
            inputRef.current?.focus();
          }}
        />
      ) : null}
      {needsWrapUp && (ending || !open) ? (
        <form class="chat-end" onSubmit={end} aria-labelledby={`chat-${chat.id}-end`}>
          <h3 id={`chat-${chat.id}-end`}>{open ? t('chat.endTitle') : t('chat.wrapUpTitle')}</h3>
          <Field name={`chat-outcome-${chat.id}`} label={t('chat.outcome')}>
            {({ id }) => (
              <select id={id} value={outcome} onChange={(e) => (setOutcome(e.currentTarget.value as ChatOutcome), setTarget(''))}>
                {CHAT_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`chat.outcome.${o}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {outcome === 'referred' || outcome === 'transferred' ? (
            <Field name={`chat-target-${chat.id}`} label={t(outcome === 'referred' ? 'chat.agency' : 'chat.department')}>
              {({ id }) => (
                <select id={id} value={target} required onChange={(e) => setTarget(e.currentTarget.value)}>
                  <option value="">{t('chat.choose')}</option>
                  {choices.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name[locale] ?? d.name.en ?? d.id}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <div class="toolbar">
            <button type="submit">{t('chat.endAndLog')}</button>
            {open ? (
              <button type="button" class="secondary" onClick={() => setEnding(false)}>
                {t('common.cancel')}
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {chat.contactId !== null ? <p role="status">{t('chat.logged', { id: chat.contactId })}</p> : null}
    </section>
  );
}
