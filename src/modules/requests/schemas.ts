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
