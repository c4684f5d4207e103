import { z } from 'zod';
import { LOCALES } from '../../i18n/index.ts';
import { CATEGORIES, CERTAINTIES, SEVERITIES, URGENCIES } from './tables.ts';

/** Inputs of the alerts module, validated with zod: every problem names its field (400). */

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

/** Text per language: English is required (the fallback of every other language). */
const localizedText = (max: number) =>
  z
    .object(Object.fromEntries(LOCALES.map((l) => [l, text(max).optional()])) as Record<(typeof LOCALES)[number], z.ZodOptional<ReturnType<typeof text>>>)
    .strict()
    .refine((v) => typeof v.en === 'string', { message: 'needs the English (en) text, the fallback for every other language', path: ['en'] });

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).describe('[longitude, latitude]');

export const ringSchema = z
  .array(position)
  .min(3, 'a polygon needs at least three points')
  .max(500, 'at most 500 points')
  .describe('The outline as [longitude, latitude] points (GeoJSON order); closing the ring is optional');

export const noticeAreaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('jurisdiction') }).strict(),
  z.object({ kind: z.literal('district'), districtId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a district id') }).strict(),
  z.object({ kind: z.literal('polygon'), coordinates: ringSchema, description: localizedText(200) }).strict(),
]);
export type NoticeArea = z.output<typeof noticeAreaSchema>;

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const noticeCreateSchema = z
  .object({
    jurisdictionId: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
    severity: z.enum(SEVERITIES),
    urgency: z.enum(URGENCIES).default('expected'),
    certainty: z.enum(CERTAINTIES).default('likely'),
    category: z.enum(CATEGORIES).default('Safety'),
    event: localizedText(100).describe('What kind of event, e.g. {"en": "Winter storm"}'),
    title: localizedText(140).describe('The headline, per language'),
    body: localizedText(2000).describe('What is happening, per language'),
    instruction: localizedText(1000).optional().describe('What people should do, per language'),
    area: noticeAreaSchema,
    startsAt: instant.optional().describe('ISO 8601 with a zone; default now'),
    expiresAt: instant.describe('ISO 8601 with a zone'),
    publish: z.boolean().default(false).describe('Publish at once (otherwise a draft)'),
  })
  .strict();
export type NoticeCreateInput = z.output<typeof noticeCreateSchema>;

export const noticeUpdateSchema = z
  .object({
    expectedVersion: z.number().int().positive(),
    severity: z.enum(SEVERITIES).optional(),
    urgency: z.enum(URGENCIES).optional(),
    certainty: z.enum(CERTAINTIES).optional(),
    category: z.enum(CATEGORIES).optional(),
    event: localizedText(100).optional(),
    title: localizedText(140).optional(),
    body: localizedText(2000).optional(),
    instruction: localizedText(1000).optional(),
    area: noticeAreaSchema.optional(),
    startsAt: instant.optional(),
    expiresAt: instant.optional(),
    notify: z.boolean().default(false).describe('A published notice: send the update to subscribers again'),
  })
  .strict();
export type NoticeUpdateInput = z.output<typeof noticeUpdateSchema>;

export const noticeActionSchema = z
  .object({
    expectedVersion: z.number().int().positive(),
    notify: z.boolean().default(true).describe('Tell subscribers (publishing always does)'),
  })
  .strict();

export const noticeListQuery = z
  .object({
    status: z.enum(['draft', 'published', 'cancelled', 'expired', 'current']).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(200))
      .optional(),
  })
  .strict();

export const bannerQuery = z.object({ locale: z.string().max(20).optional() }).strict();

export const subscriptionAreaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('jurisdiction') }).strict(),
  z.object({ kind: z.literal('district'), districtId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a district id') }).strict(),
  z.object({ kind: z.literal('polygon'), coordinates: ringSchema }).strict(),
  z.object({ kind: z.literal('point'), lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180), radiusMeters: z.number().min(50).max(20_000) }).strict(),
]);
export type SubscriptionArea = z.output<typeof subscriptionAreaSchema>;

export const subscribeSchema = z
  .object({
    jurisdictionId: z.string().regex(/^[a-z0-9-]{1,64}$/).optional(),
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    locale: z.enum(LOCALES).default('en'),
    area: subscriptionAreaSchema,
    notices: z.boolean().default(true).describe('Emergency notices for the area'),
    services: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).max(50).default([]).describe('Service codes: a message for each new request of these services in the area'),
  })
  .strict()
  .refine((v) => Boolean(v.email?.trim() || v.phone?.trim()), { message: 'give an e-mail address, a phone number or both', path: ['email'] })
  .refine((v) => v.notices || v.services.length > 0, { message: 'subscribe to notices, to services, or both', path: ['services'] });
export type SubscribeInput = z.output<typeof subscribeSchema>;

export const tokenQuery = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'must be the token from the link') }).strict();
