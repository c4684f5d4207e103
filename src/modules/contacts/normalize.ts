/**
 * How customers' phones, e-mail addresses and names are kept, so that de-duplication is an equality
 * test and search-as-you-type one indexed column.
 */

/**
 * A phone number as digits only: punctuation, spaces and any extension dropped; a 10-digit North
 * American number gets its country code 1 ("+1 (503) 555-1234", "503.555.1234" → "15035551234").
 * Null when fewer than 7 or more than 15 digits remain (not a number we could call back).
 */
export function normalizeCustomerPhone(raw: string): string | null {
  const main = raw.trim().split(/\s*(?:x|ext\.?|#)\s*\d*$/i)[0] ?? '';
  if (/[^\d\s().+-]/.test(main)) return null;
  let digits = main.replace(/\D/g, '');
  if (digits.length === 10 && !main.trim().startsWith('+')) digits = `1${digits}`;
  return digits.length >= 7 && digits.length <= 15 ? digits : null;
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;

/** An e-mail address trimmed and lower-cased; null when it is not one. */
export function normalizeCustomerEmail(raw: string): string | null {
  const v = raw.trim().toLowerCase();
  return v.length <= 254 && EMAIL.test(v) ? v : null;
}

/** Text folded for search: lower case, accents removed, runs of space collapsed. */
export function foldForSearch(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The one column search-as-you-type looks in: the folded name, phones and e-mail addresses. */
export function customerSearchText(c: { name: string | null; phones: readonly string[]; emails: readonly string[] }): string {
  return [foldForSearch(c.name ?? ''), ...c.phones, ...c.emails].filter(Boolean).join(' ');
}

/**
 * The ways a request's requester phone may have been stored for a customer's number: intake keeps
 * digits with an optional leading + (src/lib/validate.ts normalizePhone), so 15035551234 may be
 * "+15035551234", "15035551234" or "5035551234".
 */
export function requesterPhoneForms(phone: string): string[] {
  const forms = new Set([phone, `+${phone}`]);
  if (phone.length === 11 && phone.startsWith('1')) forms.add(phone.slice(1));
  return [...forms];
}

/** What a search query looks like: a phone number (digits), an e-mail address, or a name. */
export function queryKind(q: string): 'phone' | 'email' | 'name' {
  if (q.includes('@')) return 'email';
  if (/^[\d\s().+-]+$/.test(q) && /\d{3}/.test(q.replace(/\D/g, ''))) return 'phone';
  return 'name';
}
