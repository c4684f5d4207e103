import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_IDENTITY_SETTINGS, parseRoleMap, type IdentitySettings, type OidcSettings } from './modules/identity/settings.ts';

/**
 * Every setting Frontdoor reads from the environment. This file is the only reader of
 * process.env; a bad setting stops the boot with a list of everything that is wrong.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3311),
  HOST: z.string().min(1).default('0.0.0.0'),
  FRONTDOOR_DATA_DIR: z.string().min(1).default('./.frontdoor'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FRONTDOOR_WORKER: z.enum(['on', 'off']).default('on'),
  FRONTDOOR_DEFAULT_LOCALE: z.enum(['en', 'es', 'vi', 'zh-Hant', 'ru']).default('en'),
  FRONTDOOR_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(DEFAULT_IDENTITY_SETTINGS.sessionIdleMinutes),
  FRONTDOOR_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(720).default(DEFAULT_IDENTITY_SETTINGS.sessionMaxHours),
  FRONTDOOR_SECURE_COOKIES: z.enum(['auto', 'always']).default(DEFAULT_IDENTITY_SETTINGS.secureCookies),
  FRONTDOOR_API_KEY_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_IDENTITY_SETTINGS.apiKeyRateLimitPerMinute),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((text, ctx) => {
      const value = parseTrustProxy(text);
      if (value === null) ctx.addIssue({ code: 'custom', message: 'must be false, true, a number of proxy hops (1-10), or proxy addresses/CIDR ranges separated by commas, e.g. 10.0.0.0/8,127.0.0.1' });
      return value ?? false;
    }),
  FRONTDOOR_PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be the http(s) address residents reach Frontdoor at').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.gov:587')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  MAIL_FROM: z.string().min(3).max(254).default('311 <noreply@localhost>'),
  FRONTDOOR_SMS_ACCOUNT_SID: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'must be the provider account id, e.g. AC…').optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_SMS_AUTH_TOKEN: z.string().min(8, 'must be the provider auth token').max(256).optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_SMS_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be the sending number in E.164, e.g. +15035550100').optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_SMS_API_URL: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be the provider API base URL').default('https://api.twilio.com'),
  FRONTDOOR_INBOUND_ADDRESS: z.string().regex(/^[^\s@+]+@[^\s@]+\.[^\s@]+$/, 'must be the 311 e-mail address without +tags, e.g. 311@city.gov').optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  FRONTDOOR_INBOUND_EMAIL_SECRET: z.string().min(16, 'must be at least 16 characters (the mail provider sends it with every message)').max(256).optional().or(z.literal('').transform(() => undefined)),
  FRONTDOOR_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(12),
  FRONTDOOR_NOTIFICATION_WORKERS: z.coerce.number().int().min(1).max(32).default(8),
  GEOCODER_URL: z.string().regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, 'must be the http(s) address of a Nominatim-compatible server').optional().or(z.literal('').transform(() => undefined)),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]*\{z\}[^\s]*\{x\}[^\s]*\{y\}[^\s]*$/, 'must be an http(s) tile URL template with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  poolSize: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  worker: boolean;
  defaultLocale: z.infer<typeof schema>['FRONTDOOR_DEFAULT_LOCALE'];
  /**
   * Which reverse proxies to believe about the client's address (X-Forwarded-For) and protocol:
   * Fastify's `trustProxy` — false (none), true (any: only when every request comes through the
   * proxy), a hop count, or proxy addresses/CIDR ranges.
   */
  trustProxy: TrustProxy;
  identity: IdentitySettings;
  /** Where residents reach Frontdoor: links in e-mails point here. */
  publicUrl: string;
  /** SMTP server for outgoing mail; without it, nothing that needs e-mail is offered. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** The SMS provider (Twilio's API); null when FRONTDOOR_SMS_ACCOUNT_SID, _AUTH_TOKEN and _FROM are not all set. */
  sms: { accountSid: string; authToken: string; from: string; apiUrl: string } | null;
  /** Inbound e-mail and delivery of the notification outbox (issue 8). */
  notifications: {
    /** The 311 address: replies to notifications come to `<local>+r.<token>@<domain>`; null = no Reply-To. */
    inboundAddress: string | null;
    /** Port of the inbound SMTP listener; null = off. */
    inboundSmtpPort: number | null;
    inboundSmtpHost: string;
    /** Shared secret of POST /api/v1/inbound/email; null = the webhook is off. */
    inboundSecret: string | null;
    /** Open SMTP connections for outgoing notifications. */
    smtpConnections: number;
    /** Workers delivering the outbox side by side in this process. */
    workers: number;
  };
  /** Geocoding and maps (issue 7): an outside Nominatim-compatible geocoder (null = gazetteer only) and the map tiles. */
  geo: { geocoderUrl: string | null; mapTileUrl: string };
}

export type TrustProxy = boolean | number | string[];

const IPV4_CIDR = /^(\d{1,3})(\.\d{1,3}){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6_CIDR = /^[0-9a-f:.]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;

/** TRUST_PROXY's text as Fastify's trustProxy, or null when it is none of the accepted forms. */
export function parseTrustProxy(text: string): TrustProxy | null {
  const v = text.trim().toLowerCase();
  if (['', 'false', 'off', 'no'].includes(v)) return false;
  if (['true', 'on', 'yes'].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v) >= 1 && Number(v) <= 10 ? Number(v) : null;
  const list = v.split(',').map((a) => a.trim()).filter(Boolean);
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const valid = (a: string) => named.has(a) || (IPV4_CIDR.test(a) && a.split('/')[0]!.split('.').every((n) => Number(n) <= 255)) || IPV6_CIDR.test(a);
  return list.length && list.every(valid) ? list : null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Frontdoor cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the settings, listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const oidc = loadOidcSettings(env);
  const smsNames = ['FRONTDOOR_SMS_ACCOUNT_SID', 'FRONTDOOR_SMS_AUTH_TOKEN', 'FRONTDOOR_SMS_FROM'];
  const smsSet = smsNames.filter((name) => env[name]?.trim());
  const smsProblems = smsSet.length && smsSet.length < smsNames.length
    ? smsNames.filter((name) => !smsSet.includes(name)).map((name) => `${name}="": required when ${smsSet.join(', ')} ${smsSet.length === 1 ? 'is' : 'are'} set (SMS is off without all three)`)
    : [];
  const problems = [
    ...smsProblems,
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])] ?? '')}: ${issue.message}`)),
    ...oidc.problems,
  ];
  if (!parsed.success || problems.length) throw new ConfigError(problems);
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.FRONTDOOR_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    poolSize: c.DATABASE_POOL_SIZE,
    logLevel: c.LOG_LEVEL,
    worker: c.FRONTDOOR_WORKER === 'on',
    defaultLocale: c.FRONTDOOR_DEFAULT_LOCALE,
    trustProxy: c.TRUST_PROXY,
    identity: {
      sessionIdleMinutes: c.FRONTDOOR_SESSION_IDLE_MINUTES,
      sessionMaxHours: c.FRONTDOOR_SESSION_MAX_HOURS,
      secureCookies: c.FRONTDOOR_SECURE_COOKIES,
      apiKeyRateLimitPerMinute: c.FRONTDOOR_API_KEY_RATE_LIMIT,
      ...(oidc.settings && { oidc: oidc.settings }),
    },
    publicUrl: (c.FRONTDOOR_PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    notifications: {
      inboundAddress: c.FRONTDOOR_INBOUND_ADDRESS?.toLowerCase() ?? null,
      inboundSmtpPort: c.FRONTDOOR_INBOUND_SMTP_PORT ?? null,
      inboundSmtpHost: c.FRONTDOOR_INBOUND_SMTP_HOST,
      inboundSecret: c.FRONTDOOR_INBOUND_EMAIL_SECRET ?? null,
      smtpConnections: c.FRONTDOOR_SMTP_CONNECTIONS,
      workers: c.FRONTDOOR_NOTIFICATION_WORKERS,
    },
    geo: { geocoderUrl: c.GEOCODER_URL?.replace(/\/+$/, '') ?? null, mapTileUrl: c.MAP_TILE_URL },
    sms:
      c.FRONTDOOR_SMS_ACCOUNT_SID && c.FRONTDOOR_SMS_AUTH_TOKEN && c.FRONTDOOR_SMS_FROM
        ? { accountSid: c.FRONTDOOR_SMS_ACCOUNT_SID, authToken: c.FRONTDOOR_SMS_AUTH_TOKEN, from: c.FRONTDOOR_SMS_FROM, apiUrl: c.FRONTDOOR_SMS_API_URL.replace(/\/$/, '') }
        : null,
  };
}

const OIDC = {
  issuer: 'FRONTDOOR_OIDC_ISSUER',
  clientId: 'FRONTDOOR_OIDC_CLIENT_ID',
  clientSecret: 'FRONTDOOR_OIDC_CLIENT_SECRET',
  redirectUrl: 'FRONTDOOR_OIDC_REDIRECT_URL',
  scopes: 'FRONTDOOR_OIDC_SCOPES',
  roleClaim: 'FRONTDOOR_OIDC_ROLE_CLAIM',
  roleMap: 'FRONTDOOR_OIDC_ROLE_MAP',
  autoCreate: 'FRONTDOOR_OIDC_AUTO_CREATE',
} as const;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An https URL, or http on this machine only (a development provider); the reason it is not, or null. */
function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL such as https://login.example.gov/realms/city';
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return url.hash ? 'must not have a #fragment' : null;
  return 'must be an https:// URL (plain http only for localhost)';
}

/**
 * Single sign-on settings: off unless FRONTDOOR_OIDC_ISSUER is set; then the client id and the
 * redirect URL are required too, and every setting is checked. Returns the settings or the problems.
 */
function loadOidcSettings(env: NodeJS.ProcessEnv): { settings?: OidcSettings; problems: string[] } {
  const value = (name: string): string | undefined => (env[name]?.trim() ? env[name].trim() : undefined);
  const problems: string[] = [];
  const problem = (name: string, message: string) => problems.push(`${name}=${JSON.stringify(env[name] ?? '')}: ${message}`);
  const issuer = value(OIDC.issuer);
  if (!issuer) {
    const stray = Object.values(OIDC).filter((name) => value(name) !== undefined);
    if (stray.length) problem(OIDC.issuer, `required when ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set (single sign-on is off without it)`);
    return { problems };
  }
  const issuerProblem = urlProblem(issuer);
  if (issuerProblem) problem(OIDC.issuer, issuerProblem);
  const clientId = value(OIDC.clientId);
  if (!clientId) problem(OIDC.clientId, `required when ${OIDC.issuer} is set: the client id registered at the provider`);
  const redirectUrl = value(OIDC.redirectUrl);
  const redirectProblem = redirectUrl ? urlProblem(redirectUrl) : `required when ${OIDC.issuer} is set: e.g. https://311.example.gov/api/v1/auth/oidc/callback`;
  if (redirectProblem) problem(OIDC.redirectUrl, redirectProblem);
  else if (redirectUrl && !new URL(redirectUrl).pathname.endsWith('/api/v1/auth/oidc/callback')) problem(OIDC.redirectUrl, 'must end in /api/v1/auth/oidc/callback, where Frontdoor answers the provider');
  const scopes = (value(OIDC.scopes) ?? 'openid email profile').split(/\s+/);
  if (!scopes.includes('openid')) scopes.unshift('openid');
  if (scopes.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]{1,100}$/.test(s))) problem(OIDC.scopes, 'must be scopes separated by spaces, such as "openid email profile groups"');
  const roleClaim = value(OIDC.roleClaim) ?? 'groups';
  if (!/^[\w.:/-]{1,100}$/.test(roleClaim)) problem(OIDC.roleClaim, 'must be a claim name such as groups or roles');
  let roleMap: OidcSettings['roleMap'] = {};
  const roleMapText = value(OIDC.roleMap);
  if (roleMapText) {
    const parsed = parseRoleMap(roleMapText);
    if ('problem' in parsed) problem(OIDC.roleMap, parsed.problem);
    else roleMap = parsed.map;
  }
  const autoCreateText = (value(OIDC.autoCreate) ?? 'off').toLowerCase();
  if (!['on', 'off', 'true', 'false'].includes(autoCreateText)) problem(OIDC.autoCreate, 'must be on or off');
  const autoCreate = autoCreateText === 'on' || autoCreateText === 'true';
  if (autoCreate && !Object.keys(roleMap).length) problem(OIDC.autoCreate, `needs ${OIDC.roleMap}: a new account gets its roles from the claims`);
  if (problems.length) return { problems };
  return {
    problems,
    settings: { issuer, clientId: clientId as string, clientSecret: value(OIDC.clientSecret) ?? null, redirectUrl: redirectUrl as string, scopes: scopes.join(' '), roleClaim, roleMap, autoCreate },
  };
}
