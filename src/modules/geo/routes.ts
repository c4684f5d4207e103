import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import type { Localized } from '../../db/schema.ts';
import { useZod } from '../../http/openapi.ts';
import { localized, t } from '../../i18n/index.ts';
import { AppError } from '../../lib/errors.ts';
import { getJurisdiction, listDistricts } from '../catalog/service.ts';
import { RateLimiter } from '../kb/public.ts';
import { presentMatch, presentReverse, type DistrictNames } from './presenter.ts';
import { geocodeQuerySchema, reverseQuerySchema } from './schemas.ts';
import { reverseGeocode, searchAddresses, type GeoSettings } from './service.ts';

const TAGS = ['Geocoding'];
/** Per client address: enough for typing with autocomplete, not for harvesting the gazetteer. */
export const GEOCODE_REQUESTS_PER_MINUTE = 120;
const CACHE = 'public, max-age=300';

async function districtNames(deps: Deps): Promise<{ names: DistrictNames; city: Localized }> {
  const j = await getJurisdiction(deps).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'no_jurisdiction') return null;
    throw error;
  });
  if (!j) return { names: new Map(), city: {} };
  return { names: new Map((await listDistricts(deps, j.id)).map((d) => [d.id, d.name as Localized])), city: j.name };
}

/**
 * `GET /api/v1/geocode?q=` and `GET /api/v1/geocode/reverse?lat=&long=`: public, rate-limited per
 * client address, cacheable for five minutes; they answer with address labels, coordinates and
 * district names only.
 */
export async function registerGeoRoutes(app: FastifyInstance, deps: Deps, settings: GeoSettings): Promise<void> {
  const limiter = new RateLimiter(GEOCODE_REQUESTS_PER_MINUTE, 60_000);
  const limit = async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = limiter.hit(request.ip, deps.clock.now());
    if (wait) {
      reply.header('retry-after', String(wait));
      throw new AppError('rate_limited', 429, `Too many address look-ups from here; try again in ${wait} seconds`, { retryAfterSeconds: wait });
    }
  };
  await app.register(async (plain) => {
    const api = useZod(plain);
    api.get(
      '/api/v1/geocode',
      { preHandler: limit, schema: { tags: TAGS, summary: 'Find addresses and places (the gazetteer; an outside geocoder only when it has none)', security: [], querystring: geocodeQuerySchema } },
      async (request, reply) => {
        const locale = request.query.locale ?? 'en';
        const matches = await searchAddresses(deps, request.query.q, { limit: request.query.limit ?? 8, geocoder: settings.geocoder, prefix: true });
        const { names } = await districtNames(deps);
        reply.header('cache-control', CACHE);
        return { results: matches.map((m) => presentMatch(m, names, locale)) };
      },
    );
    api.get(
      '/api/v1/geocode/reverse',
      { preHandler: limit, schema: { tags: TAGS, summary: 'The nearest address to a position, its district, and whether it is inside the jurisdiction', security: [], querystring: reverseQuerySchema } },
      async (request, reply) => {
        const locale = request.query.locale ?? 'en';
        const result = await reverseGeocode(deps, request.query.lat, request.query.long, { geocoder: settings.geocoder });
        const { names, city } = await districtNames(deps);
        reply.header('cache-control', CACHE);
        return presentReverse(result, names, locale, t(locale, 'geo.outside', { city: localized(city, locale) || '—' }));
      },
    );
  });
}
