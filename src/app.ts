import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from './config.ts';
import type { DbHandle } from './db/client.ts';
import { listMigrations } from './db/migrate.ts';
import type { Deps } from './deps.ts';
import { registerErrorHandler } from './http/errors.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerAuditRoutes } from './modules/audit/routes.ts';
import { registerCatalogRoutes } from './modules/catalog/routes.ts';
import { registerDirectoryRoutes } from './modules/directory/index.ts';
import { registerKbRoutes } from './modules/kb/index.ts';
import { registerMediaRoutes } from './modules/media/index.ts';
import { registerContactRoutes } from './modules/contacts/index.ts';
import { registerOpenDataRoutes } from './modules/opendata/index.ts';
import { registerOpen311Routes } from './modules/open311/index.ts';
import { DEFAULT_IDENTITY_SETTINGS, registerAuthentication, registerIdentityRoutes } from './modules/identity/index.ts';
import { registerRequestRoutes } from './modules/requests/routes.ts';
import { registerQueueRoutes } from './modules/requests/queue-routes.ts';
import { registerSupervisionRoutes } from './modules/supervision/index.ts';
import { RESIDENT_SETTINGS, registerResidentRoutes } from './modules/residents/index.ts';
import { registerSearchRoutes } from './modules/search/index.ts';
import { registerSmsRoutes } from './modules/sms/index.ts';
import { registerAlertRoutes } from './modules/alerts/index.ts';
import { registerAnalyticsRoutes } from './modules/analytics/index.ts';
import { registerChatRoutes } from './modules/chat/index.ts';
import type { Mailer } from './lib/mailer.ts';
import { registerNotificationRoutes } from './modules/notifications/index.ts';
import { registerPortalRoutes } from './web/portal/routes.ts';
import { DEFAULT_MAP_TILE_URL, nominatimGeocoder, registerGeoRoutes, type GeoSettings } from './modules/geo/index.ts';
import { registerConsoleRoutes } from './web/console/routes.ts';

export interface AppOptions {
  deps: Deps;
  handle: DbHandle;
  /** `identity` (sessions, cookies, API-key limits) defaults to DEFAULT_IDENTITY_SETTINGS. */
  config: Pick<Config, 'logLevel' | 'defaultLocale'> & Partial<Pick<Config, 'identity' | 'publicUrl' | 'sms' | 'notifications' | 'trustProxy' | 'geo'>>;
  /** Outgoing mail (resident sign-in links); null or absent: features that need e-mail say so. */
  mailer?: Mailer | null;
}

/** One log line per request (with its id), instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }
}

/** 1 MiB: far above any real request body, far below what could hurt the server. */
const BODY_LIMIT = 1_048_576;

/** TRUST_PROXY as Fastify takes it: a hop count becomes "trust the first n hops" (what Fastify does with a number). */
const trustProxyOption = (value: Config['trustProxy'] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) =>
  typeof value === 'number' ? (_address, hop) => hop < value : (value ?? false);

/** Builds the Fastify app with every module's routes. It never listens: main.ts does, tests inject. */
export async function buildApp({ deps, handle, config, mailer = null }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    // Behind a reverse proxy, request.ip (rate limits) is the client's, from X-Forwarded-For — only when trusted.
    trustProxy: trustProxyOption(config.trustProxy),
    // A caller's own request id is kept when it is a plain token, so logs can be joined across systems.
    genReqId: (req) => /^[\w.:-]{1,64}$/.exec(String(req.headers['x-request-id'] ?? ''))?.[0] ?? crypto.randomUUID(),
    requestIdHeader: false,
    logController: new OneLinePerRequest(),
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerErrorHandler(app);
  const identity = config.identity ?? DEFAULT_IDENTITY_SETTINGS;
  // Before any route: every route gets request.principal, the CSRF check and API-key rate limits.
  await registerAuthentication(app, deps, identity);
  // Before any route too: the OpenAPI plugin collects routes as they are added (GET /api/docs).
  await registerOpenApi(app);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      const applied = await deps.db.selectFrom('schema_migrations').select('version').execute();
      const pending = listMigrations().filter((m) => !applied.some((a) => a.version === m.version));
      if (pending.length) {
        return reply.status(503).send({ status: 'migrating', engine: handle.engine, pending: pending.map((m) => m.version) });
      }
      return { status: 'ready', engine: handle.engine };
    } catch {
      return reply.status(503).send({ status: 'database_unavailable', engine: handle.engine });
    }
  });

  registerIdentityRoutes(app, deps, identity);
  registerAuditRoutes(app, deps);
  await registerRequestRoutes(app, deps);
  await registerMediaRoutes(app, deps);
  await registerQueueRoutes(app, deps);
  await registerSupervisionRoutes(app, deps);
  await registerCatalogRoutes(app, deps);
  registerDirectoryRoutes(app, deps);
  await registerKbRoutes(app, deps);
  await registerContactRoutes(app, deps);
  registerOpenDataRoutes(app, deps);
  await registerSearchRoutes(app, deps);
  await registerOpen311Routes(app, deps, { publicUrl: config.publicUrl ?? 'http://localhost:3311', defaultLocale: config.defaultLocale, apiKeyRateLimitPerMinute: identity.apiKeyRateLimitPerMinute });
  registerResidentRoutes(app, deps, {
    ...RESIDENT_SETTINGS,
    publicUrl: config.publicUrl ?? 'http://localhost:3311',
    mailer,
    secureCookies: identity.secureCookies === 'always',
  });
  await registerSmsRoutes(app, deps, { sms: config.sms ?? null, publicUrl: config.publicUrl ?? 'http://localhost:3311' });
  await registerAlertRoutes(app, deps, { publicUrl: config.publicUrl ?? 'http://localhost:3311', defaultLocale: config.defaultLocale });
  await registerAnalyticsRoutes(app, deps);
  await registerChatRoutes(app, deps, { secureCookies: identity.secureCookies === 'always' });
  await registerNotificationRoutes(app, deps, { inboundSecret: config.notifications?.inboundSecret ?? null, defaultLocale: config.defaultLocale });
  await registerConsoleRoutes(app);
  // Geocoding: the gazetteer in the database, and an outside geocoder only when one is configured.
  const geo: GeoSettings = { geocoder: config.geo?.geocoderUrl ? nominatimGeocoder(config.geo.geocoderUrl) : null, mapTileUrl: config.geo?.mapTileUrl ?? DEFAULT_MAP_TILE_URL };
  await registerGeoRoutes(app, deps, geo);
  registerPortalRoutes(app, deps, config.defaultLocale, { ...RESIDENT_SETTINGS, publicUrl: config.publicUrl ?? 'http://localhost:3311', mailer }, geo);
  return app;
}
