import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { auditContextOf, requirePermission } from '../identity/index.ts';
import { NO_INPUT } from '../identity/schemas.ts';
import { districtShapes, districtsQuery } from './districts-geo.ts';
import { equityTile, listPopulations, loadPopulations } from './equity.ts';
import { civilRightsTile, contactsTile, freshen, languagesTile, requestsTile, resolveScope, summaryTile, type TileData } from './metrics.ts';
import { forecastTile, staffingTile } from './planning.ts';
import { tileCsv, tileFileName } from './presenter.ts';
import { publicDashboard } from './public.ts';
import { filterQuery, populationSchema, publicQuery, tileParams, type FilterQuery, type Tile } from './schemas.ts';

const TAGS = ['Analytics'];

/** One tile's data for the query's scope. */
async function tileData(deps: Deps, tile: Tile, q: FilterQuery): Promise<TileData> {
  await freshen(deps);
  if (tile === 'forecast') return forecastTile(deps, q.series ?? 'requests');
  if (tile === 'staffing') return staffingTile(deps, { shrinkage: q.shrinkage });
  const scope = await resolveScope(deps, q);
  switch (tile) {
    case 'summary':
      return summaryTile(deps, scope);
    case 'requests':
      return requestsTile(deps, scope, q.by ?? 'day');
    case 'contacts':
      return contactsTile(deps, scope, q.by ?? 'channel');
    case 'languages':
      return languagesTile(deps, scope, q.by ?? 'week');
    case 'civil-rights':
      return civilRightsTile(deps, scope);
    case 'equity':
      return equityTile(deps, scope);
  }
}

/**
 * The analytics API: dashboard tiles (analytics:read — analysts, supervisors, administrators) as
 * JSON or CSV, district populations for the equity lens (catalog:admin loads them, audited), and
 * the public dashboard's aggregates (anyone; small cells withheld).
 */
export async function registerAnalyticsRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const read = requirePermission('analytics:read');
    api.get(
      '/api/v1/analytics/tiles/:tile',
      {
        preHandler: read,
        schema: {
          tags: TAGS,
          summary: 'One dashboard tile: its table (columns and rows), as JSON or CSV',
          description: 'Needs analytics:read. Figures come from the hourly rollups (docs/metrics.md has every definition). Days are in the jurisdiction’s time zone; `to` is included. Contacts have no service or department: those filters do not narrow contact tiles.',
          params: tileParams,
          querystring: filterQuery,
        },
      },
      async (request, reply) => {
        const q = request.query;
        const data = await tileData(deps, request.params.tile, q);
        if (q.format === 'csv') {
          const name = tileFileName(data, { service: q.service, department: q.department, district: q.district, channel: q.channel, by: q.by });
          return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(tileCsv(data));
        }
        return data;
      },
    );
    api.get('/api/v1/analytics/populations', { preHandler: read, schema: { tags: TAGS, summary: 'Districts and the populations loaded for them', ...NO_INPUT } }, async () => ({
      districts: (await listPopulations(deps)).map((d) => ({ id: d.id, name: d.name, kind: d.kind, population: d.population, source: d.source, asOf: d.as_of })),
    }));
    api.get(
      '/api/v1/analytics/districts',
      {
        preHandler: read,
        schema: {
          tags: TAGS,
          summary: 'District boundaries for the dashboards’ maps',
          description: 'Needs analytics:read. Each district as one ring of [longitude, latitude] points, with its names and kind; `kinds` lists every kind there is. Boundaries only, no figures.',
          querystring: districtsQuery,
        },
      },
      async (request) => districtShapes(deps, request.query.kind),
    );
    api.put(
      '/api/v1/analytics/populations',
      {
        preHandler: requirePermission('catalog:admin'),
        schema: { tags: TAGS, summary: 'Load district populations (the equity lens’s denominators)', description: 'Needs catalog:admin. Replaces the figures of the districts listed; each says where it comes from.', body: populationSchema },
      },
      async (request) => ({ loaded: await loadPopulations(deps, request.body, auditContextOf(request)) }),
    );
    api.get(
      '/api/v1/analytics/public',
      {
        schema: {
          tags: ['Analytics (public)'],
          summary: 'The public dashboard’s aggregate figures',
          description: 'Anyone. Aggregates only; every count under 5 and every figure resting on fewer than 5 requests is null. Confidential services count in the totals only.',
          querystring: publicQuery,
        },
      },
      async (request, reply) => {
        await freshen(deps);
        reply.header('cache-control', 'public, max-age=60');
        return publicDashboard(deps, request.query.days ?? 90);
      },
    );
  });
}
