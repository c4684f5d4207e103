/**
 * "Chat with 311", enhanced: the live chat over server-sent events. The page works without this
 * script (a leave-a-message form); with it, while chat is offered, the resident starts a chat, reads
 * the agent's answers in a polite live log, and writes with Enter (Shift+Enter for a new line) while
 * focus stays in the message box. A dropped connection resumes where it stopped (the browser sends
 * Last-Event-ID); the chat survives a reload (the chat cookie finds it again).
 */

interface ChatEvent {
  id: number;
  kind: 'waiting' | 'accepted' | 'message' | 'ended' | 'left_message';
  author: 'resident' | 'agent' | 'system';
  text: string;
  at: string;
}
interface Conversation {
  status: 'waiting' | 'active' | 'ended';
  agentName: string | null;
  events: ChatEvent[];
}

const root = document.getElementById('chat-live');
if (root) enhance(root);

function enhance(live: HTMLElement): void {
  const m = JSON.parse(live.dataset.messages ?? '{}') as Record<string, string>;
  const locale = live.dataset.locale ?? 'en';
  const say = (key: string, name = ''): string => (m[key] ?? '').replace('%name%', name);
  const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const status = byId<HTMLParagraphElement>('chat-status');
  const start = byId<HTMLFormElement>('chat-start');
  const session = byId<HTMLDivElement>('chat-session');
  const list = byId<HTMLDivElement>('chat-log').querySelector('ol') as HTMLOListElement;
  const log = byId<HTMLDivElement>('chat-log');
  const compose = byId<HTMLFormElement>('chat-compose');
  const input = byId<HTMLTextAreaElement>('chat-input');
  const end = byId<HTMLButtonElement>('chat-end');
  const leave = byId<HTMLElement>('chat-leave');
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const shown = new Set<number>();
  let agentName = '';
  let stream: EventSource | null = null;

  byId('chat-nojs').hidden = true;
  live.hidden = false;

  const api = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: T }> => {
    const res = await fetch(path, { method, credentials: 'same-origin', headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as T };
  };

  const line = (e: ChatEvent): string => {
    if (e.kind === 'accepted') return say('joined', e.text || agentName);
    if (e.kind === 'ended') return say(e.author === 'resident' ? 'endedByYou' : 'ended');
    if (e.kind === 'waiting') return say('waiting');
    return e.text;
  };

  const append = (e: ChatEvent): void => {
    if (shown.has(e.id)) return;
    shown.add(e.id);
    if (e.kind === 'accepted' && e.text) agentName = e.text;
    const item = document.createElement('li');
    const system = e.kind !== 'message';
    item.className = system ? 'system' : e.author;
    if (!system) {
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = e.author === 'resident' ? say('you') : say('agent', agentName);
      item.append(who);
    }
    item.append(document.createTextNode(line(e)));
    list.append(item);
    log.scrollTo({ top: log.scrollHeight, behavior: reduceMotion ? 'auto' : 'smooth' });
    if (e.kind === 'accepted') status.textContent = say('joined', agentName);
    if (e.kind === 'ended') finish(e.author === 'resident' ? 'endedByYou' : 'ended');
  };

  const finish = (key: string): void => {
    stream?.close();
    stream = null;
    status.textContent = say(key);
    input.disabled = true;
    end.hidden = true;
    (compose.querySelector('button[type=submit]') as HTMLButtonElement).disabled = true;
    const again = document.createElement('p');
    const link = document.createElement('a');
    link.href = `/chat?lang=${encodeURIComponent(locale)}`;
    link.textContent = say('restart');
    again.append(link);
    session.append(again);
  };

  const connect = (): void => {
    const last = Math.max(0, ...shown);
    stream = new EventSource(`/api/v1/chat/conversation/events${last ? `?lastEventId=${last}` : ''}`);
    for (const kind of ['waiting', 'accepted', 'message', 'ended']) {
      stream.addEventListener(kind, (event) => append(JSON.parse((event as MessageEvent<string>).data) as ChatEvent));
    }
    stream.addEventListener('error', () => {
      if (stream?.readyState === EventSource.CONNECTING) status.textContent = say('reconnecting');
    });
    stream.addEventListener('open', () => {
      if (status.textContent === say('reconnecting')) status.textContent = agentName ? say('joined', agentName) : say('waiting');
    });
  };

  const open = (c: Conversation): void => {
    start.hidden = true;
    leave.hidden = true;
    session.hidden = false;
    agentName = c.agentName ?? '';
    status.textContent = c.status === 'active' ? say('joined', agentName) : say('waiting');
    c.events.forEach(append);
    if (c.status !== 'ended') connect();
    input.focus();
  };

  start.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(start);
    const res = await api<{ conversation?: Conversation; error?: { code: string } }>('POST', '/api/v1/chat/conversation', { locale, name: String(data.get('name') ?? ''), topic: String(data.get('topic') ?? '') });
    if (res.json.conversation) return open(res.json.conversation);
    status.textContent = res.json.error?.code === 'chat_unavailable' ? say('busy') : say('error');
    start.hidden = true;
    leave.hidden = false;
  });

  const send = async (): Promise<void> => {
    const body = input.value.trim();
    if (!body || input.disabled) return;
    status.textContent = say('sending');
    const res = await api<{ event?: ChatEvent; error?: { message: string } }>('POST', '/api/v1/chat/conversation/messages', { body });
    if (res.json.event) {
      input.value = '';
      append(res.json.event);
      status.textContent = agentName ? say('joined', agentName) : say('waiting');
    } else {
      status.textContent = res.json.error?.message ?? say('error');
    }
    input.focus();
  };
  compose.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void send();
    }
  });
  end.addEventListener('click', async () => {
    const res = await api<{ conversation?: Conversation }>('POST', '/api/v1/chat/conversation/end');
    res.json.conversation?.events.forEach(append);
  });

  void (async () => {
    const mine = await api<{ conversation?: Conversation }>('GET', '/api/v1/chat/conversation');
    if (mine.json.conversation && mine.json.conversation.status !== 'ended') return open(mine.json.conversation);
    const availability = await api<{ offered: boolean }>('GET', '/api/v1/chat/availability');
    if (availability.json.offered) {
      start.hidden = false;
    } else {
      status.textContent = say('closed');
    }
  })();
}
