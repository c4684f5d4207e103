import { sql } from 'kysely';
import type { Db } from '../../db/client.ts';
import type { ChatAuthor, ChatEventKind, ConversationStatus } from './tables.ts';

/** Chat SQL: the only file that touches the chat_ tables. */

export interface ConversationRow {
  id: number;
  jurisdiction_id: string;
  status: ConversationStatus;
  locale: string;
  display_name: string | null;
  topic: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  agent_id: number | null;
  agent_name: string | null;
  created_at: Date;
  accepted_at: Date | null;
  ended_at: Date | null;
  ended_by: 'resident' | 'agent' | 'system' | null;
  outcome: string | null;
  contact_id: number | null;
  callback_done_at: Date | null;
}

export interface EventRow {
  id: number;
  conversation_id: number;
  kind: ChatEventKind;
  author: ChatAuthor;
  agent_id: number | null;
  body: string;
  created_at: Date;
}

const conversationColumns = [
  'c.id',
  'c.jurisdiction_id',
  'c.status',
  'c.locale',
  'c.display_name',
  'c.topic',
  'c.contact_email',
  'c.contact_phone',
  'c.agent_id',
  'u.name as agent_name',
  'c.created_at',
  'c.accepted_at',
  'c.ended_at',
  'c.ended_by',
  'c.outcome',
  'c.contact_id',
  'c.callback_done_at',
] as const;

const conversations = (db: Db) => db.selectFrom('chat_conversations as c').leftJoin('staff_users as u', 'u.id', 'c.agent_id').select(conversationColumns);

/** One conversation by id (locked for update when asked: the row only, not the agent's). */
export async function selectConversation(db: Db, id: number, lock = false): Promise<ConversationRow | undefined> {
  if (lock) await lockConversation(db, id);
  return (await conversations(db).where('c.id', '=', id).executeTakeFirst()) as ConversationRow | undefined;
}

/** The conversation a resident's token opened (the newest, if a token was ever reused). */
export async function selectConversationByToken(db: Db, tokenHash: string): Promise<ConversationRow | undefined> {
  return (await conversations(db).where('c.token_hash', '=', tokenHash).orderBy('c.id', 'desc').limit(1).executeTakeFirst()) as ConversationRow | undefined;
}

/** Conversations waiting for an agent (oldest first), and this agent's open ones (active, or ended by the resident and not yet logged). */
export async function selectQueue(db: Db, agentId: number): Promise<ConversationRow[]> {
  return (await conversations(db)
    .where((eb) =>
      eb.or([
        eb('c.status', '=', 'waiting'),
        eb.and([eb('c.agent_id', '=', agentId), eb.or([eb('c.status', '=', 'active'), eb.and([eb('c.status', '=', 'ended'), eb('c.contact_id', 'is', null)])])]),
      ]),
    )
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(500)
    .execute()) as ConversationRow[];
}

/** Messages left outside hours that nobody has called back yet (oldest first). */
export async function selectCallbacks(db: Db, limit: number): Promise<ConversationRow[]> {
  return (await conversations(db)
    .where('c.status', '=', 'left_message')
    .where('c.callback_done_at', 'is', null)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(limit)
    .execute()) as ConversationRow[];
}

export async function insertConversation(
  db: Db,
  row: { jurisdiction_id: string; token_hash: string | null; status: ConversationStatus; locale: string; display_name: string | null; topic: string | null; contact_email?: string | null; contact_phone?: string | null; created_at: Date },
): Promise<number> {
  return (await db.insertInto('chat_conversations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Changes a conversation when it is still in one of `from` statuses; false when it was not. */
export async function updateConversation(
  db: Db,
  id: number,
  from: ConversationStatus[],
  changes: Partial<{ status: ConversationStatus; agent_id: number; accepted_at: Date; ended_at: Date; ended_by: 'resident' | 'agent' | 'system'; outcome: string }>,
): Promise<boolean> {
  const result = await db.updateTable('chat_conversations').set(changes).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends a conversation with its outcome and logged contact (the caller holds its row lock). */
export async function closeConversation(db: Db, id: number, values: { outcome: string; contact_id: number; ended_at: Date; ended_by: 'resident' | 'agent' | 'system' }): Promise<void> {
  await db.updateTable('chat_conversations').set({ status: 'ended', ...values }).where('id', '=', id).execute();
}

export async function setContactId(db: Db, id: number, contactId: number): Promise<void> {
  await db.updateTable('chat_conversations').set({ contact_id: contactId }).where('id', '=', id).execute();
}

/** Marks a left message as called back; false when it was already (or is not a left message). */
export async function markCallbackDone(db: Db, id: number, userId: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('chat_conversations')
    .set({ callback_done_at: at, callback_done_by: userId })
    .where('id', '=', id)
    .where('status', '=', 'left_message')
    .where('callback_done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertEvent(db: Db, row: { conversation_id: number; kind: ChatEventKind; author: ChatAuthor; agent_id?: number | null; body?: string; created_at: Date }): Promise<EventRow> {
  return (await db.insertInto('chat_events').values(row).returningAll().executeTakeFirstOrThrow()) as EventRow;
}

/** A conversation's events after `afterId`, in order. */
export async function selectEvents(db: Db, conversationId: number, afterId = 0, limit = 1000): Promise<EventRow[]> {
  return (await db
    .selectFrom('chat_events')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()) as EventRow[];
}

/**
 * An agent's feed after `afterId`: every queue change (a chat waiting, taken, ended) of any
 * conversation, and every event of the conversations the agent is in.
 */
export async function selectAgentFeed(db: Db, agentId: number, afterId: number, limit = 500): Promise<Array<EventRow & { status: ConversationStatus }>> {
  return (await db
    .selectFrom('chat_events as e')
    .innerJoin('chat_conversations as c', 'c.id', 'e.conversation_id')
    .select(['e.id', 'e.conversation_id', 'e.kind', 'e.author', 'e.agent_id', 'e.body', 'e.created_at', 'c.status'])
    .where('e.id', '>', afterId)
    .where((eb) => eb.or([eb('e.kind', '!=', 'message'), eb('c.agent_id', '=', agentId)]))
    .orderBy('e.id')
    .limit(limit)
    .execute()) as Array<EventRow & { status: ConversationStatus }>;
}

/** The newest event id (0 when there is none): what the stream watcher compares. */
export async function selectLastEventId(db: Db): Promise<number> {
  const row = await db.selectFrom('chat_events').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Ids and conversations of the events after `afterId` (at most 10,000 a look), for the watcher. */
export async function selectEventIdsSince(db: Db, afterId: number): Promise<Array<{ id: number; conversation_id: number }>> {
  return db.selectFrom('chat_events').select(['id', 'conversation_id']).where('id', '>', afterId).orderBy('id').limit(10_000).execute();
}

/** Locks a conversation's row, so its events are written (and committed) one after another, in id order. */
export async function lockConversation(db: Db, id: number): Promise<void> {
  await db.selectFrom('chat_conversations').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Sets an agent's availability; `seen_at` moves with every mark and every heartbeat of their stream. */
export async function upsertPresence(db: Db, userId: number, available: boolean, at: Date): Promise<void> {
  await db
    .insertInto('chat_presence')
    .values({ user_id: userId, available, seen_at: at, updated_at: at })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ available, seen_at: at, updated_at: at }))
    .execute();
}

export async function touchPresence(db: Db, userId: number, at: Date): Promise<void> {
  await db.updateTable('chat_presence').set({ seen_at: at }).where('user_id', '=', userId).where('available', '=', true).execute();
}

export async function selectPresence(db: Db, userId: number): Promise<{ available: boolean; seen_at: Date } | undefined> {
  return db.selectFrom('chat_presence').select(['available', 'seen_at']).where('user_id', '=', userId).executeTakeFirst();
}

/** How many agents are marked available and were seen since `since` (active staff accounts only). */
export async function countAvailableAgents(db: Db, since: Date): Promise<number> {
  const row = await db
    .selectFrom('chat_presence as p')
    .innerJoin('staff_users as u', 'u.id', 'p.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.available', '=', true)
    .where('p.seen_at', '>=', since)
    .where('u.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
