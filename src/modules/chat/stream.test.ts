import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville, staffSession, type TestSession } from '../../test/factories.ts';

/** The live streams over a real HTTP connection (127.0.0.1, a free port): delivery and resuming. */

const t = await openTestDatabase();
await seedTestville(t.deps);
const app: FastifyInstance = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
let base = '';
let agent: TestSession;
before(async () => {
  agent = (await staffSession(app, t.deps, ['agent'])).session;
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  base = `http://127.0.0.1:${address.port}`;
});
after(() => app.close());

interface SseEvent {
  id: string;
  event: string;
  data: { kind: string; text: string; author: string; conversationId?: number };
}

/** Opens an event stream and reads its events one by one (a minimal EventSource for the test). */
async function openStream(path: string, headers: Record<string, string>) {
  return openStreamAt(base, path, headers);
}

async function openStreamAt(server: string, path: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${server}${path}`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  /** The next event (comments and the retry line skipped). */
  const next = async (): Promise<SseEvent> => {
    for (;;) {
      const ready = queue.shift();
      if (ready) return ready;
      const { value, done } = await reader.read();
      if (done) throw new Error('stream closed');
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
        if (fields.data !== undefined) queue.push({ id: fields.id ?? '', event: fields.event ?? 'message', data: JSON.parse(fields.data) });
      }
    }
  };
  /** The next event of `kind`. */
  const nextOf = async (kind: string): Promise<SseEvent> => {
    for (;;) {
      const e = await next();
      if (e.event === kind) return e;
    }
  };
  return { next, nextOf, close: () => controller.abort() };
}

const json = (headers: Record<string, string>) => ({ 'content-type': 'application/json', ...headers });

describe('chat streams over HTTP', () => {
  test('a message reaches the resident’s stream; after a dropped connection Last-Event-ID resumes with what was missed', async () => {
    const presence = await fetch(`${base}/api/v1/chat/presence`, { method: 'PUT', headers: json(agent.headers), body: JSON.stringify({ available: true }) });
    assert.equal(presence.status, 200);

    // The agent's stream hears of the new chat.
    const agentStream = await openStream('/api/v1/chat/events', agent.headers);
    const start = await fetch(`${base}/api/v1/chat/conversation`, { method: 'POST', headers: json({}), body: JSON.stringify({ locale: 'en', name: 'Dana' }) });
    assert.equal(start.status, 201);
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const waiting = await agentStream.nextOf('waiting');
    const id = waiting.data.conversationId as number;
    assert.ok(id > 0);
    assert.equal((await fetch(`${base}/api/v1/chat/conversations/${id}/accept`, { method: 'POST', headers: json(agent.headers), body: '{}' })).status, 200);

    const residentStream = await openStream('/api/v1/chat/conversation/events', { cookie });
    assert.equal((await residentStream.nextOf('accepted')).data.author, 'agent');
    const say = (text: string) => fetch(`${base}/api/v1/chat/conversations/${id}/messages`, { method: 'POST', headers: json(agent.headers), body: JSON.stringify({ body: text }) });
    assert.equal((await say('Hello Dana, how can I help?')).status, 201);
    const first = await residentStream.nextOf('message');
    assert.equal(first.data.text, 'Hello Dana, how can I help?');

    // The resident writes: the agent's stream carries it.
    assert.equal((await fetch(`${base}/api/v1/chat/conversation/messages`, { method: 'POST', headers: json({ cookie }), body: JSON.stringify({ body: 'My bin was not emptied' }) })).status, 201);
    let heard = await agentStream.nextOf('message');
    while (heard.data.author === 'agent') heard = await agentStream.nextOf('message');
    assert.deepEqual([heard.data.author, heard.data.text, heard.data.conversationId], ['resident', 'My bin was not emptied', id]);

    // The connection drops; two messages are written meanwhile; the browser reconnects with Last-Event-ID.
    residentStream.close();
    assert.equal((await say('Which street?')).status, 201);
    assert.equal((await say('And which day?')).status, 201);
    const resumed = await openStream('/api/v1/chat/conversation/events', { cookie, 'last-event-id': first.id });
    const missed = [await resumed.next(), await resumed.next()];
    assert.deepEqual(
      missed.map((e) => e.data.text),
      ['My bin was not emptied', 'Which street?'],
    );
    assert.equal((await resumed.next()).data.text, 'And which day?');
    assert.ok(Number(missed[0]?.id) > Number(first.id));

    // Still live after resuming.
    assert.equal((await say('Thanks!')).status, 201);
    assert.equal((await resumed.nextOf('message')).data.text, 'Thanks!');
    resumed.close();
    agentStream.close();
  });

  test('a message written through one server process reaches a stream held by another (the watcher)', async () => {
    // A second server on the same database with its own handle: its streams hear nothing from the
    // first server's process-local wake-ups, only from the watcher reading the table.
    const other = await buildApp({ deps: { db: t.deps.db.withoutPlugins(), clock: t.clock }, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
    await other.listen({ host: '127.0.0.1', port: 0 });
    const address = other.server.address();
    assert.ok(address && typeof address === 'object');
    const otherBase = `http://127.0.0.1:${address.port}`;
    try {
      const start = await fetch(`${base}/api/v1/chat/conversation`, { method: 'POST', headers: json({}), body: JSON.stringify({ name: 'Eli' }) });
      assert.equal(start.status, 201);
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const id = (await t.deps.db.selectFrom('chat_conversations').select('id').where('display_name', '=', 'Eli').executeTakeFirstOrThrow()).id;
      assert.equal((await fetch(`${base}/api/v1/chat/conversations/${id}/accept`, { method: 'POST', headers: json(agent.headers), body: '{}' })).status, 200);
      const stream = await openStreamAt(otherBase, '/api/v1/chat/conversation/events', { cookie });
      await stream.nextOf('accepted');
      for (const text of ['First from the other process', 'Second from the other process']) {
        assert.equal((await fetch(`${base}/api/v1/chat/conversations/${id}/messages`, { method: 'POST', headers: json(agent.headers), body: JSON.stringify({ body: text }) })).status, 201);
        assert.equal((await stream.nextOf('message')).data.text, text);
      }
      stream.close();
    } finally {
      await other.close();
    }
  });

  test('a stream without a chat of one’s own is refused before it starts', async () => {
    const res = await fetch(`${base}/api/v1/chat/conversation/events`, { headers: { accept: 'text/event-stream' } });
    assert.equal(res.status, 404);
    const staff = await fetch(`${base}/api/v1/chat/events`, { headers: { accept: 'text/event-stream' } });
    assert.equal(staff.status, 401);
  });
});
