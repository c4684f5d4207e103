/** The staff API from the browser: same-origin session cookie, CSRF token on every change. */

export interface Me {
  principal: {
    kind: 'staff';
    id: number;
    email: string;
    name: string;
    roles: string[];
    departments: string[];
    permissions: string[];
    departmentScoped: string[];
    sessionExpiresAt: string;
  };
  csrfToken: string;
}

/** An error answered by the API, with its stable code and the field it names (if any). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Every field at fault of a validation error (400), as the API lists them. */
    readonly problems: Array<{ field: string; message: string }> = [],
    /** The rest of the error body (e.g. currentVersion of a 409 stale_version). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrfToken = '';
/** Remembers the CSRF token of the signed-in session (from /auth/me or sign-in). */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

const listeners = new Set<() => void>();
/** Called when the API answers 401: the session ended, the shell shows the sign-in form. */
export function onSignedOut(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls the staff API; resolves to the JSON body, or throws ApiError with the server's message. */
export async function api<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['x-csrf-token'] = csrfToken;
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? (method === 'GET' ? undefined : '{}') : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'The server could not be reached. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; field?: string; problems?: Array<{ field: string; message: string }> } } | null)?.error;
    if (response.status === 401 && !path.endsWith('/auth/sign-in')) listeners.forEach((l) => l());
    throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? `${response.status} ${response.statusText}`, error?.field, error?.problems ?? [], (error ?? {}) as Record<string, unknown>);
  }
  return json as T;
}

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined | string[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
    else search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
