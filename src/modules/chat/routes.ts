import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { requireStaffPrincipal } from '../identity/policy.ts';
import { lastEventIdOf, streamEvents } from './events.ts';
import { defaultChatLimits, type ChatLimits } from './limits.ts';
import { agentStreamEvent, presentCallback, presentEvent, presentForResident, presentForStaff, residentStreamEvent } from './presenter.ts';
import { selectAgentFeed, selectEvents } from './repository.ts';
import { callbackQuery, endSchema, idParams, leaveMessageSchema, messageSchema, presenceSchema, startSchema, streamQuery } from './schemas.ts';
import * as chat from './service.ts';

/** The resident's chat token lives in this HttpOnly cookie (SameSite=Strict: never sent cross-site). */
export const CHAT_COOKIE = 'frontdoor_chat';
const COOKIE_MAX_AGE_S = 86_400;
const RESIDENT_TAGS = ['Web chat (residents)'];
const STAFF_TAGS = ['Web chat (staff)'];
const SMALL_BODY = 16_384;
/** Resident routes act as nobody in particular, even from a browser that also holds a staff session. */
const RESIDENT = { csrf: false } as const;
/** Marks a route that takes no input in the OpenAPI document. */
const NO_INPUT = { 'x-no-input': true } as const;

export interface ChatRouteOptions {
  /** Mark the chat cookie Secure on plain HTTP too (behind a TLS proxy). */
  secureCookies?: boolean;
  limits?: ChatLimits;
  /** Stream heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
}

/** The hash of the resident's chat token, or null when they have none. */
export const tokenHashOf = (request: FastifyRequest): string | null => {
  const token = request.cookies[CHAT_COOKIE];
  return token && /^[\w-]{20,100}$/.test(token) ? chat.hashToken(token) : null;
};

const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https' || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';

/** Sets a fresh chat token cookie on the reply and returns its hash. */
export function issueChatToken(request: FastifyRequest, reply: FastifyReply, secureAlways: boolean): string {
  const { token, hash } = chat.newChatToken();
  reply.setCookie(CHAT_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureAlways || isHttps(request), maxAge: COOKIE_MAX_AGE_S });
  return hash;
}

/**
 * Web chat routes. Residents (no account; their chat token in a cookie) under /api/v1/chat/…:
 * availability, start, write, end, leave a message, and their conversation's live stream. Agents
 * (chat:answer) under /api/v1/chat/…: presence, queue, accept, write, end with an outcome, their
 * live stream, and the messages to call back.
 */
export async function registerChatRoutes(app: FastifyInstance, deps: Deps, options: ChatRouteOptions = {}): Promise<void> {
  const limits = options.limits ?? defaultChatLimits();
  const secure = options.secureCookies ?? false;
  const open = new Set<() => void>();
  // A closing server ends the live streams first (browsers reconnect to another process).
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
  await app.register(async (plain) => {
    const api = useZod(plain);
    const answer = requirePermission('chat:answer');

    // --- Residents --------------------------------------------------------------------------------
    api.get('/api/v1/chat/availability', { schema: { tags: RESIDENT_TAGS, summary: 'Whether live chat is offered now', description: 'Offered within opening hours while an agent is available; otherwise leave a message.', security: [], ...NO_INPUT } }, async () =>
      chat.chatAvailability(deps),
    );
    api.post(
      '/api/v1/chat/conversation',
      { bodyLimit: SMALL_BODY, config: RESIDENT, schema: { tags: RESIDENT_TAGS, summary: 'Start a chat (or get the one already open)', description: '409 chat_unavailable outside hours or when no agent is available. Sets the HttpOnly chat cookie that identifies the resident.', security: [], body: startSchema } },
      async (request, reply) => {
        const hash = tokenHashOf(request);
        const open = hash ? await chat.residentConversation(deps, hash).catch(() => null) : null;
        if (open && open.status !== 'ended') return { conversation: presentForResident(open, await chat.conversationEvents(deps, open.id)) };
        limits.starts.take(`ip:${request.ip}`, deps.clock.now(), 'chats started');
        const started = await chat.startConversation(deps, issueChatToken(request, reply, secure), request.body);
        return reply.status(201).send({ conversation: presentForResident(started, await chat.conversationEvents(deps, started.id)) });
      },
    );
    api.get('/api/v1/chat/conversation', { schema: { tags: RESIDENT_TAGS, summary: "The resident's own chat with its messages", description: '404 when the chat cookie opened none.', security: [], ...NO_INPUT } }, async (request, reply) => {
      const conversation = await chat.residentConversation(deps, tokenHashOf(request));
      reply.header('cache-control', 'private, no-store');
      return { conversation: presentForResident(conversation, await chat.conversationEvents(deps, conversation.id)) };
    });
    api.post(
      '/api/v1/chat/conversation/messages',
      { bodyLimit: SMALL_BODY, config: RESIDENT, schema: { tags: RESIDENT_TAGS, summary: 'Write in the chat', description: 'At most 2,000 characters; 20 messages a minute (429 beyond).', security: [], body: messageSchema } },
      async (request, reply) => {
        const hash = tokenHashOf(request);
        limits.messages.take(`chat:${hash ?? 'none'}`, deps.clock.now(), 'messages');
        return reply.status(201).send({ event: presentEvent(await chat.postResidentMessage(deps, hash, request.body)) });
      },
    );
    api.post('/api/v1/chat/conversation/end', { bodyLimit: SMALL_BODY, config: RESIDENT, schema: { tags: RESIDENT_TAGS, summary: 'Leave the chat', security: [], ...NO_INPUT } }, async (request) => {
      const conversation = await chat.endByResident(deps, tokenHashOf(request));
      return { conversation: presentForResident(conversation, await chat.conversationEvents(deps, conversation.id)) };
    });
    api.get(
      '/api/v1/chat/conversation/events',
      { schema: { tags: RESIDENT_TAGS, summary: "The chat's live stream (server-sent events)", description: 'Each event has the id of the change; a reconnecting browser sends Last-Event-ID and gets what it missed. poll=1 answers the events after lastEventId as JSON at once.', security: [], querystring: streamQuery } },
      async (request, reply) => {
        const conversation = await chat.residentConversation(deps, tokenHashOf(request));
        const read = async (after: number) => (await selectEvents(deps.db, conversation.id, after)).map(residentStreamEvent);
        if (request.query.poll === '1') return pollAnswer(reply, await read(lastEventIdOf(request)));
        await streamEvents(deps.db, request, reply, { read, open, conversationId: conversation.id, heartbeatMs: options.heartbeatMs });
        return reply;
      },
    );
    api.post(
      '/api/v1/chat/left-messages',
      { bodyLimit: SMALL_BODY, config: RESIDENT, schema: { tags: RESIDENT_TAGS, summary: 'Leave a message to be called back', description: 'A name, an e-mail address or a phone number, and the message; logged as a contact to call back. 5 an hour per client (429 beyond).', security: [], body: leaveMessageSchema } },
      async (request, reply) => {
        limits.leftMessages.take(`ip:${request.ip}`, deps.clock.now(), 'messages left');
        await chat.leaveMessage(deps, request.body);
        return reply.status(202).send({ received: true });
      },
    );

    // --- Agents -------------------------------------------------------------------------------------
    api.get('/api/v1/chat/presence', { preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Whether I am available for chats, and whether chat is offered', ...NO_INPUT } }, async (request) => ({
      available: await chat.presenceOf(deps, request.principal),
      availability: await chat.chatAvailability(deps),
    }));
    api.put('/api/v1/chat/presence', { bodyLimit: SMALL_BODY, preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Mark myself available for chats, or away', description: 'Needs chat:answer. Stays fresh while the console’s chat stream is open (away after 90 s without it). Audited.', body: presenceSchema } }, async (request) => {
      await chat.setPresence(deps, request.principal, request.body.available, auditContextOf(request));
      return { available: request.body.available, availability: await chat.chatAvailability(deps) };
    });
    api.get('/api/v1/chat/queue', { preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Chats waiting (oldest first, with their wait) and my active chats', ...NO_INPUT } }, async (request) => {
      const now = deps.clock.now();
      return { conversations: (await chat.agentQueue(deps, request.principal)).map((c) => presentForStaff(c, now)) };
    });
    api.get('/api/v1/chat/conversations/:id', { preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'One chat with its messages', params: idParams } }, async (request) => {
      const conversation = await chat.getConversation(deps, Number(request.params.id));
      return { conversation: presentForStaff(conversation, deps.clock.now()), events: (await chat.conversationEvents(deps, conversation.id)).map(presentEvent) };
    });
    api.post('/api/v1/chat/conversations/:id/accept', { bodyLimit: SMALL_BODY, preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Take a waiting chat', description: '409 chat_taken when another agent was first.', params: idParams } }, async (request) => ({
      conversation: presentForStaff(await chat.acceptConversation(deps, request.principal, Number(request.params.id), auditContextOf(request)), deps.clock.now()),
    }));
    api.post('/api/v1/chat/conversations/:id/messages', { bodyLimit: SMALL_BODY, preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Write in a chat I accepted', params: idParams, body: messageSchema } }, async (request, reply) =>
      reply.status(201).send({ event: presentEvent(await chat.postAgentMessage(deps, request.principal, Number(request.params.id), request.body)) }),
    );
    api.post(
      '/api/v1/chat/conversations/:id/end',
      { bodyLimit: SMALL_BODY, preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'End a chat with its outcome', description: 'Logs the chat as a contact (channel chat, transcript, wait and handle seconds). Also wraps up a chat the resident left. 409 when already logged.', params: idParams, body: endSchema } },
      async (request) => ({ conversation: presentForStaff(await chat.endByAgent(deps, request.principal, Number(request.params.id), request.body, auditContextOf(request)), deps.clock.now()) }),
    );
    api.get(
      '/api/v1/chat/events',
      { preHandler: answer, schema: { tags: STAFF_TAGS, summary: "The agent's live stream (server-sent events)", description: 'Queue changes of every chat and the messages of my chats; Last-Event-ID resumes. poll=1 answers at once as JSON. Keeps my availability fresh.', querystring: streamQuery } },
      async (request, reply) => {
        const staff = requireStaffPrincipal(request.principal);
        const read = async (after: number) => (await selectAgentFeed(deps.db, staff.userId, after)).map(agentStreamEvent);
        if (request.query.poll === '1') return pollAnswer(reply, await read(lastEventIdOf(request)));
        await chat.keepPresence(deps, request.principal);
        await streamEvents(deps.db, request, reply, { read, open, heartbeatMs: options.heartbeatMs, onHeartbeat: () => chat.keepPresence(deps, request.principal) });
        return reply;
      },
    );
    api.get('/api/v1/chat/callbacks', { preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Messages left to be called back, oldest first', querystring: callbackQuery } }, async (request) => {
      const rows = await chat.listCallbacks(deps, request.query.limit);
      const messages = await Promise.all(rows.map(async (r) => (await selectEvents(deps.db, r.id, 0, 1))[0]?.body ?? ''));
      return { callbacks: rows.map((r, i) => presentCallback(r, messages[i] ?? '')) };
    });
    api.post('/api/v1/chat/callbacks/:id/done', { bodyLimit: SMALL_BODY, preHandler: answer, schema: { tags: STAFF_TAGS, summary: 'Mark a left message as called back', params: idParams } }, async (request) => {
      const row = await chat.markCalledBack(deps, request.principal, Number(request.params.id), auditContextOf(request));
      return { callback: { id: row.id, calledBackAt: row.callback_done_at?.toISOString() ?? null } };
    });
  });
}

function pollAnswer(reply: FastifyReply, events: Array<{ id: number; event: string; data: unknown }>) {
  reply.header('cache-control', 'no-store');
  return { events: events.map((e) => ({ id: e.id, event: e.event, data: e.data })), lastEventId: events.at(-1)?.id ?? null };
}
