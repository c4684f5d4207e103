import { createHash } from 'node:crypto';
import compress from '@fastify/compress';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, ValidationError } from '../../lib/errors.ts';
import { negotiateLocale, type Locale } from '../../i18n/index.ts';
import { auditContextOf, authenticateApiKey } from '../identity/index.ts';
import type { ApiKeyPrincipal } from '../identity/policy.ts';
import { parseForm, type RawParams } from './params.ts';
import * as open311 from './service.ts';
import { toXml, type XmlElement } from './xml.ts';

/**
 * Open311 GeoReport v2 under /open311/v2, every resource as `.json` and `.xml`, with mySociety's
 * servicerequestupdates. Public reads need no key; POSTs need an API key with `open311:write`.
 * Form bodies, gzip and the spec's error bodies are set up in this plugin's scope only.
 */

export type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['xml', 'json'];
const FORM = 'application/x-www-form-urlencoded';
const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** Element names of list items, as the spec (and mySociety's extension) names them. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  notes: 'note',
  service_request_updates: 'request_update',
};

function toElement(name: string, value: unknown): XmlElement {
  if (Array.isArray(value)) {
    const item = ITEM[name];
    if (!item) throw new Error(`no item element name for the list ${name}`);
    return [name, value.map((v) => toElement(item, v))];
  }
  if (value !== null && typeof value === 'object') return [name, Object.entries(value).map(([k, v]) => toElement(k, v))];
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [name, value];
  throw new Error(`cannot write ${typeof value} as XML`);
}

/** The same value as the spec's JSON or XML (`root` names the XML document element). */
export function render(format: Format, root: string, value: unknown): string {
  return format === 'json' ? JSON.stringify(value) : toXml(toElement(root, value));
}

/** `requests.json` → json; a path without a known extension is answered in XML, the spec's required format. */
function pathFormat(url: string): Format | null {
  const path = url.split('?')[0] ?? '';
  const m = /\.(json|xml)$/i.exec(path);
  return m ? (m[1]!.toLowerCase() as Format) : null;
}

function send(reply: FastifyReply, format: Format, root: string, value: unknown, status = 200) {
  return reply.status(status).type(CONTENT_TYPE[format]).send(render(format, root, value));
}

/** Splits `PDX-2026-000001.json` into the id and the format; anything else is a 404. */
function splitFile(file: string, what: string): { id: string; format: Format } {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  if (!m?.[1] || !m[2]) throw new AppError('not_found', 404, `Add .json or .xml to the ${what}, e.g. ${what}.xml`);
  return { id: decodeURIComponent(m[1]), format: m[2].toLowerCase() as Format };
}

function errorsOf(error: unknown): { status: number; errors: Array<{ code: number; description: string }> } {
  if (error instanceof ValidationError) {
    return { status: 400, errors: error.problems.map((p) => ({ code: 400, description: `${p.field}: ${p.message}` })) };
  }
  if (error instanceof AppError) {
    // The spec answers a missing or bad api_key with 403; intake's "cannot take this request" is a bad request.
    const status = error.status === 401 ? 403 : error.status === 422 ? 400 : error.status;
    return { status, errors: [{ code: status, description: error.field ? `${error.field}: ${error.message}` : error.message }] };
  }
  const e = error as { statusCode?: unknown; message?: unknown };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, errors: [{ code: e.statusCode, description: String(e.message) }] };
  }
  return { status: 500, errors: [{ code: 500, description: 'Something went wrong on our side; it has been logged' }] };
}

export interface Open311Options {
  publicUrl: string;
  defaultLocale: Locale;
  /** Requests a minute for a key that sets no limit of its own (the identity module's setting). */
  apiKeyRateLimitPerMinute: number;
}

/**
 * Per-key limits for keys sent in the form body. The identity module limits keys sent in headers
 * before the body is read; a key that only the body carries is counted here, in one-minute windows.
 */
class FormKeyLimiter {
  readonly #windows = new Map<number, { start: number; count: number }>();
  constructor(private readonly defaultLimit: number) {}
  check(key: ApiKeyPrincipal, now: number): void {
    const limit = key.rateLimitPerMinute ?? this.defaultLimit;
    let w = this.#windows.get(key.keyId);
    if (!w || now - w.start >= 60_000) {
      if (this.#windows.size > 10_000) this.#windows.clear();
      this.#windows.set(key.keyId, (w = { start: now, count: 0 }));
    }
    w.count += 1;
    if (w.count > limit) {
      const retryAfterSeconds = Math.ceil((w.start + 60_000 - now) / 1000);
      throw new AppError('rate_limited', 429, `This API key may make ${limit} requests a minute; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
  }
}

export async function registerOpen311Routes(app: FastifyInstance, deps: Deps, options: Open311Options): Promise<void> {
  await app.register(
    async (scope) => {
      // Our own form parser in this scope: repeated keys (attribute[CODE][]) are kept.
      if (scope.hasContentTypeParser(FORM)) scope.removeContentTypeParser(FORM);
      await scope.register(formbody, { parser: parseForm, bodyLimit: 1_048_576 });
      await scope.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });

      scope.setErrorHandler((error, request, reply) => {
        const { status, errors } = errorsOf(error);
        if (status >= 500) request.log.error({ err: error }, 'unhandled error');
        if (error instanceof AppError && typeof error.details.retryAfterSeconds === 'number') reply.header('retry-after', String(error.details.retryAfterSeconds));
        return send(reply, pathFormat(request.url) ?? 'xml', 'errors', errors, status);
      });
      scope.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0];
        return send(reply, pathFormat(request.url) ?? 'xml', 'errors', [{ code: 404, description: `No Open311 resource at ${request.method} ${path}` }], 404);
      });

      const query = (request: FastifyRequest): RawParams => (request.query ?? {}) as RawParams;
      const body = (request: FastifyRequest): RawParams => {
        const b = request.body;
        if (b === null || b === undefined) return {};
        if (typeof b !== 'object' || Array.isArray(b)) throw new AppError('bad_request', 400, 'The body must be form fields (application/x-www-form-urlencoded)');
        return b as RawParams;
      };
      /** Query and body together: jurisdiction_id may come in either for a POST. */
      const both = (request: FastifyRequest): RawParams => ({ ...query(request), ...body(request) });
      const localeOf = (request: FastifyRequest): Locale => {
        const choice = query(request).locale;
        return negotiateLocale(typeof choice === 'string' ? choice : undefined, request.headers['accept-language'], options.defaultLocale);
      };
      const limiter = new FormKeyLimiter(options.apiKeyRateLimitPerMinute);
      const keyOf = async (request: FastifyRequest, params: RawParams): Promise<ApiKeyPrincipal | null> => {
        if (request.principal.kind === 'api_key') return request.principal;
        const given = params.api_key;
        if (typeof given !== 'string' || !given.trim()) return null;
        const key = await authenticateApiKey(deps, given.trim());
        if (key) limiter.check(key, Date.now());
        return key;
      };

      for (const format of FORMATS) {
        scope.get(`/discovery.${format}`, async (_request, reply) => {
          reply.header('cache-control', 'public, max-age=3600');
          return send(reply, format, 'discovery', open311.discovery(options.publicUrl, `${options.publicUrl}/`));
        });

        scope.get(`/services.${format}`, async (request, reply) => {
          const jurisdiction = await open311.jurisdictionOf(deps, query(request));
          const { services, lastModified } = await open311.services(deps, jurisdiction, localeOf(request));
          const text = render(format, 'services', services);
          const etag = `W/"${createHash('sha1').update(text).digest('base64url')}"`;
          reply.header('etag', etag).header('cache-control', 'public, max-age=60').header('vary', 'Accept-Language, Accept-Encoding');
          if (lastModified) reply.header('last-modified', lastModified.toUTCString());
          const ifNoneMatch = request.headers['if-none-match'];
          const ifModifiedSince = request.headers['if-modified-since'];
          const unchanged =
            ifNoneMatch !== undefined
              ? ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')
              : ifModifiedSince !== undefined && lastModified !== null && Math.floor(lastModified.getTime() / 1000) * 1000 <= Date.parse(ifModifiedSince);
          if (unchanged) return reply.status(304).send();
          return reply.type(CONTENT_TYPE[format]).send(text);
        });

        scope.get(`/requests.${format}`, async (request, reply) => {
          const params = query(request);
          const jurisdiction = await open311.jurisdictionOf(deps, params);
          const list = await open311.listRequests(deps, jurisdiction, params, localeOf(request), options.publicUrl);
          reply.header('cache-control', 'no-cache');
          return send(reply, format, 'service_requests', list);
        });

        scope.post(`/requests.${format}`, async (request, reply) => {
          const params = both(request);
          const key = open311.requireKey(await keyOf(request, params), 'open311:write');
          const jurisdiction = await open311.jurisdictionOf(deps, params);
          const created = await open311.createRequest(deps, jurisdiction, params, key, auditContextOf(request));
          return send(reply, format, 'service_requests', created, 201);
        });

        scope.get(`/servicerequestupdates.${format}`, async (request, reply) => {
          const params = query(request);
          const jurisdiction = await open311.jurisdictionOf(deps, params);
          reply.header('cache-control', 'no-cache');
          return send(reply, format, 'service_request_updates', await open311.listUpdates(deps, jurisdiction, params));
        });

        scope.post(`/servicerequestupdates.${format}`, async (request, reply) => {
          const params = both(request);
          const key = open311.requireKey(await keyOf(request, params), 'open311:write');
          const jurisdiction = await open311.jurisdictionOf(deps, params);
          return send(reply, format, 'service_request_updates', await open311.postUpdate(deps, jurisdiction, params, key, auditContextOf(request)), 201);
        });
      }

      scope.get('/services/:file', async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file, 'service_code');
        const jurisdiction = await open311.jurisdictionOf(deps, query(request));
        reply.header('cache-control', 'public, max-age=60');
        return send(reply, format, 'service_definition', await open311.serviceDefinition(deps, jurisdiction, id, localeOf(request)));
      });

      scope.get('/requests/:file', async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file, 'service_request_id');
        const params = query(request);
        const jurisdiction = await open311.jurisdictionOf(deps, params);
        reply.header('cache-control', 'no-cache');
        return send(reply, format, 'service_requests', await open311.getRequest(deps, jurisdiction, id, params, localeOf(request), options.publicUrl));
      });

      scope.get('/tokens/:file', async (request, reply) => {
        const { id, format } = splitFile((request.params as { file: string }).file, 'token');
        const jurisdiction = await open311.jurisdictionOf(deps, query(request));
        return send(reply, format, 'service_requests', await open311.resolveToken(deps, jurisdiction, id));
      });
    },
    { prefix: '/open311/v2' },
  );
}
