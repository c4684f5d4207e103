/**
 * SMS length arithmetic. A message is sent in GSM-7 when every character is in the GSM 03.38
 * default alphabet or its extension table (extension characters take two septets), otherwise in
 * UCS-2 (UTF-16 code units). One segment holds 160 septets or 70 units; a concatenated message
 * spends a header on each part, leaving 153 septets or 67 units per segment.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

/** Frontdoor's limit: every message fits in two segments (and so is at most 320 characters). */
export const MAX_SEGMENTS = 2;

export interface SmsEncoding {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return false;
  return true;
}

function septets(text: string): number {
  let n = 0;
  for (const ch of text) n += EXTENDED.has(ch) ? 2 : 1;
  return n;
}

/** How a text would be sent: its encoding, its length in that encoding, and how many segments. */
export function smsEncoding(text: string): SmsEncoding {
  if (isGsm7(text)) {
    const units = septets(text);
    return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  }
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Units that fit in `segments` segments of an encoding. */
const capacity = (encoding: SmsEncoding['encoding'], segments: number): number =>
  encoding === 'GSM-7' ? (segments === 1 ? 160 : 153 * segments) : segments === 1 ? 70 : 67 * segments;

/**
 * The text, shortened if needed so that it fits in MAX_SEGMENTS segments (306 GSM-7 septets or 134
 * UCS-2 units), cut at a word when one is near and ended with "..." (GSM-7 has no ellipsis
 * character). Whitespace runs are collapsed first: they cost segments and show nothing.
 */
export function fitSms(text: string, segments = MAX_SEGMENTS): string {
  const clean = text.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim();
  const enc = smsEncoding(clean);
  const limit = capacity(enc.encoding, segments);
  if (enc.units <= limit) return clean;
  const room = limit - 3;
  let out = '';
  let used = 0;
  for (const ch of clean) {
    const cost = enc.encoding === 'GSM-7' ? (EXTENDED.has(ch) ? 2 : 1) : ch.length;
    if (used + cost > room) break;
    out += ch;
    used += cost;
  }
  const space = out.lastIndexOf(' ');
  if (space > out.length * 0.8) out = out.slice(0, space);
  return `${out.trimEnd()}...`;
}
