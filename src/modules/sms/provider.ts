/**
 * Outgoing SMS through a provider HTTP API in Twilio's format: `POST
 * {apiUrl}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded `To`, `From`, `Body`, HTTP Basic
 * authentication with the account sid and auth token. The base URL is a setting, so another
 * provider speaking the same API (or a local test server) can be used.
 */

export interface SmsSettings {
  accountSid: string;
  authToken: string;
  /** The number messages are sent from, E.164. */
  from: string;
  /** Base URL of the API, without a trailing slash (https://api.twilio.com). */
  apiUrl: string;
}

/** A failure that will fail again (4xx: bad number, blocked, unauthorised): dead-letter it. */
export class PermanentSmsError extends Error {
  readonly permanent = true;
  constructor(message: string, readonly status: number, readonly providerCode: number | null) {
    super(message);
    this.name = 'PermanentSmsError';
  }
}

/** A failure that may pass (5xx, 429, a timeout, no connection): try again later. */
export class TemporarySmsError extends Error {
  readonly permanent = false;
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'TemporarySmsError';
  }
}

export interface SentSms {
  sid: string;
  status: string;
}

const TIMEOUT_MS = 10_000;

/** Sends one message; throws PermanentSmsError or TemporarySmsError. */
export async function sendSms(settings: SmsSettings, message: { to: string; body: string; idempotencyKey?: string }, timeoutMs = TIMEOUT_MS): Promise<SentSms> {
  const url = `${settings.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        // Twilio documents no idempotency for creating messages; a provider or proxy that honours
        // the header can drop a re-send after a crash. Harmless otherwise.
        ...(message.idempotencyKey && { 'idempotency-key': message.idempotencyKey }),
      },
      body: new URLSearchParams({ To: message.to, From: settings.from, Body: message.body }).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    throw new TemporarySmsError(`SMS provider unreachable: ${reason}`, null);
  }
  const text = await res.text().catch(() => '');
  let json: Record<string, unknown>;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  if (res.ok) {
    if (typeof json.sid !== 'string') throw new TemporarySmsError(`SMS provider answered ${res.status} without a message sid`, res.status);
    return { sid: json.sid, status: typeof json.status === 'string' ? json.status : 'queued' };
  }
  const detail = typeof json.message === 'string' ? json.message : text.slice(0, 200) || res.statusText;
  const code = typeof json.code === 'number' ? json.code : null;
  const what = `SMS provider refused the message (${res.status}${code === null ? '' : `, code ${code}`}): ${detail}`;
  // 429 (too many requests) and 408 are worth another try; every other 4xx will fail the same way again.
  if (res.status >= 500 || res.status === 429 || res.status === 408) throw new TemporarySmsError(what, res.status);
  throw new PermanentSmsError(what, res.status, code);
}
