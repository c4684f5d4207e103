/** zod schemas of the contacts module's inputs: API bodies and query strings, and what other modules pass. */
import { z } from 'zod';
import { multiLineText, oneLineText } from '../../lib/text-schemas.ts';
import { normalizeCustomerEmail, normalizeCustomerPhone } from './normalize.ts';
import { CONTACT_CHANNELS, CONTACT_DIRECTIONS, CONTACT_OUTCOMES, TOPIC_KINDS } from './tables.ts';


/** One line of text, trimmed: no line breaks or control characters. */
const line = oneLineText;
/** A few lines of text (notes): no control characters, line breaks normalised, trimmed. */
const text = (max: number) =>
  multiLineText(max).transform((v) => v.replace(/\r\n?/g, '\n').trim());
/** Empty text means "none". */
const orNull = <T extends z.ZodType<string | null>>(schema: T) => schema.nullable().transform((v) => (v === '' ? null : v));

export const phoneSchema = z
  .string()
  .max(40)
  .transform((v, ctx) => {
    const n = normalizeCustomerPhone(v);
    if (n === null) ctx.addIssue({ code: 'custom', message: `is not a phone number: ${JSON.stringify(v.slice(0, 40))}` });
    return n ?? '';
  });
export const emailSchema = z
  .string()
  .max(254)
  .transform((v, ctx) => {
    const n = normalizeCustomerEmail(v);
    if (n === null) ctx.addIssue({ code: 'custom', message: `is not an e-mail address: ${JSON.stringify(v.slice(0, 80))}` });
    return n ?? '';
  });
const languageTag = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'must be a language tag such as en, es or zh-Hant');
const location = z.object({ lat: z.number().min(-90).max(90), long: z.number().min(-180).max(180) }).strict();
const departmentId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a department or agency id');
const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const unique = <T>(list: T[]) => [...new Set(list)];

const customerFields = {
  name: orNull(line(200)),
  phones: z.array(phoneSchema).max(10).transform(unique),
  emails: z.array(emailSchema).max(10).transform(unique),
  address: orNull(line(500)),
  location: location.nullable(),
  preferredLanguage: languageTag.nullable(),
  accessibilityNeeds: orNull(text(2000)),
  consentToContact: z.boolean(),
  notes: orNull(text(10_000)),
};

/** A new customer profile: a name, a phone or an e-mail address at least. */
export const customerCreateSchema = z
  .object(customerFields)
  .partial()
  .strict()
  .refine((c) => Boolean(c.name) || Boolean(c.phones?.length) || Boolean(c.emails?.length), { message: 'give a name, a phone or an e-mail address', path: ['name'] });
export type CustomerCreate = z.infer<typeof customerCreateSchema>;

/** Changes to a profile; `expectedVersion` is the version the editor saw (409 if someone saved since). */
export const customerPatchSchema = z
  .object({ ...customerFields, expectedVersion: positiveId })
  .partial()
  .required({ expectedVersion: true })
  .strict();
export type CustomerPatch = z.infer<typeof customerPatchSchema>;

/** Finding a customer by phone or e-mail, creating one when neither is known (channels, the desk). */
export const findOrCreateSchema = z
  .object({
    name: customerFields.name.optional(),
    phone: phoneSchema.optional(),
    email: emailSchema.optional(),
    address: customerFields.address.optional(),
    location: location.optional(),
    preferredLanguage: languageTag.optional(),
    consentToContact: z.boolean().optional(),
  })
  .strict()
  .refine((c) => Boolean(c.phone) || Boolean(c.email) || Boolean(c.name), { message: 'give a phone, an e-mail address or a name', path: ['phone'] });
export type FindOrCreateInput = z.input<typeof findOrCreateSchema>;

export const mergeSchema = z.object({ from: positiveId.describe('The duplicate profile; it is merged into this one and leaves every search') }).strict();

export const customerSearchQuery = z
  .object({
    q: z.string().trim().min(2, 'type at least 2 characters').max(100).optional().describe('A name, phone number or e-mail address, or the start of one; without it, the most recently changed profiles'),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();

const topic = z.object({ kind: z.enum(TOPIC_KINDS), ref: z.string().trim().min(1).max(200) }).strict();
const requestRef = z.union([positiveId, z.string().regex(/^[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,12}){1,3}$/, 'must be a request id or tracking number')]);
/** Kept as text (services parse inputs again, so every schema here must accept its own output). */
const instant = z.iso.datetime({ offset: true });
const seconds = z.number().int().min(0).max(7 * 24 * 3600);

/** Closing a contact: its outcome, and who it was referred or transferred to when that was the outcome. */
export const closeSchema = z
  .object({
    outcome: z.enum(CONTACT_OUTCOMES),
    resolvedFirstContact: z.boolean().optional().describe('Defaults from the outcome; may only be set to false for answered, request_created and referred'),
    referredAgencyId: departmentId.optional(),
    transferredDepartmentId: departmentId.optional(),
    notes: orNull(text(20_000)).optional(),
    endedAt: instant.optional(),
    expectedVersion: positiveId.optional(),
  })
  .strict();
export type CloseInput = z.input<typeof closeSchema>;

/** A contact to log. `close` closes it at once (a channel that logs what already happened). */
export const contactCreateSchema = z
  .object({
    jurisdictionId: z.string().min(1).max(64).optional(),
    agentId: positiveId.nullable().optional().describe('The staff member who handled it; over the API it defaults to you'),
    channel: z.enum(CONTACT_CHANNELS),
    direction: z.enum(CONTACT_DIRECTIONS).default('inbound'),
    startedAt: instant.optional(),
    waitSeconds: seconds.optional(),
    handleSeconds: seconds.optional(),
    language: languageTag.optional(),
    interpreterUsed: z.boolean().default(false),
    customerId: positiveId.optional(),
    customer: findOrCreateSchema.optional(),
    topics: z.array(topic).max(50).default([]),
    requests: z.array(requestRef).max(50).default([]),
    districtId: z.string().min(1).max(64).optional(),
    location: location.optional(),
    notes: orNull(text(20_000)).optional(),
    source: z.string().regex(/^[a-z0-9_]{1,50}$/, 'must be a lower-case channel name').optional(),
    sourceRef: z.string().min(1).max(500).optional(),
    transcript: z.unknown().optional(),
    close: closeSchema.optional(),
  })
  .strict()
  .refine((c) => (c.source === undefined) === (c.sourceRef === undefined), { message: 'source and sourceRef go together', path: ['sourceRef'] })
  .refine((c) => c.customerId === undefined || c.customer === undefined, { message: 'give customerId or customer, not both', path: ['customer'] });
export type ContactCreate = z.input<typeof contactCreateSchema>;

/** Changes to an open or closed contact; topics and requests are added, never removed. */
export const contactPatchSchema = z
  .object({
    language: languageTag.nullable().optional(),
    interpreterUsed: z.boolean().optional(),
    agentId: positiveId.optional().describe('Who handles it now (an agent taking a contact a channel logged)'),
    customerId: positiveId.nullable().optional(),
    waitSeconds: seconds.optional(),
    notes: orNull(text(20_000)).optional(),
    addTopics: z.array(topic).max(50).optional(),
    addRequests: z.array(requestRef).max(50).optional(),
    expectedVersion: positiveId.optional(),
  })
  .strict();
export type ContactPatch = z.infer<typeof contactPatchSchema>;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(z.enum(values)).min(1));

export const contactListQuery = z
  .object({
    channel: csv(CONTACT_CHANNELS).optional(),
    outcome: csv([...CONTACT_OUTCOMES, 'open'] as const).optional().describe('Outcomes, or `open` for contacts not closed yet'),
    agent: z.union([z.literal('me'), z.coerce.number().int().positive()]).optional(),
    customer: z.coerce.number().int().positive().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const fcrQuery = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }).strict();

export const visitSignInSchema = z
  .object({
    visitorName: line(200).refine((v) => v !== '', 'must not be empty'),
    purpose: line(500).refine((v) => v !== '', 'must not be empty'),
    host: line(200).refine((v) => v !== '', 'must not be empty'),
    badgeNumber: orNull(line(40)).optional(),
    customerId: positiveId.optional(),
    language: languageTag.optional(),
  })
  .strict();
export type VisitSignIn = z.infer<typeof visitSignInSchema>;

export const visitSignOutSchema = z.object({ outcome: z.enum(['answered', 'request_created', 'callback', 'abandoned']).optional().describe('Closes the visit\'s contact if it is still open (default answered); refer or transfer from the desk'), notes: orNull(text(20_000)).optional() }).strict();
export const visitListQuery = z.object({ scope: z.enum(['today', 'in_building']).default('today') }).strict();
export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number') }).strict();
export const maxTranscriptBytes = 200_000;
