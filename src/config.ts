import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_IDENTITY_SETTINGS, type IdentitySettings } from './modules/identity/settings.ts';

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
  identity: IdentitySettings;
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
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])] ?? '')}: ${issue.message}`),
    );
  }
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
    identity: {
      sessionIdleMinutes: c.FRONTDOOR_SESSION_IDLE_MINUTES,
      sessionMaxHours: c.FRONTDOOR_SESSION_MAX_HOURS,
      secureCookies: c.FRONTDOOR_SECURE_COOKIES,
      apiKeyRateLimitPerMinute: c.FRONTDOOR_API_KEY_RATE_LIMIT,
    },
  };
}
