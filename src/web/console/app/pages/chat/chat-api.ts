/** The chat screen's view of the staff chat API (/api/v1/chat/…). */

export interface ChatSummary {
  id: number;
  status: 'waiting' | 'active' | 'ended' | 'left_message';
  locale: string;
  name: string | null;
  topic: string | null;
  agent: { id: number; name: string | null } | null;
  startedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endedBy: 'resident' | 'agent' | 'system' | null;
  outcome: string | null;
  contactId: number | null;
  waitSeconds: number;
}

export interface ChatEvent {
  id: number;
  kind: 'waiting' | 'accepted' | 'message' | 'ended' | 'left_message';
  author: 'resident' | 'agent' | 'system';
  text: string;
  at: string;
}

/** An event of the agent's live stream: a chat event with the chat it belongs to. */
export interface FeedEvent extends ChatEvent {
  conversationId: number;
  status: ChatSummary['status'];
}

export interface Availability {
  open: boolean;
  agents: number;
  offered: boolean;
  nextOpening: string | null;
}

export interface Callback {
  id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string;
  message: string;
  leftAt: string;
  contactId: number | null;
}

export const CHAT_OUTCOMES = ['answered', 'request_created', 'referred', 'transferred'] as const;
export type ChatOutcome = (typeof CHAT_OUTCOMES)[number];

/** "3 min 05 s" style durations for wait times (text, never colour alone). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}
