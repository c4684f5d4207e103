import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { exportOpenData, parseSince, type ExportFormat } from './export.ts';

const TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', geojson: 'application/geo+json' };

/** Public open data: `GET /open-data/requests.csv` and `/open-data/requests.geojson` (`?since=`), streamed. */
export function registerOpenDataRoutes(app: FastifyInstance, deps: Deps): void {
  for (const format of ['csv', 'geojson'] as const) {
    app.get<{ Querystring: Record<string, string | string[] | undefined> }>(`/open-data/requests.${format}`, async (request, reply) => {
      const unknown = Object.keys(request.query).filter((k) => k !== 'since');
      if (unknown.length) throw new AppError('validation_failed', 400, `unknown parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; only since is accepted`, { field: `query.${unknown[0]}` });
      const raw = request.query.since;
      if (Array.isArray(raw)) throw new AppError('invalid_since', 400, 'give since once', { field: 'query.since' });
      const since = parseSince(raw);
      reply
        .type(TYPES[format])
        .header('content-disposition', `inline; filename="requests.${format}"`)
        .header('cache-control', 'public, max-age=300');
      // HEAD (a link checker, a harvester probing the file) gets the headers without running the export.
      if (request.method === 'HEAD') return reply.send();
      return reply.send(Readable.from(exportOpenData(deps, { format, since })));
    });
  }
}
