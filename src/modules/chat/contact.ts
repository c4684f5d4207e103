import type { Deps } from '../../deps.ts';
import type { AuditContext } from '../audit/index.ts';
import { logContact } from '../contacts/index.ts';

type ContactCreate = Parameters<typeof logContact>[1];
import type { ConversationRow, EventRow } from './repository.ts';

/** Whom a chat was referred or transferred to, when that was its outcome. */
export interface ChatClose {
  referredAgencyId?: string;
  transferredDepartmentId?: string;
}

/** One line of a chat transcript as the contact log keeps it. */
export interface TranscriptLine {
  at: string;
  author: 'resident' | 'agent' | 'system';
  kind: EventRow['kind'];
  text: string;
}

/** A conversation's events as a transcript (status changes kept, so the log shows who joined and left). */
export function transcriptOf(events: EventRow[]): TranscriptLine[] {
  return events.map((e) => ({ at: e.created_at.toISOString(), author: e.author, kind: e.kind, text: e.body }));
}

const seconds = (from: Date | null, to: Date | null): number | undefined =>
  from && to ? Math.max(0, Math.min(7 * 24 * 3600, Math.round((to.getTime() - from.getTime()) / 1000))) : undefined;

/**
 * Logs a finished conversation through the contacts module: channel chat, the transcript, wait
 * (until an agent accepted) and handle (until it ended) seconds, the language, the agent, and the
 * outcome — `callback` for a left message, `abandoned` when nobody accepted it. Returns the contact id.
 */
export async function logChatContact(deps: Deps, c: ConversationRow, events: EventRow[], audit: AuditContext, close: ChatClose = {}): Promise<number> {
  const left = c.status === 'left_message';
  const outcome = (left ? 'callback' : (c.outcome ?? 'abandoned')) as NonNullable<ContactCreate['close']>['outcome'];
  const endedAt = left ? c.created_at : (c.ended_at ?? deps.clock.now());
  const customer = c.contact_email || c.contact_phone ? { name: c.display_name ?? undefined, email: c.contact_email ?? undefined, phone: c.contact_phone ?? undefined, preferredLanguage: c.locale } : undefined;
  const input: ContactCreate = {
    jurisdictionId: c.jurisdiction_id,
    channel: 'chat',
    startedAt: c.created_at.toISOString(),
    waitSeconds: left ? undefined : seconds(c.created_at, c.accepted_at ?? endedAt),
    handleSeconds: left ? undefined : seconds(c.accepted_at, endedAt),
    language: c.locale,
    customer,
    notes: left ? null : c.topic,
    source: 'web_chat',
    sourceRef: String(c.id),
    transcript: transcriptOf(events),
    close: { outcome, endedAt: endedAt.toISOString(), ...(close.referredAgencyId ? { referredAgencyId: close.referredAgencyId } : {}), ...(close.transferredDepartmentId ? { transferredDepartmentId: close.transferredDepartmentId } : {}) },
  };
  const logged = await logContact(deps, { ...input, agentId: c.agent_id }, audit);
  return logged.contact.row.id;
}
