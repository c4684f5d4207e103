import type { StreamEvent } from './events.ts';
import type { ConversationRow, EventRow } from './repository.ts';

/**
 * What leaves the server. Residents see their own conversation only: its status, the agent's first
 * name and the messages — never the agent's account, other conversations, or how to reach anyone.
 * Staff see the queue and conversations; contact details of a left message only on the staff API.
 */

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** An event of a conversation (a message or a status change). */
export function presentEvent(e: EventRow): { id: number; kind: string; author: string; text: string; at: string } {
  return { id: e.id, kind: e.kind, author: e.author, text: e.body, at: e.created_at.toISOString() };
}

/** The resident's view of their conversation. */
export function presentForResident(c: ConversationRow, events: EventRow[]) {
  return {
    status: c.status,
    locale: c.locale,
    name: c.display_name,
    agentName: c.agent_name ? c.agent_name.trim().split(/\s+/)[0] : null,
    startedAt: c.created_at.toISOString(),
    events: events.map(presentEvent),
    lastEventId: events.at(-1)?.id ?? 0,
  };
}

/** A conversation as the queue and the conversation panel show it. */
export function presentForStaff(c: ConversationRow, now: Date) {
  return {
    id: c.id,
    status: c.status,
    locale: c.locale,
    name: c.display_name,
    topic: c.topic,
    agent: c.agent_id ? { id: c.agent_id, name: c.agent_name } : null,
    startedAt: c.created_at.toISOString(),
    acceptedAt: iso(c.accepted_at),
    endedAt: iso(c.ended_at),
    endedBy: c.ended_by,
    outcome: c.outcome,
    contactId: c.contact_id,
    waitSeconds: Math.max(0, Math.round(((c.accepted_at ?? (c.status === 'waiting' ? now : c.ended_at) ?? now).getTime() - c.created_at.getTime()) / 1000)),
  };
}

/** A message left for a call back, with the details to call back (staff only). */
export function presentCallback(c: ConversationRow, message: string) {
  return { id: c.id, name: c.display_name, email: c.contact_email, phone: c.contact_phone, locale: c.locale, message, leftAt: c.created_at.toISOString(), contactId: c.contact_id };
}

/** A resident stream's event: one of the conversation's events. */
export function residentStreamEvent(e: EventRow): StreamEvent {
  return { id: e.id, event: e.kind, data: presentEvent(e) };
}

/** An agent stream's event: queue changes carry no text; messages of their own chats do. */
export function agentStreamEvent(e: EventRow & { status: string }): StreamEvent {
  return { id: e.id, event: e.kind, data: { conversationId: e.conversation_id, status: e.status, ...presentEvent(e), text: e.kind === 'message' ? e.body : '' } };
}
