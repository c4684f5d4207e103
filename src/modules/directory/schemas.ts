import { z } from 'zod';

export const IMPORT_FORMATS = ['hsds-csv', 'hsds-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const MB = 1024 * 1024;

/** Options of `importDirectory`; the limits keep one import from exhausting memory. */
export const importOptionsSchema = z
  .object({
    format: z.enum(IMPORT_FORMATS).optional(),
    /** ISO 3166-1 alpha-2 country for addresses that name none (HSDS 3.0 requires one). */
    defaultCountry: z.string().regex(/^[A-Z]{2}$/).default('US'),
    /** Largest file accepted (bytes). */
    maxBytes: z.number().int().positive().default(200 * MB),
    /** Largest inflated CSV inside a zip (bytes). */
    maxEntryBytes: z.number().int().positive().default(300 * MB),
    /** Largest inflated zip in total (bytes). */
    maxUncompressedBytes: z.number().int().positive().default(1024 * MB),
  })
  .strict();
export type ImportOptions = z.input<typeof importOptionsSchema>;

/** Largest page the HSDS API serves; a larger `per_page` is refused (400), not clamped. */
export const MAX_PER_PAGE = 500;
export const DEFAULT_PER_PAGE = 50;

const wholeNumber = (min: number, max: number, hint = '') =>
  z
    .string()
    .regex(/^\d{1,9}$/, { error: `must be a whole number${hint}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be ${min} or more${hint}` })
        .max(max, { error: `must be at most ${max}` }),
    );

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const modifiedAfter = z
  .string()
  .regex(ISO_DATE_TIME, { error: 'must be an ISO 8601 date or date-time with a zone, such as 2026-01-31 or 2026-01-31T09:00:00Z' })
  .transform((v) => new Date(/T/.test(v) ? v : `${v}T00:00:00Z`))
  .refine((d) => !Number.isNaN(d.getTime()), { error: 'is not a real date' });

const id = z.string().min(1).max(255);
const common = {
  search: z
    .string()
    .max(200, { error: 'must be at most 200 characters' })
    .transform((s) => s.trim())
    .optional(),
  page: wholeNumber(1, 1_000_000, ' (pages are numbered from 1)').default(1),
  per_page: wholeNumber(1, MAX_PER_PAGE).default(DEFAULT_PER_PAGE),
  format: z.literal('json', { error: 'only json is served' }).optional(),
};

export const servicesQuerySchema = z
  .object({ ...common, taxonomy_term_id: id.optional(), taxonomy_id: id.optional(), organization_id: id.optional(), modified_after: modifiedAfter.optional() })
  .strict();
export type ServicesQuery = z.output<typeof servicesQuerySchema>;

export const serviceAtLocationsQuerySchema = servicesQuerySchema;

export const organizationsQuerySchema = z.object({ ...common, modified_after: modifiedAfter.optional() }).strict();
export type OrganizationsQuery = z.output<typeof organizationsQuerySchema>;

export const taxonomyTermsQuerySchema = z
  .object({
    ...common,
    taxonomy_id: id.optional(),
    parent_id: id.optional(),
    top_only: z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true').optional(),
  })
  .strict();
export type TaxonomyTermsQuery = z.output<typeof taxonomyTermsQuerySchema>;

export const taxonomiesQuerySchema = z.object(common).strict();
export type TaxonomiesQuery = z.output<typeof taxonomiesQuerySchema>;

/** The paging every list endpoint shares. */
export interface PageRequest {
  page: number;
  per_page: number;
}
