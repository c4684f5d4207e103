import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../config.ts';
import { DEFAULT_IDENTITY_SETTINGS } from './settings.ts';

test('identity settings come from the environment, with defaults, and bad ones are listed', () => {
  assert.deepEqual(loadConfig({}).identity, DEFAULT_IDENTITY_SETTINGS);
  assert.deepEqual(
    loadConfig({ FRONTDOOR_SESSION_IDLE_MINUTES: '15', FRONTDOOR_SESSION_MAX_HOURS: '8', FRONTDOOR_SECURE_COOKIES: 'always', FRONTDOOR_API_KEY_RATE_LIMIT: '120' }).identity,
    { sessionIdleMinutes: 15, sessionMaxHours: 8, secureCookies: 'always', apiKeyRateLimitPerMinute: 120 },
  );
  assert.throws(
    () => loadConfig({ FRONTDOOR_SESSION_IDLE_MINUTES: '0', FRONTDOOR_SECURE_COOKIES: 'sometimes', FRONTDOOR_API_KEY_RATE_LIMIT: 'lots' }),
    (e: unknown) => e instanceof ConfigError && e.problems.length === 3 && /FRONTDOOR_SECURE_COOKIES="sometimes"/.test(e.message),
  );
});
