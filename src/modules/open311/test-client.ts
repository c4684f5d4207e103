/**
 * An Open311 GeoReport v2 client for tests, written from the specification (and mySociety's
 * servicerequestupdates page), not from this module's code: it knows only documents. Each reader
 * takes a response body in either format and returns plain records with the spec's field names, so
 * the same readers check our output and real servers' responses (fixtures/open311-samples).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type SpecFormat = 'json' | 'xml';
type Rec = Record<string, unknown>;

const LIST_ITEMS = new Set(['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format', 'note', 'request_update']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LIST_ITEMS.has(name),
});

/** Parses an XML body after checking it is well-formed and starts with the XML declaration. */
export function parseXml(body: string): Rec {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  if (!/^<\?xml version="1\.0" encoding="utf-8"\?>/i.test(body)) throw new Error('no XML declaration with encoding utf-8');
  return parser.parse(body) as Rec;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? '' : String(v));
const num = (v: unknown): number | null => (v === undefined || v === null || v === '' ? null : Number(v));
const bool = (v: unknown): boolean => v === true || v === 'true';
const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : v && typeof v === 'object' ? [v as Rec] : []);
/** The children of `<root><item>…</item></root>`; an empty root (`<root/>`) is an empty list. */
const xmlItems = (doc: Rec, root: string, item: string): Rec[] => {
  if (!(root in doc)) throw new Error(`no <${root}> document element; got ${Object.keys(doc).join(', ')}`);
  const r = doc[root];
  return r && typeof r === 'object' ? list((r as Rec)[item]) : [];
};

export interface SpecService { service_code: string; service_name: string; description: string; metadata: boolean; type: string; keywords: string; group: string }

/** GET services: a list of services (JSON also as some servers send it: an object of group → services). */
export function readServices(format: SpecFormat, body: string): SpecService[] {
  let items: Rec[];
  if (format === 'xml') items = xmlItems(parseXml(body), 'services', 'service');
  else {
    const doc = JSON.parse(body) as unknown;
    items = Array.isArray(doc) ? (doc as Rec[]) : Object.entries(doc as Record<string, Rec[]>).flatMap(([group, xs]) => xs.map((x) => ({ group, ...x })));
  }
  return items.map((s) => ({
    service_code: str(s.service_code),
    service_name: str(s.service_name),
    description: str(s.description),
    metadata: bool(s.metadata),
    type: str(s.type),
    keywords: str(s.keywords),
    group: str(s.group),
  }));
}

export interface SpecAttribute { variable: boolean; code: string; datatype: string; required: boolean; order: number | null; description: string; values: Array<{ key: string; name: string }> }

/** GET services/{code}: the service definition. */
export function readDefinition(format: SpecFormat, body: string): { service_code: string; attributes: SpecAttribute[] } {
  const doc: Rec = format === 'xml' ? (parseXml(body).service_definition as Rec) : (JSON.parse(body) as Rec);
  const attrs = format === 'xml' ? list((doc.attributes as Rec | undefined)?.attribute) : list(doc.attributes);
  return {
    service_code: str(doc.service_code),
    attributes: attrs.map((a) => ({
      variable: bool(a.variable),
      code: str(a.code),
      datatype: str(a.datatype),
      required: bool(a.required),
      order: num(a.order),
      description: str(a.description),
      values: (format === 'xml' ? list((a.values as Rec | undefined)?.value) : list(a.values)).map((v) => ({ key: str(v.key), name: str(v.name) })),
    })),
  };
}

export interface SpecRequest {
  service_request_id: string; status: string; status_notes: string; service_name: string; service_code: string; description: string;
  agency_responsible: string; service_notice: string; requested_datetime: string; updated_datetime: string; expected_datetime: string;
  address: string; address_id: string; zipcode: string; lat: number | null; long: number | null; media_url: string;
  extended_attributes: Rec | null;
}

/** GET requests, GET requests/{id}: a list of requests. */
export function readRequests(format: SpecFormat, body: string): SpecRequest[] {
  const items = format === 'xml' ? xmlItems(parseXml(body), 'service_requests', 'request') : list(JSON.parse(body));
  return items.map((r) => ({
    service_request_id: str(r.service_request_id),
    status: str(r.status),
    status_notes: str(r.status_notes),
    service_name: str(r.service_name),
    service_code: str(r.service_code),
    description: str(r.description),
    agency_responsible: str(r.agency_responsible),
    service_notice: str(r.service_notice),
    requested_datetime: str(r.requested_datetime),
    updated_datetime: str(r.updated_datetime),
    expected_datetime: str(r.expected_datetime),
    address: str(r.address),
    address_id: str(r.address_id),
    zipcode: str(r.zipcode),
    lat: num(r.lat),
    long: num(r.long),
    media_url: str(r.media_url),
    extended_attributes: r.extended_attributes && typeof r.extended_attributes === 'object' ? (r.extended_attributes as Rec) : null,
  }));
}

/** POST requests and GET tokens/{token}: ids, tokens, notices. */
export function readCreated(format: SpecFormat, body: string): Array<{ service_request_id: string; token: string; service_notice: string; account_id: string }> {
  const items = format === 'xml' ? xmlItems(parseXml(body), 'service_requests', 'request') : list(JSON.parse(body));
  return items.map((r) => ({ service_request_id: str(r.service_request_id), token: str(r.token), service_notice: str(r.service_notice), account_id: str(r.account_id) }));
}

/** Any error response: `[{code, description}]` or `<errors><error>…`. */
export function readErrors(format: SpecFormat, body: string): Array<{ code: number; description: string }> {
  const items = format === 'xml' ? xmlItems(parseXml(body), 'errors', 'error') : list(JSON.parse(body));
  return items.map((e) => ({ code: Number(e.code), description: str(e.description) }));
}

/** GET discovery. */
export function readDiscovery(format: SpecFormat, body: string) {
  const doc: Rec = format === 'xml' ? (parseXml(body).discovery as Rec) : (JSON.parse(body) as Rec);
  const endpoints = format === 'xml' ? list((doc.endpoints as Rec | undefined)?.endpoint) : list(doc.endpoints);
  return {
    changeset: str(doc.changeset),
    contact: str(doc.contact),
    key_service: str(doc.key_service),
    endpoints: endpoints.map((e) => ({
      specification: str(e.specification),
      url: str(e.url),
      type: str(e.type),
      formats: (format === 'xml' ? ((e.formats as Rec | undefined)?.format as unknown[] | undefined) ?? [] : ((e.formats as unknown[] | undefined) ?? [])).map(str),
    })),
  };
}

/** mySociety's GET servicerequestupdates (and the POST answer: update ids). */
export function readUpdates(format: SpecFormat, body: string) {
  const items = format === 'xml' ? xmlItems(parseXml(body), 'service_request_updates', 'request_update') : list(JSON.parse(body));
  return items.map((u) => ({
    update_id: str(u.update_id),
    service_request_id: str(u.service_request_id),
    status: str(u.status),
    updated_datetime: str(u.updated_datetime),
    description: str(u.description),
    media_url: str(u.media_url),
  }));
}

/** A W3C date-time with a zone (ISO 8601 subset): what every timestamp in a response must be. */
export const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A form body as an Open311 client sends it; list values repeat the key. */
export function form(fields: Record<string, string | number | string[] | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) p.append(k, String(item));
  }
  return p.toString();
}
