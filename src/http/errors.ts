import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, ValidationError } from '../lib/errors.ts';

/** The JSON error body of the staff API: `{ error: { code, message, field?, problems? , requestId } }`. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; problems?: unknown; requestId: string };
}

/**
 * The one place errors become HTTP responses. AppErrors keep their status and code; Fastify's own
 * client errors (bad JSON, too large, wrong content type) keep their 4xx; anything else is a 500
 * that is logged with the request id and tells the client nothing internal.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const requestId = String(request.id);
    if (error instanceof AppError) {
      if (typeof error.details.retryAfterSeconds === 'number') reply.header('retry-after', String(error.details.retryAfterSeconds));
      const body: ErrorBody = { error: { code: error.code, message: error.message, field: error.field, requestId } };
      if (error instanceof ValidationError) body.error.problems = error.problems;
      return reply.status(error.status).send(body);
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = 'code' in error && typeof error.code === 'string' ? error.code.toLowerCase() : 'bad_request';
      return reply.status(status).send({ error: { code, message: error.message, requestId } } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged', requestId } } satisfies ErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}`, requestId: String(request.id) } } satisfies ErrorBody);
  });
}
