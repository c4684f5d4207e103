import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { seedTestville, staffSession } from '../../test/factories.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app: FastifyInstance = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const MONDAY_OPEN = '2026-03-02T17:00:00Z'; // 09:00 in Testville (America/Los_Angeles)
const CLOSED = '2026-03-02T14:00:00Z'; // 06:00, before opening (staff sessions stay valid)
const agent = await staffSession(app, t.deps, ['agent']);
const agent2 = await staffSession(app, t.deps, ['agent']);
const bureau = await staffSession(app, t.deps, ['bureau_staff'], ['streets']);
const analyst = await staffSession(app, t.deps, ['analyst']);

let residents = 0;
/** A resident's browser (on an address of its own): keeps the chat cookie it is given, like a browser would. */
function resident() {
  let cookie = '';
  const remoteAddress = `10.9.0.${++residents}`;
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse> => {
    const res = await app.inject({ method, url, remoteAddress, headers: cookie ? { cookie } : {}, ...(payload === undefined ? {} : { payload: payload as object }) });
    const set = res.cookies.find((c) => c.name === 'frontdoor_chat');
    if (set) cookie = `frontdoor_chat=${set.value}`;
    return res;
  };
  return { call, cookie: () => cookie };
}

const setAvailable = async (session = agent.session, available = true) => {
  const res = await app.inject({ method: 'PUT', url: '/api/v1/chat/presence', headers: session.headers, payload: { available } });
  assert.equal(res.statusCode, 200, res.body);
};

async function contactOf(conversationId: number) {
  const row = await t.deps.db.selectFrom('chat_conversations').select('contact_id').where('id', '=', conversationId).executeTakeFirstOrThrow();
  assert.ok(row.contact_id, 'the conversation was logged as a contact');
  return t.deps.db.selectFrom('contacts').selectAll().where('id', '=', row.contact_id).executeTakeFirstOrThrow();
}

const waitingIds = async (session = agent.session): Promise<number[]> => {
  const res = await app.inject({ url: '/api/v1/chat/queue', headers: session.headers });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().conversations as Array<{ id: number; status: string }>).filter((c) => c.status === 'waiting').map((c) => c.id);
};

describe('web chat API', () => {
  test('chat is offered only within opening hours while an agent is available', async () => {
    t.clock.set(CLOSED);
    await setAvailable();
    let res = await app.inject({ url: '/api/v1/chat/availability' });
    assert.deepEqual({ ...(res.json() as object), nextOpening: undefined }, { open: false, agents: 1, offered: false, nextOpening: undefined });
    assert.equal(res.json().nextOpening, '2026-03-02T16:00:00.000Z');
    const closed = await resident().call('POST', '/api/v1/chat/conversation', { locale: 'es' });
    assert.equal(closed.statusCode, 409, closed.body);
    assert.equal(closed.json().error.code, 'chat_unavailable');

    t.clock.set(MONDAY_OPEN);
    await setAvailable(agent.session, false);
    res = await app.inject({ url: '/api/v1/chat/availability' });
    assert.deepEqual(res.json(), { open: true, agents: 0, offered: false, nextOpening: null });
    await setAvailable();
    assert.equal((await app.inject({ url: '/api/v1/chat/availability' })).json().offered, true);
    // A mark that is not kept fresh by the console's stream lapses.
    t.clock.advance(91_000);
    assert.equal((await app.inject({ url: '/api/v1/chat/availability' })).json().offered, false);
    t.clock.set(MONDAY_OPEN);
  });

  test('a resident chats with an agent; the agent ends it and it is logged as a chat contact with its transcript', async () => {
    t.clock.set(MONDAY_OPEN);
    await setAvailable();
    const r = resident();
    const started = await r.call('POST', '/api/v1/chat/conversation', { locale: 'es', name: 'Rosa', topic: 'Basura' });
    assert.equal(started.statusCode, 201, started.body);
    assert.match(started.headers['set-cookie'] as string, /HttpOnly/i);
    assert.match(started.headers['set-cookie'] as string, /SameSite=Strict/i);
    assert.equal(started.json().conversation.status, 'waiting');
    // Starting again while it is open gives the same conversation, not a second one.
    const again = await r.call('POST', '/api/v1/chat/conversation', { locale: 'es' });
    assert.equal(again.statusCode, 200);
    const [id] = (await waitingIds()).slice(-1);
    assert.ok(id);

    t.clock.advance(45_000);
    const accepted = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/accept`, headers: agent.session.headers });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().conversation.waitSeconds, 45);
    const late = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/accept`, headers: agent2.session.headers });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'chat_taken');

    assert.equal((await r.call('POST', '/api/v1/chat/conversation/messages', { body: '  Hola, no recogieron la basura  ' })).statusCode, 201);
    const reply = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/messages`, headers: agent.session.headers, payload: { body: 'Lo siento, lo reviso.' } });
    assert.equal(reply.statusCode, 201, reply.body);
    const intruder = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/messages`, headers: agent2.session.headers, payload: { body: 'hi' } });
    assert.equal(intruder.statusCode, 403);
    assert.equal(intruder.json().error.code, 'not_your_chat');

    const mine = (await r.call('GET', '/api/v1/chat/conversation')).json().conversation;
    assert.equal(mine.status, 'active');
    assert.equal(mine.agentName, agent.user.name.split(' ')[0]);
    assert.deepEqual(
      mine.events.filter((e: { kind: string }) => e.kind === 'message').map((e: { author: string; text: string }) => [e.author, e.text]),
      [
        ['resident', 'Hola, no recogieron la basura'],
        ['agent', 'Lo siento, lo reviso.'],
      ],
    );
    assert.ok(!JSON.stringify(mine).includes(agent.user.email), 'the agent’s account never reaches the resident');

    t.clock.advance(120_000);
    const ended = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/end`, headers: agent.session.headers, payload: { outcome: 'answered' } });
    assert.equal(ended.statusCode, 200, ended.body);
    const twice = await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/end`, headers: agent.session.headers, payload: { outcome: 'answered' } });
    assert.equal(twice.statusCode, 409);
    const contact = await contactOf(id as number);
    assert.equal(contact.channel, 'chat');
    assert.equal(contact.outcome, 'answered');
    assert.equal(contact.language, 'es');
    assert.equal(contact.wait_seconds, 45);
    assert.equal(contact.handle_seconds, 120);
    assert.equal(contact.agent_id, agent.user.id);
    const transcript = (typeof contact.transcript === 'string' ? JSON.parse(contact.transcript) : contact.transcript) as Array<{ author: string; text: string; kind: string }>;
    assert.deepEqual(
      transcript.filter((l) => l.kind === 'message').map((l) => l.text),
      ['Hola, no recogieron la basura', 'Lo siento, lo reviso.'],
    );
    const write = await r.call('POST', '/api/v1/chat/conversation/messages', { body: '¿Hola?' });
    assert.equal(write.statusCode, 409);
    assert.equal(write.json().error.code, 'chat_ended');
  });

  test('an agent holds several chats at once; each message lands in its own chat and feed', async () => {
    t.clock.set(MONDAY_OPEN);
    await setAvailable();
    const people = [resident(), resident(), resident()];
    for (const [i, r] of people.entries()) assert.equal((await r.call('POST', '/api/v1/chat/conversation', { name: `Multi ${i}` })).statusCode, 201);
    const ids = (await waitingIds()).slice(-3);
    const feedFrom = (await app.inject({ url: '/api/v1/chat/events?poll=1', headers: agent.session.headers })).json().lastEventId as number;
    for (const id of ids) assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/accept`, headers: agent.session.headers })).statusCode, 200);
    for (const [i, id] of ids.entries()) {
      assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/messages`, headers: agent.session.headers, payload: { body: `to ${i}` } })).statusCode, 201);
    }
    for (const [i, r] of people.entries()) {
      const texts = (await r.call('GET', '/api/v1/chat/conversation')).json().conversation.events.filter((e: { kind: string }) => e.kind === 'message').map((e: { text: string }) => e.text);
      assert.deepEqual(texts, [`to ${i}`]);
    }
    const queue = (await app.inject({ url: '/api/v1/chat/queue', headers: agent.session.headers })).json().conversations as Array<{ id: number; status: string }>;
    assert.deepEqual(queue.filter((c) => ids.includes(c.id)).map((c) => c.status), ['active', 'active', 'active']);
    // The agent's feed: three accepts and three messages with their chats; another agent's feed has the accepts only.
    const feed = (await app.inject({ url: `/api/v1/chat/events?poll=1&lastEventId=${feedFrom}`, headers: agent.session.headers })).json().events as Array<{ event: string; data: { conversationId: number; text: string } }>;
    assert.deepEqual(feed.filter((e) => e.event === 'message').map((e) => [e.data.conversationId, e.data.text]), ids.map((id, i) => [id, `to ${i}`]));
    const otherFeed = (await app.inject({ url: `/api/v1/chat/events?poll=1&lastEventId=${feedFrom}`, headers: agent2.session.headers })).json().events as Array<{ event: string }>;
    assert.deepEqual(otherFeed.map((e) => e.event), ['accepted', 'accepted', 'accepted']);
    for (const id of ids) assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chat/conversations/${id}/end`, headers: agent.session.headers, payload: { outcome: 'answered' } })).statusCode, 200);
  });

  test('one resident never reads or writes in another resident’s chat', async () => {
    t.clock.set(MONDAY_OPEN);
    await setAvailable();
    const a = resident();
    const b = resident();
    assert.equal((await a.call('POST', '/api/v1/chat/conversation', { name: 'Ann' })).statusCode, 201);
    assert.equal((await a.call('POST', '/api/v1/chat/conversation/messages', { body: 'my secret address is 12 Elm St' })).statusCode, 201);
    assert.equal((await b.call('POST', '/api/v1/chat/conversation', { name: 'Bob' })).statusCode, 201);
    assert.notEqual(a.cookie(), b.cookie());
    for (const url of ['/api/v1/chat/conversation', '/api/v1/chat/conversation/events?poll=1&lastEventId=0']) {
      const seen = await b.call('GET', url);
      assert.equal(seen.statusCode, 200, seen.body);
      assert.ok(!seen.body.includes('12 Elm St'), `${url} shows only Bob's chat`);
      assert.ok(!seen.body.includes('Ann'), url);
    }
    // No cookie, or a made-up one: nothing at all.
    for (const cookie of ['', 'frontdoor_chat=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'frontdoor_chat=../../etc']) {
      for (const [method, url] of [['GET', '/api/v1/chat/conversation'], ['GET', '/api/v1/chat/conversation/events?poll=1'], ['POST', '/api/v1/chat/conversation/messages'], ['POST', '/api/v1/chat/conversation/end']] as const) {
        const res = await app.inject({ method, url, headers: cookie ? { cookie } : {}, ...(method === 'POST' ? { payload: { body: 'x' } } : {}) });
        assert.equal(res.statusCode, url.endsWith('/end') ? 404 : 404, `${method} ${url} with ${cookie || 'no cookie'}: ${res.body}`);
      }
    }
    // Bob leaves while waiting: nobody answered, an abandoned chat contact.
    const left = await b.call('POST', '/api/v1/chat/conversation/end');
    assert.equal(left.json().conversation.status, 'ended');
    const bobId = (await t.deps.db.selectFrom('chat_conversations').select('id').where('display_name', '=', 'Bob').executeTakeFirstOrThrow()).id;
    assert.equal((await contactOf(bobId)).outcome, 'abandoned');
    assert.ok(!(await waitingIds()).includes(bobId));
  });

  test('outside hours a resident leaves a message: a callback contact, listed for agents', async () => {
    t.clock.set(CLOSED);
    const res = await app.inject({ method: 'POST', url: '/api/v1/chat/left-messages', payload: { locale: 'vi', name: 'Lan', phone: '(503) 555-0142', message: 'Please call me about my water bill' } });
    assert.equal(res.statusCode, 202, res.body);
    const list = await app.inject({ url: '/api/v1/chat/callbacks', headers: agent.session.headers });
    const item = (list.json().callbacks as Array<{ id: number; name: string; phone: string; message: string; contactId: number }>).find((c) => c.name === 'Lan');
    assert.ok(item);
    assert.equal(item.message, 'Please call me about my water bill');
    assert.match(item.phone, /555.?0142/);
    const contact = await contactOf(item.id);
    assert.equal(contact.outcome, 'callback');
    assert.equal(contact.channel, 'chat');
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chat/callbacks/${item.id}/done`, headers: agent.session.headers })).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/chat/callbacks/${item.id}/done`, headers: agent.session.headers })).statusCode, 409);
    const after2 = await app.inject({ url: '/api/v1/chat/callbacks', headers: agent.session.headers });
    assert.ok(!after2.body.includes('Lan'));
    // The public answer says nothing about anyone.
    assert.deepEqual(res.json(), { received: true });
    t.clock.set(MONDAY_OPEN);
  });

  test('bad input is a 4xx naming the field; limits on size and rate', async () => {
    t.clock.set(MONDAY_OPEN);
    await setAvailable();
    const leave = async (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/chat/left-messages', payload: payload as object });
    const noWay = await leave({ name: 'Sam', message: 'hello' });
    assert.equal(noWay.statusCode, 400);
    assert.equal(noWay.json().error.field, 'email');
    const badEmail = await leave({ name: 'Sam', email: 'not-an-address', message: 'hello' });
    assert.equal(badEmail.json().error.field, 'email');
    assert.equal((await leave({ name: '', email: 'sam@example.org', message: 'hello' })).json().error.field, 'body.name');
    assert.equal((await leave({ name: 'Sam', email: 'sam@example.org', message: 42 })).json().error.field, 'body.message');

    const r = resident();
    assert.equal((await r.call('POST', '/api/v1/chat/conversation', { locale: 'xx' })).json().error.field, 'body.locale');
    assert.equal((await r.call('POST', '/api/v1/chat/conversation', { name: 'x'.repeat(101) })).json().error.field, 'body.name');
    assert.equal((await r.call('POST', '/api/v1/chat/conversation', {})).statusCode, 201);
    // Six chats an hour from one address; the seventh is refused.
    const crowd = async () => (await app.inject({ method: 'POST', url: '/api/v1/chat/conversation', remoteAddress: '10.8.0.1', payload: {} })).statusCode;
    const starts = [];
    for (let i = 0; i < 7; i++) starts.push(await crowd());
    assert.deepEqual(starts, [201, 201, 201, 201, 201, 201, 429]);
    assert.equal((await r.call('POST', '/api/v1/chat/conversation/messages', { body: '   ' })).json().error.field, 'body.body');
    assert.equal((await r.call('POST', '/api/v1/chat/conversation/messages', { body: 'x'.repeat(2001) })).json().error.field, 'body.body');
    assert.equal((await r.call('POST', '/api/v1/chat/conversation/messages', { body: 'x'.repeat(20_000) })).statusCode, 413);
    assert.equal((await r.call('POST', '/api/v1/chat/conversation/messages', { body: 'hi', extra: 1 })).json().error.field, 'body.extra');
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await r.call('POST', '/api/v1/chat/conversation/messages', { body: `message ${i}` })).statusCode;
    assert.equal(last, 429);
    const form = await app.inject({ method: 'POST', url: '/api/v1/chat/conversation/messages', headers: { cookie: r.cookie(), 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=hi' });
    assert.equal(form.statusCode, 415, 'a cross-site form cannot post into a chat');
    const badOutcome = await app.inject({ method: 'POST', url: '/api/v1/chat/conversations/1/end', headers: agent.session.headers, payload: { outcome: 'solved' } });
    assert.equal(badOutcome.json().error.field, 'body.outcome');
    assert.equal((await app.inject({ url: '/api/v1/chat/conversations/999999', headers: agent.session.headers })).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/chat/conversations/abc', headers: agent.session.headers })).json().error.field, 'params.id');
  });

  test('only chat:answer holders reach the agent routes', async () => {
    for (const [headers, status] of [
      [{}, 401],
      [bureau.session.headers, 403],
      [analyst.session.headers, 403],
      [agent.session.headers, 200],
    ] as const) {
      for (const url of ['/api/v1/chat/queue', '/api/v1/chat/callbacks', '/api/v1/chat/presence', '/api/v1/chat/events?poll=1']) {
        assert.equal((await app.inject({ url, headers })).statusCode, status, url);
      }
    }
    const csrfless = await app.inject({ method: 'PUT', url: '/api/v1/chat/presence', headers: { cookie: agent.session.cookie }, payload: { available: true } });
    assert.equal(csrfless.statusCode, 403, 'staff changes need the CSRF token');
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('action', 'like', 'chat.%').execute();
    assert.ok(audit.some((a) => a.action === 'chat.available') && audit.some((a) => a.action === 'chat.accepted') && audit.some((a) => a.action === 'chat.ended'));
  });
});
