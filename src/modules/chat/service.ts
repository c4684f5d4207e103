import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { isOpen, nextOpening } from '../../lib/business-calendar.ts';
import { AppError, notFound, ValidationError, type FieldProblem } from '../../lib/errors.ts';
import { normalizeEmail, normalizePhone, parseInput } from '../../lib/validate.ts';
import { recordAudit, type AuditContext } from '../audit/index.ts';
import { getJurisdiction } from '../catalog/service.ts';
import { requireStaffPrincipal, type Principal } from '../identity/policy.ts';
import { logChatContact } from './contact.ts';
import { chatChanged } from './events.ts';
import * as repo from './repository.ts';
import { endSchema, leaveMessageSchema, messageSchema, startSchema } from './schemas.ts';

/**
 * Web chat: a resident on the portal starts a conversation (waiting), an available agent accepts
 * it (active), both write until one of them ends it (ended), and the agent's outcome logs it as a
 * contact with its transcript. Outside opening hours, or when no agent is available, the resident
 * leaves a message instead (left_message), which is logged as a contact to call back.
 *
 * Residents hold a random token (in an HttpOnly cookie); only its hash is stored, and every
 * resident function finds the conversation by that hash, so no resident can reach another's.
 */

/** An agent counts as available while marked so and seen (by a heartbeat of their console) this recently. */
export const PRESENCE_WINDOW_MS = 90_000;

/** A new random resident token and its stored hash. */
export function newChatToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** The stored form of a resident's token. */
export const hashToken = (token: string): string => createHash('sha256').update(`chat:${token}`).digest('hex');

export interface Availability {
  /** Within the jurisdiction's opening hours now. */
  open: boolean;
  /** Agents available now. */
  agents: number;
  /** Live chat is offered: open and someone to answer. */
  offered: boolean;
  /** When the jurisdiction next opens (ISO), when it is closed. */
  nextOpening: string | null;
}

/** Whether live chat is offered now (opening hours on the business calendar, and an available agent). */
export async function chatAvailability(deps: Deps): Promise<Availability> {
  const jurisdiction = await getJurisdiction(deps);
  const now = deps.clock.now();
  const open = isOpen(jurisdiction.calendar, now);
  const agents = await repo.countAvailableAgents(deps.db, new Date(now.getTime() - PRESENCE_WINDOW_MS));
  let next: string | null = null;
  try {
    next = open ? null : nextOpening(jurisdiction.calendar, now).toISOString();
  } catch {
    // A calendar without any opening hours never opens.
  }
  return { open, agents, offered: open && agents > 0, nextOpening: next };
}

/** Starts a live chat for a resident (409 chat_unavailable when it is not offered now); returns its id. */
export async function startConversation(deps: Deps, tokenHash: string, input: unknown): Promise<repo.ConversationRow> {
  const data = parseInput(startSchema, input);
  const availability = await chatAvailability(deps);
  if (!availability.offered) {
    throw new AppError('chat_unavailable', 409, availability.open ? 'No agent is available to chat right now: leave a message and we will call you back' : 'Chat is closed now: leave a message and we will call you back', {
      open: availability.open,
      nextOpening: availability.nextOpening,
    });
  }
  const jurisdiction = await getJurisdiction(deps);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertConversation(trx, { jurisdiction_id: jurisdiction.id, token_hash: tokenHash, status: 'waiting', locale: data.locale, display_name: data.name, topic: data.topic, created_at: now });
    await repo.insertEvent(trx, { conversation_id: created, kind: 'waiting', author: 'system', created_at: now });
    return created;
  });
  chatChanged(deps.db, id);
  return (await repo.selectConversation(deps.db, id)) as repo.ConversationRow;
}

/** The resident's own conversation (404 when the token opened none). */
export async function residentConversation(deps: Deps, tokenHash: string | null): Promise<repo.ConversationRow> {
  const found = tokenHash ? await repo.selectConversationByToken(deps.db, tokenHash) : undefined;
  if (!found || found.status === 'left_message') throw new AppError('no_conversation', 404, 'You have no chat open: start one first');
  return found;
}

/** A conversation's events after `afterId` (messages and status changes). */
export function conversationEvents(deps: Deps, conversationId: number, afterId = 0): Promise<repo.EventRow[]> {
  return repo.selectEvents(deps.db, conversationId, afterId);
}

/** A resident writes in their conversation (409 when it has ended). */
export async function postResidentMessage(deps: Deps, tokenHash: string | null, input: unknown): Promise<repo.EventRow> {
  const { body } = parseInput(messageSchema, input);
  const conversation = await residentConversation(deps, tokenHash);
  if (conversation.status === 'ended') throw new AppError('chat_ended', 409, 'This chat has ended: start a new one to write again');
  const event = await deps.db.transaction().execute(async (trx) => {
    // Under the lock: an end committed meanwhile is seen, and the message is refused.
    if ((await repo.selectConversation(trx, conversation.id, true))?.status === 'ended') throw new AppError('chat_ended', 409, 'This chat has ended: start a new one to write again');
    return repo.insertEvent(trx, { conversation_id: conversation.id, kind: 'message', author: 'resident', body, created_at: deps.clock.now() });
  });
  chatChanged(deps.db, conversation.id);
  return event;
}

/**
 * The resident ends their chat. While still waiting nobody answered: it is logged as an abandoned
 * contact. While active, the agent still chooses the outcome (endByAgent), which logs it.
 */
export async function endByResident(deps: Deps, tokenHash: string | null): Promise<repo.ConversationRow> {
  const conversation = await residentConversation(deps, tokenHash);
  if (conversation.status === 'ended') return conversation;
  const now = deps.clock.now();
  const wasWaiting = conversation.status === 'waiting';
  const ended = await deps.db.transaction().execute(async (trx) => {
    const changed = await repo.updateConversation(trx, conversation.id, ['waiting', 'active'], { status: 'ended', ended_at: now, ended_by: 'resident', ...(wasWaiting ? { outcome: 'abandoned' } : {}) });
    if (changed) await repo.insertEvent(trx, { conversation_id: conversation.id, kind: 'ended', author: 'resident', created_at: now });
    return changed;
  });
  if (ended) {
    chatChanged(deps.db, conversation.id);
    if (wasWaiting) await logContactOf(deps, conversation.id, { actor: { kind: 'system', label: 'web chat' } });
  }
  return (await repo.selectConversation(deps.db, conversation.id)) as repo.ConversationRow;
}

/** A resident leaves a message to be called back (name, e-mail or phone, message): a callback contact. */
export async function leaveMessage(deps: Deps, input: unknown): Promise<{ id: number }> {
  const data = parseInput(leaveMessageSchema, input);
  const problems: FieldProblem[] = [];
  const email = data.email ? normalizeEmail('email', data.email) : {};
  const phone = data.phone ? normalizePhone('phone', data.phone) : {};
  if (email.problem) problems.push(email.problem);
  if (phone.problem) problems.push(phone.problem);
  if (!data.email && !data.phone) problems.push({ field: 'email', code: 'required', message: 'email: give an e-mail address or a phone number so we can call you back' });
  if (problems.length) throw new ValidationError(problems);
  const jurisdiction = await getJurisdiction(deps);
  const now = deps.clock.now();
  const id = await deps.db.transaction().execute(async (trx) => {
    const created = await repo.insertConversation(trx, {
      jurisdiction_id: jurisdiction.id,
      token_hash: null,
      status: 'left_message',
      locale: data.locale,
      display_name: data.name,
      topic: null,
      contact_email: email.value ?? null,
      contact_phone: phone.value ?? null,
      created_at: now,
    });
    await repo.insertEvent(trx, { conversation_id: created, kind: 'left_message', author: 'resident', body: data.message, created_at: now });
    return created;
  });
  chatChanged(deps.db, id);
  await logContactOf(deps, id, { actor: { kind: 'system', label: 'web chat' } });
  return { id };
}

// --- Agents ------------------------------------------------------------------------------------

/** An agent marks themselves available for chats, or not (audited). */
export async function setPresence(deps: Deps, principal: Principal, available: boolean, audit: AuditContext): Promise<void> {
  const staff = requireStaffPrincipal(principal);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    await repo.upsertPresence(trx, staff.userId, available, now);
    await recordAudit(trx, { ...audit, at: now, action: available ? 'chat.available' : 'chat.away', target: { kind: 'staff_user', id: staff.userId } });
  });
}

/** Whether this agent is marked available (and still seen). */
export async function presenceOf(deps: Deps, principal: Principal): Promise<boolean> {
  const staff = requireStaffPrincipal(principal);
  const row = await repo.selectPresence(deps.db, staff.userId);
  return Boolean(row?.available && row.seen_at.getTime() >= deps.clock.now().getTime() - PRESENCE_WINDOW_MS);
}

/** Keeps an available agent's presence fresh (their live stream's heartbeat). */
export async function keepPresence(deps: Deps, principal: Principal): Promise<void> {
  await repo.touchPresence(deps.db, requireStaffPrincipal(principal).userId, deps.clock.now());
}

/** The waiting queue (oldest first) and the agent's own active chats. */
export async function agentQueue(deps: Deps, principal: Principal): Promise<repo.ConversationRow[]> {
  return repo.selectQueue(deps.db, requireStaffPrincipal(principal).userId);
}

/** One conversation for staff (any chat:answer holder may read it; only its agent writes in it). */
export async function getConversation(deps: Deps, id: number): Promise<repo.ConversationRow> {
  const found = await repo.selectConversation(deps.db, id);
  if (!found) throw notFound('Chat', id);
  return found;
}

/** An agent takes a waiting chat; 409 chat_taken when another agent was first. */
export async function acceptConversation(deps: Deps, principal: Principal, id: number, audit: AuditContext): Promise<repo.ConversationRow> {
  const staff = requireStaffPrincipal(principal);
  await getConversation(deps, id);
  const now = deps.clock.now();
  const taken = await deps.db.transaction().execute(async (trx) => {
    const changed = await repo.updateConversation(trx, id, ['waiting'], { status: 'active', agent_id: staff.userId, accepted_at: now });
    if (!changed) return false;
    await repo.insertEvent(trx, { conversation_id: id, kind: 'accepted', author: 'agent', agent_id: staff.userId, body: firstName(staff.name), created_at: now });
    await recordAudit(trx, { ...audit, at: now, action: 'chat.accepted', target: { kind: 'chat', id } });
    return true;
  });
  if (!taken) throw new AppError('chat_taken', 409, 'This chat is no longer waiting: another agent took it, or the resident left');
  chatChanged(deps.db, id);
  return getConversation(deps, id);
}

/** Only the first name of an agent is shown to residents. */
const firstName = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

function requireOwnChat(conversation: repo.ConversationRow, userId: number): void {
  if (conversation.agent_id !== userId) throw new AppError('not_your_chat', 403, 'Only the agent who accepted this chat can write in it or end it');
}

/** The agent writes in a chat they accepted. */
export async function postAgentMessage(deps: Deps, principal: Principal, id: number, input: unknown): Promise<repo.EventRow> {
  const staff = requireStaffPrincipal(principal);
  const { body } = parseInput(messageSchema, input);
  const conversation = await getConversation(deps, id);
  requireOwnChat(conversation, staff.userId);
  if (conversation.status !== 'active') throw new AppError('chat_ended', 409, 'This chat has ended');
  const now = deps.clock.now();
  const event = await deps.db.transaction().execute(async (trx) => {
    if ((await repo.selectConversation(trx, id, true))?.status !== 'active') throw new AppError('chat_ended', 409, 'This chat has ended');
    return repo.insertEvent(trx, { conversation_id: id, kind: 'message', author: 'agent', agent_id: staff.userId, body, created_at: now });
  });
  chatChanged(deps.db, id);
  return event;
}

/**
 * The agent ends a chat (or wraps up one the resident ended) with an outcome: the conversation is
 * logged as a contact first (so a refused outcome — a referral without its agency — changes
 * nothing), then closed with the contact's id. 409 when it was already wrapped up.
 */
export async function endByAgent(deps: Deps, principal: Principal, id: number, input: unknown, audit: AuditContext): Promise<repo.ConversationRow> {
  const staff = requireStaffPrincipal(principal);
  const { outcome, referredAgencyId, transferredDepartmentId } = parseInput(endSchema, input);
  const conversation = await getConversation(deps, id);
  requireOwnChat(conversation, staff.userId);
  const wrapUp = conversation.status === 'ended' && conversation.contact_id === null;
  if (conversation.status !== 'active' && !wrapUp) throw new AppError('chat_closed', 409, 'This chat has already been ended and logged');
  const now = deps.clock.now();
  const endedAt = conversation.ended_at ?? now;
  const events = await repo.selectEvents(deps.db, id);
  const closing = wrapUp ? events : [...events, { id: 0, conversation_id: id, kind: 'ended' as const, author: 'agent' as const, agent_id: staff.userId, body: '', created_at: now }];
  const contactId = await logChatContact(deps, { ...conversation, status: 'ended', ended_at: endedAt, outcome }, closing, audit, { referredAgencyId, transferredDepartmentId });
  const done = await deps.db.transaction().execute(async (trx) => {
    const current = (await repo.selectConversation(trx, id, true)) as repo.ConversationRow;
    if (current.contact_id !== null || (current.status !== 'active' && current.status !== 'ended')) return false;
    await repo.closeConversation(trx, id, { outcome, contact_id: contactId, ended_at: current.ended_at ?? now, ended_by: current.ended_by ?? 'agent' });
    if (current.status === 'active') await repo.insertEvent(trx, { conversation_id: id, kind: 'ended', author: 'agent', agent_id: staff.userId, created_at: now });
    await recordAudit(trx, { ...audit, at: now, action: 'chat.ended', target: { kind: 'chat', id }, data: { outcome, contactId } });
    return true;
  });
  if (!done) throw new AppError('chat_closed', 409, 'This chat has already been ended and logged');
  chatChanged(deps.db, id);
  return getConversation(deps, id);
}

/** Messages left for a call back, oldest first. */
export function listCallbacks(deps: Deps, limit: number): Promise<repo.ConversationRow[]> {
  return repo.selectCallbacks(deps.db, limit);
}

/** Marks a left message as called back (audited); 409 when it already was. */
export async function markCalledBack(deps: Deps, principal: Principal, id: number, audit: AuditContext): Promise<repo.ConversationRow> {
  const staff = requireStaffPrincipal(principal);
  const conversation = await getConversation(deps, id);
  if (conversation.status !== 'left_message') throw notFound('Message to call back', id);
  const now = deps.clock.now();
  const marked = await deps.db.transaction().execute(async (trx) => {
    const ok = await repo.markCallbackDone(trx, id, staff.userId, now);
    if (ok) await recordAudit(trx, { ...audit, at: now, action: 'chat.called_back', target: { kind: 'chat', id } });
    return ok;
  });
  if (!marked) throw new AppError('already_called_back', 409, 'This message has already been called back');
  return getConversation(deps, id);
}

/** Logs a finished conversation as a contact once (the contact's id is kept on the conversation). */
async function logContactOf(deps: Deps, id: number, audit: AuditContext): Promise<void> {
  const conversation = await getConversation(deps, id);
  if (conversation.contact_id !== null) return;
  const events = await repo.selectEvents(deps.db, id);
  const contactId = await logChatContact(deps, conversation, events, audit);
  await repo.setContactId(deps.db, id, contactId);
}
