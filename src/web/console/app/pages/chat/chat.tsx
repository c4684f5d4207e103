import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.ts';
import { ErrorNote, Loading, announce, useAsync, useMe } from '../../components.tsx';
import { t } from '../../i18n.ts';
import type { ScreenProps } from '../../nav.ts';
import { Callbacks } from './callbacks.tsx';
import { duration, type Availability, type ChatEvent, type ChatSummary, type FeedEvent } from './chat-api.ts';
import { ConversationPanel } from './conversation.tsx';
import './chat.css';

/** Whether chat is offered to residents now, in words. */
function offeredText(a: Availability | undefined): string {
  if (!a) return '';
  if (a.offered) return t('chat.offered', { agents: a.agents });
  return a.open ? t('chat.notOfferedNoAgent') : t('chat.notOfferedClosed');
}

/**
 * Web chat for agents: mark yourself available, see the waiting queue with each wait, accept chats
 * (several at once), write in them and end each with an outcome (logged as a contact); messages
 * left outside hours to call back. Live over the agent's event stream (server-sent events), which
 * also keeps the agent's availability fresh while this screen is open.
 */
export default function Chat(_props: ScreenProps): JSX.Element {
  const me = useMe();
  const [available, setAvailable] = useState<boolean | null>(null);
  const [availability, setAvailability] = useState<Availability | undefined>(undefined);
  const [queue, setQueue] = useState<ChatSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [events, setEvents] = useState<Record<number, ChatEvent[]>>({});
  const [unread, setUnread] = useState<Record<number, number>>({});
  const [now, setNow] = useState(Date.now());
  const [callbacksTick, setCallbacksTick] = useState(0);
  const [ended, setEnded] = useState<ChatSummary[]>([]);
  const selectedRef = useRef<number | null>(null);
  selectedRef.current = selected;
  const presence = useAsync(() => api<{ available: boolean; availability: Availability }>('GET', '/api/v1/chat/presence'), []);

  useEffect(() => {
    if (presence.data) {
      setAvailable(presence.data.available);
      setAvailability(presence.data.availability);
    }
  }, [presence.data]);

  const loadQueue = useCallback(async () => {
    try {
      setQueue((await api<{ conversations: ChatSummary[] }>('GET', '/api/v1/chat/queue')).conversations);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  const loadChat = useCallback(async (id: number) => {
    const res = await api<{ conversation: ChatSummary; events: ChatEvent[] }>('GET', `/api/v1/chat/conversations/${id}`);
    setEvents((all) => ({ ...all, [id]: res.events }));
    return res.conversation;
  }, []);

  useEffect(() => {
    void loadQueue();
    const source = new EventSource('/api/v1/chat/events');
    const onFeed = (message: MessageEvent<string>): void => {
      const e = JSON.parse(message.data) as FeedEvent;
      if (e.kind === 'message') {
        setEvents((all) => (all[e.conversationId]?.some((x) => x.id === e.id) ? all : { ...all, [e.conversationId]: [...(all[e.conversationId] ?? []), e] }));
        if (e.author === 'resident') {
          if (selectedRef.current !== e.conversationId) setUnread((u) => ({ ...u, [e.conversationId]: (u[e.conversationId] ?? 0) + 1 }));
          announce(t('chat.newMessage'));
        }
        return;
      }
      if (e.kind === 'left_message') {
        setCallbacksTick((n) => n + 1);
        return;
      }
      if (e.kind === 'waiting') announce(t('chat.newWaiting'));
      setEvents((all) => (all[e.conversationId] ? { ...all, [e.conversationId]: all[e.conversationId]!.some((x) => x.id === e.id) ? all[e.conversationId]! : [...all[e.conversationId]!, e] } : all));
      void loadQueue();
    };
    for (const kind of ['waiting', 'accepted', 'message', 'ended', 'left_message']) source.addEventListener(kind, onFeed as EventListener);
    const clock = setInterval(() => setNow(Date.now()), 5000);
    return () => {
      source.close();
      clearInterval(clock);
    };
  }, []);

  const togglePresence = async (): Promise<void> => {
    try {
      const res = await api<{ available: boolean; availability: Availability }>('PUT', '/api/v1/chat/presence', { available: !available });
      setAvailable(res.available);
      setAvailability(res.availability);
      announce(res.available ? t('chat.nowAvailable') : t('chat.nowAway'));
    } catch (e) {
      setError(e);
    }
  };

  const open = async (id: number): Promise<void> => {
    setSelected(id);
    setUnread((u) => ({ ...u, [id]: 0 }));
    if (!events[id]) await loadChat(id).catch(setError);
  };

  const accept = async (id: number): Promise<void> => {
    try {
      await api('POST', `/api/v1/chat/conversations/${id}/accept`);
      await loadQueue();
      await open(id);
      announce(t('chat.accepted'));
    } catch (e) {
      setError(e);
      void loadQueue();
    }
  };

  const onEnded = async (id: number): Promise<void> => {
    const done = await loadChat(id).catch(() => null);
    if (done) setEnded((list) => [done, ...list.filter((c) => c.id !== id)].slice(0, 5));
    announce(t('chat.loggedAnnounce'));
    await loadQueue();
  };

  const waiting = (queue ?? []).filter((c) => c.status === 'waiting');
  const mine = (queue ?? []).filter((c) => (c.status === 'active' || c.status === 'ended') && c.agent?.id === me.principal.id);
  const current = [...mine, ...ended].find((c) => c.id === selected) ?? null;

  return (
    <>
      <h1>{t('chat.title')}</h1>
      <ErrorNote error={error ?? presence.error} />
      <div class="chat-presence toolbar">
        <button type="button" aria-pressed={available === true} onClick={() => void togglePresence()} disabled={available === null}>
          {t('chat.availableButton')}
        </button>
        <p role="status">{available === null ? '' : `${available ? t('chat.youAreAvailable') : t('chat.youAreAway')} ${offeredText(availability)}`}</p>
      </div>
      <div class="chat-layout">
        <div class="chat-lists">
          <section aria-labelledby="chat-waiting-title">
            <h2 id="chat-waiting-title">{t('chat.waiting', { count: waiting.length })}</h2>
            {queue === null ? <Loading /> : null}
            {queue && !waiting.length ? <p>{t('chat.noneWaiting')}</p> : null}
            <ul class="chat-queue">
              {waiting.map((c) => (
                <li key={c.id}>
                  <span class="chat-name">{c.name || t('chat.resident')}</span>
                  <span class="hint">
                    {[c.topic, c.locale, t('chat.waitingFor', { wait: duration((now - new Date(c.startedAt).getTime()) / 1000) })].filter(Boolean).join(' · ')}
                  </span>
                  <button type="button" onClick={() => void accept(c.id)} aria-label={t('chat.acceptLabel', { name: c.name || t('chat.resident') })}>
                    {t('chat.accept')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="chat-mine-title">
            <h2 id="chat-mine-title">{t('chat.mine', { count: mine.length })}</h2>
            {queue && !mine.length ? <p>{t('chat.noneMine')}</p> : null}
            <ul class="chat-mine">
              {[...mine, ...ended.filter((c) => !mine.some((m) => m.id === c.id))].map((c) => (
                <li key={c.id}>
                  <button type="button" class={selected === c.id ? '' : 'secondary'} aria-current={selected === c.id ? 'true' : undefined} onClick={() => void open(c.id)}>
                    {c.name || t('chat.resident')}
                    {c.status !== 'active' ? ` (${t(c.contactId === null ? 'chat.toWrapUp' : 'chat.endedShort')})` : ''}
                    {unread[c.id] ? ` — ${t('chat.unread', { count: unread[c.id] ?? 0 })}` : ''}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div class="chat-main">
          {current ? (
            <ConversationPanel chat={current} events={events[current.id] ?? []} mine={current.agent?.id === me.principal.id} onEnded={() => void onEnded(current.id)} />
          ) : (
            <p class="panel">{t('chat.pick')}</p>
          )}
        </div>
      </div>
      <Callbacks tick={callbacksTick} />
    </>
  );
}
