import { XMLParser } from 'fast-xml-parser';

/**
 * A checker of CAP 1.2 messages for tests, written from the OASIS CAP 1.2 schema: the elements of
 * alert, info and area must come in the schema's sequence, the required ones must be there, the
 * enumerations hold their allowed values, times have a numeric zone, and a polygon is a closed ring
 * of at least four "lat,lon" pairs. Returns the problems found (none for a valid message).
 */

type Node = Record<string, unknown>;
const ALERT = ['identifier', 'sender', 'sent', 'status', 'msgType', 'source', 'scope', 'restriction', 'addresses', 'code', 'note', 'references', 'incidents', 'info'];
const ALERT_REQUIRED = ['identifier', 'sender', 'sent', 'status', 'msgType', 'scope'];
const INFO = ['language', 'category', 'event', 'responseType', 'urgency', 'severity', 'certainty', 'audience', 'eventCode', 'effective', 'onset', 'expires', 'senderName', 'headline', 'description', 'instruction', 'web', 'contact', 'parameter', 'resource', 'area'];
const INFO_REQUIRED = ['category', 'event', 'urgency', 'severity', 'certainty'];
const AREA = ['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling'];
const REPEATABLE = new Set(['code', 'info', 'category', 'responseType', 'eventCode', 'parameter', 'resource', 'area', 'polygon', 'circle', 'geocode']);
const ENUMS: Record<string, string[]> = {
  status: ['Actual', 'Exercise', 'System', 'Test', 'Draft'],
  msgType: ['Alert', 'Update', 'Cancel', 'Ack', 'Error'],
  scope: ['Public', 'Restricted', 'Private'],
  category: ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'],
  urgency: ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'],
  severity: ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'],
  certainty: ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'],
};
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

const nameOf = (n: Node): string => Object.keys(n).find((k) => k !== ':@') ?? '';
const childrenOf = (n: Node): Node[] => (n[nameOf(n)] as Node[]) ?? [];
const textOf = (n: Node): string => childrenOf(n).map((c) => String(c['#text'] ?? '')).join('');

function sequence(where: string, nodes: Node[], order: string[], required: string[], problems: string[]): void {
  let last = -1;
  const seen = new Map<string, number>();
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === '#text') continue;
    const at = order.indexOf(name);
    if (at < 0) problems.push(`${where}: unexpected element <${name}>`);
    else if (at < last) problems.push(`${where}: <${name}> is out of order (after <${order[last]}>)`);
    else last = at;
    seen.set(name, (seen.get(name) ?? 0) + 1);
    if ((seen.get(name) ?? 0) > 1 && !REPEATABLE.has(name)) problems.push(`${where}: <${name}> appears more than once`);
    if (ENUMS[name] && !ENUMS[name].includes(textOf(n))) problems.push(`${where}: <${name}> has ${JSON.stringify(textOf(n))}, not one of ${ENUMS[name].join(', ')}`);
    if (['sent', 'effective', 'onset', 'expires'].includes(name) && !TIME.test(textOf(n))) problems.push(`${where}: <${name}> ${textOf(n)} is not a CAP dateTime`);
  }
  for (const r of required) if (!seen.has(r)) problems.push(`${where}: <${r}> is required`);
}

export function capProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: false }).parse(xml) as Node[];
  const alert = doc.find((n) => nameOf(n) === 'alert');
  if (!alert) return ['the root element is not <alert>'];
  if ((alert[':@'] as Record<string, string> | undefined)?.['@_xmlns'] !== 'urn:oasis:names:tc:emergency:cap:1.2') problems.push('alert: not in the CAP 1.2 namespace');
  const children = childrenOf(alert);
  sequence('alert', children, ALERT, ALERT_REQUIRED, problems);
  for (const n of children) {
    const name = nameOf(n);
    if (['identifier', 'sender'].includes(name) && /[\s,<&]/.test(textOf(n))) problems.push(`alert: <${name}> must not contain spaces, commas, < or &`);
    if (name === 'references') {
      for (const ref of textOf(n).split(/\s+/)) if (!/^[^,\s]+,[^,\s]+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/.test(ref)) problems.push(`alert: reference ${ref} is not sender,identifier,sent`);
    }
  }
  const msgType = textOf(children.find((n) => nameOf(n) === 'msgType') ?? {});
  if ((msgType === 'Update' || msgType === 'Cancel') && !children.some((n) => nameOf(n) === 'references')) problems.push(`alert: a ${msgType} needs <references>`);
  for (const info of children.filter((n) => nameOf(n) === 'info')) {
    const lang = textOf(childrenOf(info).find((n) => nameOf(n) === 'language') ?? {}) || 'en-US';
    sequence(`info[${lang}]`, childrenOf(info), INFO, INFO_REQUIRED, problems);
    for (const area of childrenOf(info).filter((n) => nameOf(n) === 'area')) {
      sequence(`info[${lang}].area`, childrenOf(area), AREA, ['areaDesc'], problems);
      for (const polygon of childrenOf(area).filter((n) => nameOf(n) === 'polygon')) {
        const pairs = textOf(polygon).trim().split(/\s+/);
        if (pairs.length < 4) problems.push(`info[${lang}].area: a polygon needs at least four points`);
        if (pairs[0] !== pairs.at(-1)) problems.push(`info[${lang}].area: the polygon is not closed (first point ${pairs[0]}, last ${pairs.at(-1)})`);
        for (const pair of pairs) {
          const [lat, lon] = pair.split(',').map(Number);
          if (pair.split(',').length !== 2 || !(Math.abs(lat ?? NaN) <= 90) || !(Math.abs(lon ?? NaN) <= 180)) problems.push(`info[${lang}].area: ${pair} is not "lat,lon"`);
        }
      }
    }
  }
  return problems;
}
