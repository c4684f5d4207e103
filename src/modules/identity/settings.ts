/** How sign-in, sessions and API keys behave; read from the environment by config.ts. */
export interface IdentitySettings {
  /** A session ends after this long without a request (FRONTDOOR_SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: number;
  /** A session ends this long after sign-in, however active (FRONTDOOR_SESSION_MAX_HOURS). */
  sessionMaxHours: number;
  /**
   * `auto`: the session cookie is `Secure` when the request came over HTTPS, directly or through a
   * proxy that says so in `X-Forwarded-Proto`; `always`: always (FRONTDOOR_SECURE_COOKIES).
   */
  secureCookies: 'auto' | 'always';
  /** Requests a minute an API key may make unless the key has its own limit (FRONTDOOR_API_KEY_RATE_LIMIT). */
  apiKeyRateLimitPerMinute: number;
}

/** An hour idle, a twelve-hour shift at most, 600 API requests a minute. */
export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  sessionIdleMinutes: 60,
  sessionMaxHours: 12,
  secureCookies: 'auto',
  apiKeyRateLimitPerMinute: 600,
};
