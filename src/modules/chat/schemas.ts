import { z } from 'zod';
import { LOCALES } from '../../i18n/index.ts';

/** The longest chat message, in characters (a long paragraph; a transcript stays readable). */
export const MAX_MESSAGE = 2000;
/** The longest message left for a call back. */
export const MAX_LEFT_MESSAGE = 4000;

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

export const localeSchema = z.enum(LOCALES);

/** A resident starts a chat: a name to be called by and a topic are optional. */
export const startSchema = z
  .object({
    locale: localeSchema.default('en'),
    name: optionalText(100),
    topic: optionalText(200),
  })
  .strict();
export type StartInput = z.output<typeof startSchema>;

export const messageSchema = z.object({ body: text(MAX_MESSAGE).min(1, 'must not be empty') }).strict();

/** A message left outside hours (or when nobody is available): how to call back and what about. */
export const leaveMessageSchema = z
  .object({
    locale: localeSchema.default('en'),
    name: text(100).min(1, 'must not be empty'),
    email: optionalText(254),
    phone: optionalText(40),
    message: text(MAX_LEFT_MESSAGE).min(1, 'must not be empty'),
  })
  .strict();
export type LeaveMessageInput = z.input<typeof leaveMessageSchema>;

/** How an agent closes a chat: the contact log's outcomes that fit a chat. */
export const CHAT_OUTCOMES = ['answered', 'request_created', 'referred', 'transferred'] as const;
export type ChatOutcome = (typeof CHAT_OUTCOMES)[number];
const departmentId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department or agency id');
/** Referred needs the agency, transferred the department (the contact log requires them). */
export const endSchema = z
  .object({ outcome: z.enum(CHAT_OUTCOMES), referredAgencyId: departmentId.optional(), transferredDepartmentId: departmentId.optional() })
  .strict();

export const presenceSchema = z.object({ available: z.boolean() }).strict();

export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number') }).strict();

/** `poll=1`: answer the events after lastEventId as JSON at once instead of streaming them. */
export const streamQuery = z
  .object({
    lastEventId: z.string().regex(/^\d{1,15}$/, 'must be a whole number').optional(),
    poll: z.enum(['0', '1']).optional(),
  })
  .strict();

export const callbackQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();
