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
  /** Single sign-on for staff with OpenID Connect; absent when it is off (no FRONTDOOR_OIDC_ISSUER). */
  oidc?: OidcSettings;
}

/** An hour idle, a twelve-hour shift at most, 600 API requests a minute. */
export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  sessionIdleMinutes: 60,
  sessionMaxHours: 12,
  secureCookies: 'auto',
  apiKeyRateLimitPerMinute: 600,
};

/** One grant from the single sign-on role map: a role, and for department-scoped roles the department. */
export interface OidcGrant {
  role: string;
  department?: string;
}

/**
 * Single sign-on with OpenID Connect (authorization code + PKCE); present only when
 * FRONTDOOR_OIDC_ISSUER is set, and then complete (config.ts checks every setting at boot).
 */
export interface OidcSettings {
  /** The provider's issuer URL; its `/.well-known/openid-configuration` is read on first use (FRONTDOOR_OIDC_ISSUER). */
  issuer: string;
  /** FRONTDOOR_OIDC_CLIENT_ID. */
  clientId: string;
  /** FRONTDOOR_OIDC_CLIENT_SECRET (client_secret_basic); null for a public client, which PKCE alone protects. */
  clientSecret: string | null;
  /** Frontdoor's callback, exactly as registered at the provider (FRONTDOOR_OIDC_REDIRECT_URL). */
  redirectUrl: string;
  /** The scopes asked for, space-separated; `openid` is always among them (FRONTDOOR_OIDC_SCOPES). */
  scopes: string;
  /** The claim carrying the user's groups: a string or an array of strings (FRONTDOOR_OIDC_ROLE_CLAIM). */
  roleClaim: string;
  /**
   * Claim value → grants (FRONTDOOR_OIDC_ROLE_MAP). Empty: roles are managed in Frontdoor only and
   * sign-in never changes them. Otherwise the provider is the source of truth: every sign-in sets the
   * account's roles and departments to what the claims map to, and claims that map to nothing are refused.
   */
  roleMap: Record<string, OidcGrant[]>;
  /** Create an unknown staff member on first sign-in when the claims map to a role (FRONTDOOR_OIDC_AUTO_CREATE). */
  autoCreate: boolean;
}

/**
 * Parses FRONTDOOR_OIDC_ROLE_MAP: a JSON object whose keys are claim values and whose values are a
 * grant or a list of grants, each `role` or `role:department` (`"pbot": "bureau_staff:pbot"`,
 * `"leads": ["supervisor", "bureau_staff:parks"]`). Returns the map, or what is wrong with it.
 */
export function parseRoleMap(text: string): { map: Record<string, OidcGrant[]> } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'must be JSON: an object such as {"311-agents":"agent","pbot":"bureau_staff:pbot"}' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'must be a JSON object of claim value → "role" or "role:department" (or a list of them)' };
  const map: Record<string, OidcGrant[]> = {};
  for (const [value, grants] of Object.entries(raw as Record<string, unknown>)) {
    const list = Array.isArray(grants) ? grants : [grants];
    if (!value || list.length === 0) return { problem: `${JSON.stringify(value)}: give a claim value and at least one role` };
    map[value] = [];
    for (const grant of list) {
      const m = typeof grant === 'string' ? /^([a-z0-9_]{1,50})(?::([^\s:]{1,64}))?$/.exec(grant) : null;
      if (!m) return { problem: `${JSON.stringify(value)}: ${JSON.stringify(grant)} is not "role" or "role:department" (a role is a code such as bureau_staff)` };
      map[value].push(m[2] ? { role: m[1] as string, department: m[2] } : { role: m[1] as string });
    }
  }
  return { map };
}
