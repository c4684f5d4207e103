/** What the agent desk, the customer screens and the walk-in desk read from the staff API. */
import { api, query } from '../../api.ts';

export type Localized = Record<string, string>;
export const CHANNELS = ['phone', 'walk_in', 'email', 'sms', 'chat', 'social', 'web'] as const;
export const OUTCOMES = ['answered', 'request_created', 'referred', 'transferred', 'abandoned', 'callback'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const LANGUAGES = ['en', 'es', 'vi', 'zh-Hant', 'ru', 'so', 'ar', 'uk'] as const;

export interface CustomerSummary {
  id: number;
  name: string | null;
  phones: string[];
  emails: string[];
  address: string | null;
  preferredLanguage: string | null;
}

export interface Customer extends CustomerSummary {
  accessibilityNeeds: string | null;
  consentToContact: boolean;
  notes: string | null;
  mergedIntoId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: number;
  channel: string;
  direction: string;
  startedAt: string;
  endedAt: string | null;
  handleSeconds: number | null;
  agentId: number | null;
  language: string | null;
  interpreterUsed: boolean;
  customerId: number | null;
  outcome: Outcome | null;
  resolvedFirstContact: boolean | null;
  referredAgencyId: string | null;
  notes: string | null;
  topics: Array<{ kind: 'service' | 'article'; ref: string }>;
  requestIds: number[];
  version: number;
}

export interface CustomerRequest {
  id: number;
  trackingNumber: string;
  serviceCode: string;
  status: string;
  description: string;
  address: string | null;
  createdAt: string;
  matchedBy: string[];
}

export interface Visit {
  id: number;
  contactId: number;
  visitorName: string;
  purpose: string;
  host: string;
  badgeNumber: string | null;
  signedInAt: string;
  signedOutAt: string | null;
  outcome: Outcome | null;
}

/** A phone kept as digits (15035551234) shown as people write it. */
export function formatPhone(digits: string): string {
  const m = /^1?(\d{3})(\d{3})(\d{4})$/.exec(digits);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : `+${digits}`;
}

/** Localised catalog text in the console's language, else English, else any. */
export function localized(text: Localized | null | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text.en ?? Object.values(text)[0] ?? '';
}

export const searchCustomers = (q: string, limit = 8) => api<{ customers: CustomerSummary[] }>('GET', `/api/v1/customers${query({ q, limit })}`);
export const startContact = (channel: string) => api<{ contact: Contact }>('POST', '/api/v1/contacts', { channel });
export const patchContact = (id: number, body: Record<string, unknown>) => api<{ contact: Contact }>('PATCH', `/api/v1/contacts/${id}`, body);
export const closeContact = (id: number, body: Record<string, unknown>) => api<{ contact: Contact }>('POST', `/api/v1/contacts/${id}/close`, body);
