import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { selectLastEventId } from './repository.ts';

/**
 * How the live streams learn that something happened. Every chat change is a row of chat_events
 * (its id is the stream's event id), so a stream only ever needs to be told "look again": it then
 * reads its own rows after the last id it sent. Two sources wake the streams of a process:
 *
 * - this process's own writes, at once (`chatChanged` after the commit);
 * - a watcher that, while at least one stream is open, reads the newest event id once a second —
 *   so writes made by other server processes sharing the database reach this process's streams too
 *   (within a second), on PostgreSQL and PGlite alike.
 *
 * A dropped connection loses nothing: the browser reconnects with Last-Event-ID and the stream
 * starts with the rows after it.
 */

type Listener = () => void;

interface Bus {
  listeners: Set<Listener>;
  lastSeen: number;
  timer: ReturnType<typeof setInterval> | null;
  polling: boolean;
}

const buses = new WeakMap<Db, Bus>();
/** How often the watcher looks for other processes' events. */
export const WATCH_INTERVAL_MS = 1000;

function busOf(db: Db): Bus {
  let bus = buses.get(db);
  if (!bus) buses.set(db, (bus = { listeners: new Set(), lastSeen: 0, timer: null, polling: false }));
  return bus;
}

/** Wakes every open stream of this process on `db` (call after the change is committed). */
export function chatChanged(db: Db): void {
  for (const listener of busOf(db).listeners) listener();
}

async function watch(db: Db, bus: Bus): Promise<void> {
  if (bus.polling) return;
  bus.polling = true;
  try {
    const last = await selectLastEventId(db);
    if (last > bus.lastSeen) {
      bus.lastSeen = last;
      chatChanged(db);
    }
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
  let last = lastEventIdOf(request);
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
        const events = await options.read(last);
        for (const e of events) {
          if (closed) return;
          raw.write(`id: ${e.id}\nevent: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
          last = e.id;
        }
      } while (again && !closed);
    } catch (error) {
      request.log.warn({ err: error }, 'chat stream read failed');
    } finally {
      reading = false;
    }
  };
  const unsubscribe = onChatChange(db, () => void send());
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
