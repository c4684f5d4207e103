import sanitizeHtml from 'sanitize-html';
import type { FieldProblem } from './errors.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };
const TAG_LIKE = /<\s*[a-zA-Z!/?]/;
// Control characters other than tab, newline and carriage return; PostgreSQL refuses NUL outright.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function stripOnce(text: string): string {
  const stripped = sanitizeHtml(text, { allowedTags: [], allowedAttributes: {}, disallowedTagsMode: 'discard' });
  return stripped.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? '');
}

/**
 * Turns untrusted input into plain text: markup removed (script and style content with it),
 * entities decoded, Unicode normalised to NFC, trimmed. Output is escaped again wherever it is shown.
 */
export function toPlainText(input: string): string {
  let text = input.normalize('NFC');
  if (/[<&]/.test(text)) {
    // Once always (entities decoded the same way with or without markup), again while decoding revealed markup.
    text = stripOnce(text);
    for (let i = 0; i < 2 && TAG_LIKE.test(text); i++) text = stripOnce(text);
  }
  return text.replace(/\r\n?/g, '\n').trim();
}

/**
 * Checks that a string is well-formed text a person could have typed: valid Unicode (no lone
 * surrogates, no U+FFFD left by a wrong encoding), no control characters. Returns the problem or null.
 */
export function textProblem(field: string, value: string): FieldProblem | null {
  if (!value.isWellFormed() || value.includes('\uFFFD')) {
    return { field, code: 'bad_encoding', message: `${field} is not valid UTF-8 text; send it encoded as UTF-8` };
  }
  if (CONTROL.test(value)) {
    return { field, code: 'control_characters', message: `${field} contains control characters, which are not allowed` };
  }
  return null;
}
