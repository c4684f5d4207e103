/**
 * A small XML writer for Open311 responses. A document is a tree of plain values: an element's
 * content is text (a string, number or boolean), null (an empty element), a list of child elements
 * (`[name, content]` pairs, so names may repeat and order is kept), or an `XmlAttrs` with attributes.
 * Text is escaped (& < > " ') and characters XML 1.0 forbids are dropped, so any input gives a
 * well-formed document.
 */

export type XmlContent = string | number | boolean | null | undefined | XmlElement[] | XmlWithAttrs;
export type XmlElement = readonly [name: string, content: XmlContent];
export interface XmlWithAttrs {
  attrs: Record<string, string>;
  children: XmlElement[];
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F).
// eslint-disable-next-line no-control-regex -- matching the forbidden control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for element content or an attribute value. */
export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function checkName(name: string): string {
  if (!NAME.test(name) || /^xml/i.test(name)) throw new Error(`not an XML element name: ${JSON.stringify(name)}`);
  return name;
}

function write(out: string[], [rawName, content]: XmlElement): void {
  const name = checkName(rawName);
  if (content === null || content === undefined || content === '') {
    out.push(`<${name}/>`);
    return;
  }
  if (typeof content !== 'object') {
    out.push(`<${name}>${escapeXml(String(content))}</${name}>`);
    return;
  }
  const attrs = Array.isArray(content) ? '' : Object.entries(content.attrs).map(([k, v]) => ` ${checkName(k)}="${escapeXml(v)}"`).join('');
  const children = Array.isArray(content) ? content : content.children;
  if (!children.length) {
    out.push(`<${name}${attrs}/>`);
    return;
  }
  out.push(`<${name}${attrs}>`);
  for (const child of children) write(out, child);
  out.push(`</${name}>`);
}

/** A whole document: the declaration and one root element. */
export function toXml(root: XmlElement): string {
  const out: string[] = [XML_DECLARATION];
  write(out, root);
  return out.join('');
}
