import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import cookie from '@fastify/cookie';
import Fastify from 'fastify';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { registerErrorHandler } from '../../http/errors.ts';
import { Worker } from '../../jobs/queue.ts';
import { createSmtpMailer } from '../../lib/mailer.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville } from '../../test/factories.ts';
import { createServiceRequest } from '../requests/index.ts';
import { RESIDENT_COOKIE, registerResidentRoutes } from './routes.ts';
import { residentJobHandlers, type ResidentSettings } from './service.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);

// A real SMTP server in the test: what arrives is parsed as a mail client would.
const inbox: ParsedMail[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, _session, callback) {
    simpleParser(stream).then((mail) => {
      inbox.push(mail);
      callback();
    }, callback);
  },
});
await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpPort = (smtp.server.address() as AddressInfo).port;
const mailer = createSmtpMailer(`smtp://127.0.0.1:${smtpPort}`, 'Portland 311 <noreply@311.example>');

const settings: ResidentSettings & { secureCookies: boolean } = {
  publicUrl: 'https://311.example',
  mailer,
  linkMinutes: 15,
  sessionDays: 30,
  linksPerHour: 5,
  secureCookies: false,
};

async function appWith(s: ResidentSettings & { secureCookies: boolean }) {
  const app = Fastify();
  await app.register(cookie);
  registerErrorHandler(app);
  registerResidentRoutes(app, t.deps, s);
  return app;
}
const app = await appWith(settings);
const worker = new Worker(t.deps, { handlers: residentJobHandlers(mailer) });
after(async () => {
  await app.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Asks for a link, lets the worker send it, and returns the link's path from the e-mail that arrived. */
async function linkFor(email: string, extra: Record<string, string> = {}): Promise<string> {
  const before = inbox.length;
  const res = await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email, ...extra } });
  assert.equal(res.statusCode, 202, res.body);
  await worker.runOnce();
  const mail = inbox[before];
  assert.ok(mail, 'the e-mail arrived');
  const url = /https:\/\/311\.example(\/api\/v1\/residents\/sign-in\?token=[\w-]+)/.exec(mail.text ?? '')?.[1];
  assert.ok(url, `a link in: ${mail.text}`);
  return url;
}

async function signIn(path: string): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject(path);
  assert.equal(res.statusCode, 303, res.body);
  const set = res.cookies.find((c) => c.name === RESIDENT_COOKIE);
  assert.ok(set?.httpOnly && set.sameSite === 'Lax');
  const jar = `${RESIDENT_COOKIE}=${set.value}`;
  const me = await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } });
  return { cookie: jar, csrf: me.json().csrfToken };
}

describe('resident accounts', () => {
  test('a request made signed out becomes the resident\'s once they sign in with a link sent to that address', async () => {
    const mine = await createPothole(t.deps, { requester: { email: 'ana@example.org' }, location: undefined });
    await createPothole(t.deps, { requester: { email: 'someone@example.org' }, location: undefined });
    const path = await linkFor('Ana@Example.org', { locale: 'es', returnTo: `/track/${mine.request.trackingNumber}` });
    const mail = inbox.at(-1)!;
    assert.equal(mail.subject, 'Su enlace para entrar al 311');
    assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', 'Ana@example.org');
    const res = await app.inject(path);
    assert.equal(res.headers.location, `/track/${mine.request.trackingNumber}`);
    const jar = `${RESIDENT_COOKIE}=${res.cookies.find((c) => c.name === RESIDENT_COOKIE)!.value}`;
    const me = (await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } })).json();
    assert.equal(me.email, 'Ana@example.org');
    assert.deepEqual(me.requests.map((r: { trackingNumber: string; relation: string }) => [r.trackingNumber, r.relation]), [[mine.request.trackingNumber, 'mine']]);
    assert.equal((await app.inject(path)).statusCode, 400, 'a link works once');
  });

  test('following and unfollowing need the CSRF token; confidential requests of others cannot be followed', async () => {
    const other = await createPothole(t.deps, { requester: { email: 'bo@example.org' }, location: undefined });
    const secret = await createServiceRequest(t.deps, { jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'web', requester: { email: 'bo@example.org' } });
    const { cookie: jar, csrf } = await signIn(await linkFor('cy@example.org'));
    const follow = (ref: string, token?: string) =>
      app.inject({ method: 'POST', url: '/api/v1/residents/follows', headers: { cookie: jar, ...(token ? { 'x-csrf-token': token } : {}) }, payload: { request: ref } });
    assert.equal((await follow(other.request.trackingNumber)).statusCode, 403);
    assert.equal((await follow(other.request.trackingNumber, 'wrong')).statusCode, 403);
    assert.equal((await follow(other.request.trackingNumber, csrf)).statusCode, 204);
    assert.equal((await follow(other.request.trackingNumber, csrf)).statusCode, 204, 'following twice is harmless');
    assert.equal((await follow(secret.request.trackingNumber, csrf)).statusCode, 404);
    const me = (await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } })).json();
    assert.deepEqual(me.requests.map((r: { relation: string }) => r.relation), ['following']);
    const unfollow = await app.inject({ method: 'DELETE', url: `/api/v1/residents/follows/${other.request.trackingNumber}`, headers: { cookie: jar, 'x-csrf-token': csrf } });
    assert.equal(unfollow.statusCode, 204);
    assert.deepEqual((await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } })).json().requests, []);
    const out = await app.inject({ method: 'POST', url: '/api/v1/residents/sign-out', headers: { cookie: jar, 'x-csrf-token': csrf } });
    assert.equal(out.statusCode, 204);
    assert.equal((await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } })).statusCode, 401);
  });

  test('links expire, and sessions end after their lifetime', async () => {
    const path = await linkFor('dee@example.org');
    t.clock.advance(16 * 60_000);
    assert.equal((await app.inject(path)).json().error.code, 'link_not_valid');
    const { cookie: jar } = await signIn(await linkFor('dee@example.org'));
    t.clock.advance(31 * 86_400_000);
    assert.equal((await app.inject({ url: '/api/v1/residents/me', headers: { cookie: jar } })).statusCode, 401);
    t.clock.set('2026-03-02T17:00:00Z');
  });

  test('the same answer for any address, no account until a link is used, and at most five links an hour', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email: 'never@example.org' } });
    assert.equal(res.statusCode, 202);
    assert.equal((await t.deps.db.selectFrom('residents').select('id').where('email', '=', 'never@example.org').execute()).length, 0);
    for (let i = 0; i < 4; i++) await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email: 'never@example.org' } });
    const limited = await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email: 'never@example.org' } });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.headers['retry-after'], '3600');
    await worker.runOnce();
  });

  test('bad input is refused naming the field; without a mail server the feature says so', async () => {
    const bad = async (payload: unknown) => (await app.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: payload as object })).json().error;
    assert.equal((await bad({})).field, 'email');
    assert.equal((await bad({ email: 'not-an-address' })).problems[0].code, 'invalid_email');
    assert.equal((await bad({ email: 'a@example.org', admin: true })).field, 'admin');
    assert.equal((await app.inject('/api/v1/residents/sign-in')).statusCode, 400);
    const unmailed = await appWith({ ...settings, mailer: null });
    const res = await unmailed.inject({ method: 'POST', url: '/api/v1/residents/sign-in-link', payload: { email: 'a@example.org' } });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().error.code, 'email_not_configured');
    await unmailed.close();
  });

  test('a return address to another site is ignored', async () => {
    const path = await linkFor('eve@example.org', { returnTo: '//evil.example/steal' });
    assert.equal((await app.inject(path)).headers.location, '/');
  });
});
