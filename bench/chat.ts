/**
 * Web chat delivery: how long an agent's message takes to reach the resident's live stream (from
 * the start of the agent's POST to the event read on the resident's server-sent-event connection),
 * with many chats open at once.
 *
 *   node --import tsx bench/chat.ts --db postgres --chats 200 --rounds 5
 *   node --import tsx bench/chat.ts --db pglite   --chats 200 --rounds 5
 *
 * A fresh database with the demo city; one agent accepts every chat (set up through the service
 * functions: the per-address start limit would otherwise refuse them). Then each round the agent
 * writes once in every chat over HTTP (--concurrency at a time, 16 by default) and every resident stream must receive it.
 * Phase "same process": streams and writes on one server. Phase "other process" (PostgreSQL only):
 * the streams are held by a second server with its own connection pool on the same database, so
 * messages reach them through the once-a-second watcher, as between real server processes.
 * The clock is fixed at a Monday 10:00 in Portland, so chat is open whenever the bench runs.
 * Results go to bench/results/chat-<engine>-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import type { Deps } from '../src/deps.ts';
import { ManualClock } from '../src/lib/clock.ts';
import { acceptConversation, newChatToken, setPresence, startConversation } from '../src/modules/chat/service.ts';
import { getUser } from '../src/modules/identity/index.ts';
import { createStaff, signInOverHttp } from '../src/test/factories.ts';
import { openBenchDb, type Engine } from './load.ts';
import { latencyStats } from './stats.ts';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres' },
    url: { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    chats: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const engine = args.db as Engine;
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--db must be postgres or pglite');
const CHATS = Number(args.chats);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);

const bench = await openBenchDb({ engine, databaseUrl: args.url, poolSize: 16, keep: false });
const clock = new ManualClock('2026-03-02T18:00:00Z');
const deps: Deps = { db: bench.deps.db, clock };
const quiet = { logLevel: 'silent' as const, defaultLocale: 'en' as const };

async function serve(d: Deps, handle = bench.handle): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({ deps: d, handle, config: quiet });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  return { app, base: `http://127.0.0.1:${address.port}` };
}

/** Opens a resident's stream and resolves each awaited text when its event arrives. */
async function residentStream(base: string, token: string, arrived: Map<string, (at: bigint) => void>, abort: AbortSignal): Promise<void> {
  const res = await fetch(`${base}/api/v1/chat/conversation/events`, { headers: { cookie: `frontdoor_chat=${token}`, accept: 'text/event-stream' }, signal: abort });
  if (res.status !== 200) throw new Error(`stream: ${res.status}`);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!data || !block.includes('event: message')) continue;
          const text = (JSON.parse(data) as { text: string }).text;
          arrived.get(text)?.(process.hrtime.bigint());
        }
      }
    } catch {
      // aborted at the end of the phase
    }
  })();
}

async function phase(name: string, streamBase: string, writeBase: string, agentHeaders: Record<string, string>, chats: Array<{ id: number; token: string }>) {
  const arrived = new Map<string, (at: bigint) => void>();
  const abort = new AbortController();
  await Promise.all(chats.map((c) => residentStream(streamBase, c.token, arrived, abort.signal)));
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round++) {
    const queue = [...chats];
    const deliveries: Promise<void>[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          const text = `${name} round ${round} chat ${c.id}`;
          const sent = process.hrtime.bigint();
          deliveries.push(new Promise<void>((resolve) => arrived.set(text, (at) => (latencies.push(Number(at - sent) / 1e6), resolve()))));
          const res = await fetch(`${writeBase}/api/v1/chat/conversations/${c.id}/messages`, { method: 'POST', headers: agentHeaders, body: JSON.stringify({ body: text }) });
          if (res.status !== 201) throw new Error(`post: ${res.status} ${await res.text()}`);
        }
      }),
    );
    await Promise.all(deliveries);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  abort.abort();
  const stats = latencyStats(latencies);
  console.log(`${name}: ${stats.count} messages to ${chats.length} open streams in ${seconds.toFixed(2)} s (${Math.round(stats.count / seconds)}/s); delivery ms p50 ${stats.p50} p95 ${stats.p95} p99 ${stats.p99} max ${stats.max}`);
  return { streams: chats.length, messages: stats.count, seconds, perSecond: stats.count / seconds, deliveryMs: stats };
}

const result: Record<string, unknown> = { engine, chats: CHATS, rounds: ROUNDS, concurrency: CONCURRENCY, at: new Date().toISOString() };
const servers: FastifyInstance[] = [];
let second: Awaited<ReturnType<typeof openDatabase>> | null = null;
try {
  const a = await serve(deps);
  servers.push(a.app);
  const agent = await createStaff(deps, { roles: ['agent'] });
  const session = await signInOverHttp(a.app, agent.email);
  const headers = { ...session.headers, 'content-type': 'application/json' };
  const principal = { kind: 'staff' as const, userId: agent.id, email: agent.email, name: (await getUser(deps, agent.id)).name, roles: ['agent'], departments: [], grants: { 'chat:answer': 'all' as const }, session: { id: 0, csrfToken: '', expiresAt: new Date(8.64e15) } };
  const audit = { actor: { kind: 'system' as const, label: 'chat bench' } };
  await setPresence(deps, principal, true, audit);
  const chats: Array<{ id: number; token: string }> = [];
  for (let i = 0; i < CHATS; i++) {
    const { token, hash } = newChatToken();
    const c = await startConversation(deps, hash, { locale: 'en', name: `Bench ${i}` });
    await acceptConversation(deps, principal, c.id, audit);
    chats.push({ id: c.id, token });
  }
  result.sameProcess = await phase('same process', a.base, a.base, headers, chats);
  if (engine === 'postgres' && bench.engine === 'postgres') {
    second = await openDatabase({ databaseUrl: args.url, schema: bench.location, poolSize: 8 });
    const b = await serve({ db: second.db, clock }, second);
    servers.push(b.app);
    result.otherProcess = await phase('other process', b.base, a.base, headers, chats);
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}chat-${engine}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.json`;
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`results: ${file}`);
} finally {
  for (const app of servers) await app.close();
  await second?.close();
  await bench.close();
}
