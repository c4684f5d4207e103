import { z } from 'zod';
import { STATUSES } from './status.ts';

export const CHANNELS = ['web', 'phone', 'walk_in', 'email', 'sms', 'chat', 'app', 'open311', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** Longest text accepted before cleaning; the 4,000-character limit applies to the cleaned text. */
const RAW_TEXT_MAX = 20_000;

const person = z
  .object({
    name: z.string().max(200).optional(),
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
  })
  .strict();

/** A new service request, from any channel. Open311 and HTTP adapters map their fields to this. */
export const createRequestSchema = z
  .object({
    jurisdictionId: z.string().min(1).max(64).optional(),
    serviceCode: z.string().min(1).max(64),
    channel: z.enum(CHANNELS),
    description: z.string().max(RAW_TEXT_MAX).default(''),
    location: z.object({ lat: z.number(), long: z.number() }).strict().optional(),
    address: z.string().max(2000).optional(),
    attributes: z.record(z.string(), z.unknown()).default({}),
    requester: person.optional(),
    priority: z.enum(PRIORITIES).optional(),
    idempotencyKey: z.string().min(1).max(255).optional(),
    actor: z.string().min(1).max(200).default('resident'),
    /** The requester's language for e-mails about the request (en, es, vi, zh-Hant, ru). */
    locale: z.enum(['en', 'es', 'vi', 'zh-Hant', 'ru']).optional(),
  })
  .strict();
export type CreateRequestInput = z.input<typeof createRequestSchema>;

const ref = z.union([z.number().int().positive(), z.string().min(1).max(40)]);

export const transitionSchema = z
  .object({
    request: ref,
    to: z.enum(STATUSES),
    expectedVersion: z.number().int().positive(),
    actor: z.string().min(1).max(200),
    publicNote: z.string().max(RAW_TEXT_MAX).optional(),
    internalNote: z.string().max(RAW_TEXT_MAX).optional(),
    referredTo: z.string().min(1).max(64).optional(),
  })
  .strict();
export type TransitionInput = z.input<typeof transitionSchema>;

export const noteSchema = z
  .object({
    request: ref,
    actor: z.string().min(1).max(200),
    publicNote: z.string().max(RAW_TEXT_MAX).optional(),
    internalNote: z.string().max(RAW_TEXT_MAX).optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type NoteInput = z.input<typeof noteSchema>;

export const supportSchema = z
  .object({
    request: ref,
    channel: z.enum(CHANNELS),
    supporter: person.default({}),
    comment: z.string().max(RAW_TEXT_MAX).optional(),
  })
  .strict();
export type SupportInput = z.input<typeof supportSchema>;

export const mergeSchema = z
  .object({
    child: ref,
    parent: ref,
    actor: z.string().min(1).max(200),
    expectedChildVersion: z.number().int().positive().optional(),
    publicNote: z.string().max(RAW_TEXT_MAX).optional(),
  })
  .strict();
export type MergeInput = z.input<typeof mergeSchema>;

export const duplicateQuerySchema = z
  .object({
    jurisdictionId: z.string().min(1).max(64).optional(),
    serviceCode: z.string().min(1).max(64),
    location: z.object({ lat: z.number(), long: z.number() }).strict(),
    limit: z.number().int().min(1).max(50).default(10),
  })
  .strict();
export type DuplicateQuery = z.input<typeof duplicateQuerySchema>;

const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with a zone, e.g. 2026-03-02T17:00:00Z');

/** The staff list's query string (`GET /api/v1/requests`). */
export const listRequestsQuerySchema = z
  .object({
    status: z
      .string()
      .regex(new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`), `must be statuses separated by commas: ${STATUSES.join(', ')}`)
      .optional()
      .describe('One status or several separated by commas'),
    service_code: z.string().min(1).max(64).optional(),
    department: z.string().min(1).max(64).optional(),
    district: z.string().min(1).max(64).optional(),
    assignee: z
      .string()
      .regex(/^(me|none|[1-9]\d{0,14})$/, 'must be a staff user id, "me" or "none"')
      .optional()
      .describe('A staff user id, "me", or "none" for unassigned requests'),
    overdue: z.enum(['true', 'false']).optional().describe('true: open requests past their due time (or marked breached)'),
    q: z.string().min(1).max(200).optional().describe('A tracking number, or text found in the description or address (any letter case)'),
    created_after: isoDateTime.optional(),
    created_before: isoDateTime.optional(),
    updated_after: isoDateTime.optional(),
    updated_before: isoDateTime.optional(),
    sort: z.enum(['created', '-created', 'updated', '-updated', 'due', '-due']).default('-created').describe('A leading minus sorts newest (or latest due) first'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z.string().max(200).optional().describe('nextCursor from the previous page'),
  })
  .strict();
export type ListRequestsQuery = z.output<typeof listRequestsQuerySchema>;

export const assignSchema = z
  .object({
    request: ref,
    assigneeId: z.number().int().positive().nullable(),
    expectedVersion: z.number().int().positive(),
    actor: z.string().min(1).max(200),
  })
  .strict();
export type AssignInput = z.input<typeof assignSchema>;
