import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { selectEventIdsSince, selectLastEventId } from './repository.ts';

/**
 * How the live streams learn that something happened. Every chat change is a row of chat_events
 * (its id is the stream's event id), so a stream only ever needs to be told "look again": it then
 * reads its own rows after the last id it sent. Two sources wake the streams of a process:
 *
 * - this process's own writes, at once (`chatChanged` after the commit);
 * - a watcher that, while at least one stream is open, reads the events newer than it has seen
 *   once a second — so writes made by other server processes sharing the database reach this
 *   process's streams too (within a second), on PostgreSQL and PGlite alike.
 *
 * A wake-up names the conversations that changed, so a resident's stream only reads when its own
 * chat changed (with hundreds of chats open, one message costs one read, not hundreds); an
 * agent's stream (queue changes of every chat) reads on every wake-up.
 *
 * A dropped connection loses nothing: the browser reconnects with Last-Event-ID and the stream
 * starts with the rows after it.
 */

/** The conversations that changed; null: any may have (every stream reads again). */
type Listener = (conversations: ReadonlySet<number> | null) => void;

interface Bus {
  listeners: Set<Listener>;
  /** The events the watcher has seen (those at or below the floor count as seen). */
  seen: SeenIds | null;
  timer: ReturnType<typeof setInterval> | null;
  polling: boolean;
}

/**
 * Event ids are drawn when a row is inserted, but transactions commit in their own order: id 101
 * may become visible after 102. Within one conversation that cannot happen (every event is written
 * under the conversation's row lock), but a reader that follows several conversations (the watcher,
 * an agent's stream) looks this many ids back each time and skips the ones it already passed on.
 */
export const REORDER_WINDOW = 500;

/** The ids already passed on: all up to a floor, and a set of those in the window above it. */
export class SeenIds {
  #ids = new Set<number>();
  #max: number;
  constructor(readonly floor: number) {
    this.#max = floor;
  }
  /** Where the next read starts (the window below the newest id seen). */
  get from(): number {
    return Math.max(this.floor, this.#max - REORDER_WINDOW);
  }
  get max(): number {
    return this.#max;
  }
  /** Records `id`; false when it had been seen already. */
  add(id: number): boolean {
    if (id <= this.floor || this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (id > this.#max) this.#max = id;
    if (this.#ids.size > 4 * REORDER_WINDOW) for (const old of this.#ids) if (old < this.#max - REORDER_WINDOW) this.#ids.delete(old);
    return true;
  }
  has(id: number): boolean {
    return id <= this.floor || this.#ids.has(id);
  }
}

const buses = new WeakMap<Db, Bus>();
/** How often the watcher looks for other processes' events. */
export const WATCH_INTERVAL_MS = 1000;

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) buses.set(db, (bus = { listeners: new Set(), seen: null, timer: null, polling: false }));
  return bus;
}

/** Wakes the open streams of this process on `db` that follow `conversationId` (call after the commit). */
export function chatChanged(db: Db, conversationId: number): void {
  const changed = new Set([conversationId]);
  for (const listener of busOf(db).listeners) listener(changed);
}

async function watch(db: Db, bus: Bus): Promise<void> {
  if (bus.polling) return;
  bus.polling = true;
  try {
    if (!bus.seen) {
      // The first look: from here on the watcher tracks ids. Whatever another process wrote between
      // a stream's opening read and this look is caught by one read of every stream now.
      bus.seen = new SeenIds(await selectLastEventId(db));
      for (const listener of bus.listeners) listener(null);
      return;
    }
    const seen = bus.seen;
    const changed = new Set((await selectEventIdsSince(db, seen.from)).filter((e) => seen.add(e.id)).map((e) => e.conversation_id));
    if (changed.size) for (const listener of bus.listeners) listener(changed);
  } catch {
    // The database is closing or briefly unreachable: the next tick tries again.
  } finally {
    bus.polling = false;
  }
}

/** Subscribes to changes on `db`; returns the unsubscribe function. The watcher runs while anyone listens. */
export function onChatChange(db: Db, listener: Listener): () => void {
  const bus = busOf(db);
  bus.listeners.add(listener);
  if (!bus.timer) {
    bus.timer = setInterval(() => void watch(db, bus), WATCH_INTERVAL_MS);
    bus.timer.unref();
  }
  return () => {
    bus.listeners.delete(listener);
    if (!bus.listeners.size && bus.timer) {
      clearInterval(bus.timer);
      bus.timer = null;
      bus.seen = null;
    }
  };
}

/** The id to resume after: the Last-Event-ID header (a reconnecting EventSource) or ?lastEventId=. */
export function lastEventIdOf(request: FastifyRequest): number {
  const header = request.headers['last-event-id'];
  const query = (request.query as Record<string, unknown> | undefined)?.lastEventId;
  const raw = typeof header === 'string' && header ? header : typeof query === 'string' ? query : '';
  return /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
}

export interface StreamEvent {
  id: number;
  event: string;
  data: unknown;
}

export interface StreamOptions {
  /** Rows after `afterId`, presented as stream events (in id order). */
  read: (afterId: number) => Promise<StreamEvent[]>;
  /** The one conversation this stream follows (a resident's); omitted: every change wakes it and it reads with the reorder window (an agent's). */
  conversationId?: number;
  /** Called with every heartbeat (an agent's stream keeps their presence fresh). */
  onHeartbeat?: () => Promise<void>;
  heartbeatMs?: number;
  /** Open streams, so a closing server can end them (they would hold its close forever). */
  open?: Set<() => void>;
}

const HEARTBEAT_MS = 15_000;

/**
 * Streams server-sent events on a hijacked reply: first what happened after Last-Event-ID, then
 * each new event as it is committed, with a comment line as heartbeat (proxies keep the connection,
 * the browser notices a dead one). Reads are serialised: a wake-up during a read reads again after it.
 */
export async function streamEvents(db: Db, request: FastifyRequest, reply: FastifyReply, options: StreamOptions): Promise<void> {
  // Up to Last-Event-ID the browser has everything; above it, what this stream sent.
  const sent = new SeenIds(lastEventIdOf(request));
  const single = options.conversationId !== undefined;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
    'x-request-id': String(request.id),
  });
  raw.write('retry: 3000\n\n');
  let closed = false;
  let reading = false;
  let again = false;
  const send = async (): Promise<void> => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const events = await options.read(single ? sent.max : sent.from);
        for (const e of events) {
          if (closed) return;
          if (!sent.add(e.id)) continue;
          raw.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
        }
      } while (again && !closed);
    } catch (error) {
      request.log.warn({ err: error }, 'chat stream read failed');
    } finally {
      reading = false;
    }
  };
  const unsubscribe = onChatChange(db, (changed) => {
    if (changed === null || options.conversationId === undefined || changed.has(options.conversationId)) void send();
  });
  const heartbeat = setInterval(() => {
    if (closed) return;
    raw.write(': heartbeat\n\n');
    void options.onHeartbeat?.().catch(() => undefined);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    options.open?.delete(end);
  };
  const end = (): void => {
    close();
    raw.end();
  };
  options.open?.add(end);
  raw.on('close', close);
  raw.on('error', close);
  await send();
}
