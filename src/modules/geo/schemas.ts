import { z } from 'zod';
import { LOCALES } from '../../i18n/index.ts';
import { MAX_QUERY_LENGTH } from './service.ts';

const coordinate = (name: string, max: number) =>
  z
    .string()
    .regex(/^\s*-?\d{1,3}(\.\d{1,12})?\s*$/, `${name} must be a decimal number of degrees`)
    .transform(Number)
    .pipe(z.number().min(-max, `${name} must be from -${max} to ${max}`).max(max, `${name} must be from -${max} to ${max}`));

export const geocodeQuerySchema = z
  .object({
    q: z
      .string()
      .transform((s) => s.trim())
      .pipe(z.string().min(1, 'say which address to look for').max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`))
      .refine((s) => /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit')
      .describe('The address or place, e.g. "1120 SW 5th Ave"'),
    limit: z
      .string()
      .regex(/^\d{1,2}$/, 'must be a whole number from 1 to 20')
      .transform(Number)
      .pipe(z.number().min(1, 'must be from 1 to 20').max(20, 'must be from 1 to 20'))
      .optional()
      .describe('At most this many results (default 8)'),
    locale: z.enum(LOCALES).optional().describe('Language of district names (default en)'),
  })
  .strict();

export const reverseQuerySchema = z
  .object({
    lat: coordinate('lat', 90).describe('Latitude in degrees (WGS 84)'),
    long: coordinate('long', 180).describe('Longitude in degrees (WGS 84)'),
    locale: z.enum(LOCALES).optional().describe('Language of district names and the message (default en)'),
  })
  .strict();
