import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import { DESCRIBED_ONLY, NO_INPUT } from '../identity/schemas.ts';
import { csrfTokenFor, safeEqual } from '../identity/secrets.ts';
import { followRequest, listRequestsOfEmail, unfollowRequest } from '../requests/index.ts';
import { requestSignInLink, signInLinkSchema, residentOfSession, signInWithLink, signOutResident, type Resident, type ResidentSettings } from './service.ts';

/** The resident's session cookie (separate from staff sessions: residents are not staff). */
export const RESIDENT_COOKIE = 'frontdoor_resident';

const tokenQuery = z.object({ token: z.string().min(1).max(200) }).strict();
const followBody = z.object({ request: z.string().min(1).max(40) }).strict();
const refParams = z.object({ ref: z.string().min(1).max(40) }).strict();
/** What requestSignInLink accepts (it checks the body itself, with its own copy of this schema): here to describe the route in /api/docs. */
const TAGS = ['Resident accounts'];
/** Residents sign in with a link, not a staff session or an API key. */
const NEEDS_RESIDENT = 'Needs the resident session cookie (set by the sign-in link), not a staff session or an API key.';
const NEEDS_RESIDENT_CSRF = `${NEEDS_RESIDENT} Also needs X-CSRF-Token (from GET /api/v1/residents/me).`;

function cookieOptions(request: FastifyRequest, secureAlways: boolean) {
  const https = request.protocol === 'https' || String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: secureAlways || https } as const;
}

/** The signed-in resident, or a 401; changes also need the session's CSRF token in X-CSRF-Token. */
async function requireResident(deps: Deps, request: FastifyRequest): Promise<{ resident: Resident; token: string }> {
  const token = request.cookies[RESIDENT_COOKIE];
  const resident = token ? await residentOfSession(deps, token) : null;
  if (!token || !resident) throw new AppError('unauthenticated', 401, 'Sign in with a link sent to your e-mail address first');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(token))) {
      throw new AppError('csrf_failed', 403, 'This change needs the X-CSRF-Token header that GET /api/v1/residents/me returns');
    }
  }
  return { resident, token };
}

/**
 * Resident accounts: sign in by a one-time e-mail link, see one's own requests (made with the proved
 * address, signed in or not) and the ones one follows, follow and unfollow, sign out.
 */
export function registerResidentRoutes(app: FastifyInstance, deps: Deps, settings: ResidentSettings & { secureCookies: boolean }): void {
  // Inputs are checked in the handlers, as before (after the resident session and CSRF checks where there are any): the schemas describe the routes in /api/docs.
  app.post(
    '/api/v1/residents/sign-in-link',
    { ...DESCRIBED_ONLY, schema: { tags: TAGS, summary: 'E-mail a one-time sign-in link', description: 'Answers 202 whether or not the address is known.', security: [], body: signInLinkSchema } },
    async (request, reply) => {
      await requestSignInLink(deps, settings, request.body);
      return reply.status(202).send({ status: 'sent', message: 'If the address can receive mail, a sign-in link is on its way. It works once.' });
    },
  );

  app.get(
    '/api/v1/residents/sign-in',
    { ...DESCRIBED_ONLY, schema: { tags: TAGS, summary: 'Sign in with the link from the e-mail', description: 'Sets the resident session cookie and redirects (303). A link works once.', security: [], querystring: tokenQuery } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { token } = parseInput(tokenQuery, request.query);
      const session = await signInWithLink(deps, settings, token);
      reply.setCookie(RESIDENT_COOKIE, session.sessionToken, { ...cookieOptions(request, settings.secureCookies), maxAge: settings.sessionDays * 86_400 });
      return reply.redirect(session.returnTo ?? '/', 303);
    },
  );

  app.get('/api/v1/residents/me', { schema: { tags: TAGS, summary: "The signed-in resident's requests and CSRF token", description: NEEDS_RESIDENT, ...NO_INPUT } }, async (request) => {
    const { resident, token } = await requireResident(deps, request);
    const requests = await listRequestsOfEmail(deps, resident.email);
    return { email: resident.email, locale: resident.locale, csrfToken: csrfTokenFor(token), requests };
  });

  app.post('/api/v1/residents/follows', { ...DESCRIBED_ONLY, schema: { tags: TAGS, summary: 'Follow a request (e-mail on its updates)', description: NEEDS_RESIDENT_CSRF, body: followBody } }, async (request, reply) => {
    const { resident } = await requireResident(deps, request);
    const { request: ref } = parseInput(followBody, request.body);
    await followRequest(deps, ref, { email: resident.email, locale: resident.locale });
    return reply.status(204).send();
  });

  app.delete('/api/v1/residents/follows/:ref', { ...DESCRIBED_ONLY, schema: { tags: TAGS, summary: 'Stop following a request', description: NEEDS_RESIDENT_CSRF, params: refParams } }, async (request, reply) => {
    const { resident } = await requireResident(deps, request);
    const { ref } = parseInput(refParams, request.params);
    await unfollowRequest(deps, ref, resident.email);
    return reply.status(204).send();
  });

  app.post('/api/v1/residents/sign-out', { schema: { tags: TAGS, summary: "End the resident's session", description: NEEDS_RESIDENT_CSRF, ...NO_INPUT } }, async (request, reply) => {
    const { token } = await requireResident(deps, request);
    await signOutResident(deps, token);
    reply.clearCookie(RESIDENT_COOKIE, cookieOptions(request, settings.secureCookies));
    return reply.status(204).send();
  });
}
