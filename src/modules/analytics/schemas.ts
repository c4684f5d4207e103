import { z } from 'zod';

/** Inputs of the analytics API, validated with zod: every problem names its field (400). */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine((s) => { const d = new Date(`${s}T00:00:00Z`); return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s; }, 'must be a real date');
const id = z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be an id (lowercase letters, digits, hyphens)');

export const GROUPINGS = ['day', 'hour', 'week', 'hour_of_day', 'weekday', 'service', 'department', 'district', 'channel', 'language'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export const TILES = ['summary', 'requests', 'contacts', 'languages', 'civil-rights', 'equity', 'forecast', 'staffing'] as const;
export type Tile = (typeof TILES)[number];

/** Filters every tile takes. Dates are days in the jurisdiction's time zone; `to` is included. */
export const filterQuery = z
  .object({
    from: day.optional().describe('First day (jurisdiction time zone); default: 30 days before `to`'),
    to: day.optional().describe('Last day, included; default: today'),
    service: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a service code').optional(),
    department: id.optional(),
    district: id.optional(),
    channel: z.string().regex(/^[a-z_0-9]{1,20}$/, 'must be a channel').optional(),
    by: z.enum(GROUPINGS).optional().describe('How rows are grouped (tiles that break figures down)'),
    format: z.enum(['json', 'csv']).optional().describe('csv: the tile’s rows as a CSV file'),
    series: z.enum(['requests', 'contacts']).optional().describe('forecast: which volume (default requests)'),
    shrinkage: z.coerce.number().min(0, 'must be at least 0').max(0.9, 'must be at most 0.9').optional().describe('staffing: share of paid time agents are not on calls (default 0.3)'),
  })
  .strict();
export type FilterQuery = z.output<typeof filterQuery>;

export const tileParams = z.object({ tile: z.enum(TILES) }).strict();

/** Populations the city loads for the equity lens (PUT replaces the listed districts' figures). */
export const populationSchema = z
  .object({
    districts: z
      .array(
        z
          .object({
            districtId: id,
            population: z.number().int('must be a whole number').positive('must be more than 0').max(100_000_000),
            source: z.string().trim().min(1, 'must not be empty').max(300),
            asOf: day.optional(),
          })
          .strict(),
      )
      .min(1, 'list at least one district')
      .max(1000),
  })
  .strict();
export type PopulationInput = z.output<typeof populationSchema>;

export const publicQuery = z.object({ days: z.coerce.number().int().min(7).max(366).optional(), locale: z.string().max(20).optional() }).strict();
