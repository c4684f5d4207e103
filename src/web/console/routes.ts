import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run build:console` writes the console (Vite's output). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

/** The console page's security headers: only our own scripts and styles, no framing. */
const CONSOLE_CSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the staff console: its hashed assets with a year-long cache, and index.html for /console
 * and every path under it (the app routes in the browser). Without a build, /console says how to
 * make one instead of failing obscurely.
 */
export async function registerConsoleRoutes(app: FastifyInstance, dist = CONSOLE_DIST): Promise<void> {
  const indexFile = `${dist}index.html`;
  const built = existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: `${dist}assets`,
      prefix: '/console/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
    });
  }
  let index: string | null = null;
  const sendIndex = (reply: FastifyReply): FastifyReply => {
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The staff console has not been built. Run `npm run build:console` (npm install does it), then reload.');
    }
    index ??= readFileSync(indexFile, 'utf8');
    return reply.header('cache-control', 'no-cache').header('content-security-policy', CONSOLE_CSP).header('x-content-type-options', 'nosniff').type('text/html; charset=utf-8').send(index);
  };
  app.get('/console', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  app.get('/console/*', { schema: { hide: true } }, (request, reply) => {
    // A missing asset is a 404, not the app: a stale tab after a deploy must not get HTML as script.
    if (request.url.startsWith('/console/assets/')) return reply.status(404).type('text/plain').send('Not found');
    return sendIndex(reply);
  });
}
