import type { LocationRow, OrganizationRow, SalRow, ServiceGraphRows, ServiceRow, TermRow } from './repository.ts';

/**
 * What leaves the server: directory rows as HSDS 3.0 JSON objects. Fields without a value are left
 * out (HSDS fields are typed, so `null` would not validate), and every nested record appears once,
 * in its most specific place — a phone of a service at a location under that service_at_location,
 * a phone of the service under the service, a location's own phone under the location — with its
 * link ids, so the JSON can be imported again without losing a link. Directory data is public
 * information about organizations; no personal data is stored (contacts are not imported).
 */

export type HsdsObject = { [key: string]: unknown };

/** The object without null/undefined fields, keys in the given order. */
const compact = (o: HsdsObject): HsdsObject => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());
const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

export function presentOrganization(o: OrganizationRow, nested: { phones?: HsdsObject[] } = {}): HsdsObject {
  return compact({
    id: o.id,
    name: o.name,
    alternate_name: o.alternate_name,
    description: o.description,
    email: o.email,
    website: o.website,
    tax_status: o.tax_status,
    tax_id: o.tax_id,
    year_incorporated: o.year_incorporated,
    legal_status: o.legal_status,
    logo: o.logo,
    uri: o.uri,
    parent_organization_id: o.parent_organization_id,
    last_modified: iso(o.last_modified),
    phones: nested.phones && nonEmpty(nested.phones),
  });
}

/** A service's own (one-to-one) fields: what list endpoints return. */
export function presentServiceFields(s: ServiceRow): HsdsObject {
  return compact({
    id: s.id,
    organization_id: s.organization_id,
    name: s.name,
    alternate_name: s.alternate_name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    interpretation_services: s.interpretation_services,
    application_process: s.application_process,
    fees_description: s.fees_description,
    wait_time: s.wait_time,
    accreditations: s.accreditations,
    licenses: s.licenses,
    eligibility_description: s.eligibility_description,
    minimum_age: s.minimum_age,
    maximum_age: s.maximum_age,
    assured_date: s.assured_date,
    assurer_email: s.assurer_email,
    alert: s.alert,
    last_modified: iso(s.last_modified),
  });
}

export function presentLocationFields(l: LocationRow): HsdsObject {
  return compact({
    id: l.id,
    location_type: l.location_type,
    url: l.url,
    organization_id: l.organization_id,
    name: l.name,
    alternate_name: l.alternate_name,
    description: l.description,
    transportation: l.transportation,
    latitude: l.latitude,
    longitude: l.longitude,
    external_identifier: l.external_identifier,
    external_identifier_type: l.external_identifier_type,
    last_modified: iso(l.last_modified),
  });
}

export function presentServiceAtLocationFields(sal: SalRow): HsdsObject {
  return compact({ id: sal.id, service_id: sal.service_id, location_id: sal.location_id, description: sal.description, last_modified: iso(sal.last_modified) });
}

export function presentTaxonomyTerm(t: TermRow): HsdsObject {
  return compact({
    id: t.id,
    code: t.code,
    name: t.name,
    description: t.description,
    parent_id: t.parent_id,
    taxonomy: t.taxonomy_name,
    taxonomy_id: t.taxonomy_id,
    taxonomy_detail:
      t.taxonomy_id && t.taxonomy_name !== null
        ? compact({ id: t.taxonomy_id, name: t.taxonomy_name, description: t.taxonomy_description ?? '', uri: t.taxonomy_uri, version: t.taxonomy_version })
        : undefined,
    language: t.language,
    term_uri: t.term_uri,
  });
}

export function presentTaxonomy(x: { id: string; name: string; description: string; uri: string | null; version: string | null }): HsdsObject {
  return compact({ id: x.id, name: x.name, description: x.description, uri: x.uri, version: x.version });
}

type G = ServiceGraphRows;
const group = <T, K>(rows: T[], key: (r: T) => K | null): Map<K, T[]> => {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(r);
  }
  return map;
};

/** Fully nested HSDS 3.0 services, in the order of `graph.services`. */
export function presentServiceGraphs(graph: G): HsdsObject[] {
  const languagesOf = {
    phone: group(graph.languages, (l) => l.phone_id),
    service: group(graph.languages, (l) => (l.phone_id ? null : l.service_id)),
    location: group(graph.languages, (l) => (l.phone_id || l.service_id ? null : l.location_id)),
  };
  const language = (l: G['languages'][number]): HsdsObject => compact({ id: l.id, service_id: l.service_id, location_id: l.location_id, phone_id: l.phone_id, name: l.name, code: l.code, note: l.note });
  const phone = (p: G['phones'][number]): HsdsObject =>
    compact({
      id: p.id,
      organization_id: p.organization_id,
      service_id: p.service_id,
      location_id: p.location_id,
      service_at_location_id: p.service_at_location_id,
      number: p.number,
      extension: p.extension,
      type: p.type,
      description: p.description,
      languages: nonEmpty((languagesOf.phone.get(p.id) ?? []).map(language)),
    });
  const phonesOf = {
    sal: group(graph.phones, (p) => p.service_at_location_id),
    service: group(graph.phones, (p) => (p.service_at_location_id ? null : p.service_id)),
    location: group(graph.phones, (p) => (p.service_at_location_id || p.service_id ? null : p.location_id)),
    organization: group(graph.phones, (p) => (p.service_at_location_id || p.service_id || p.location_id ? null : p.organization_id)),
  };
  const schedule = (s: G['schedules'][number]): HsdsObject =>
    compact({
      id: s.id,
      service_id: s.service_id,
      location_id: s.location_id,
      service_at_location_id: s.service_at_location_id,
      valid_from: s.valid_from,
      valid_to: s.valid_to,
      dtstart: s.dtstart,
      timezone: s.timezone,
      until: s.until,
      count: s.count,
      wkst: s.wkst,
      freq: s.freq,
      interval: s.interval,
      byday: s.byday,
      byweekno: s.byweekno,
      bymonthday: s.bymonthday,
      byyearday: s.byyearday,
      description: s.description,
      opens_at: s.opens_at,
      closes_at: s.closes_at,
      schedule_link: s.schedule_link,
      attending_type: s.attending_type,
      notes: s.notes,
    });
  const schedulesOf = {
    sal: group(graph.schedules, (s) => s.service_at_location_id),
    service: group(graph.schedules, (s) => (s.service_at_location_id ? null : s.service_id)),
    location: group(graph.schedules, (s) => (s.service_at_location_id || s.service_id ? null : s.location_id)),
  };
  const addresses = group(graph.addresses, (a) => a.location_id);
  const accessibility = group(graph.accessibility, (a) => a.location_id);
  const locations = new Map(graph.locations.map((l) => [l.id, l]));
  const organizations = new Map(graph.organizations.map((o) => [o.id, o]));
  const sals = group(graph.sals, (s) => s.service_id);
  const areas = group(graph.areas, (a) => a.service_id);
  const links = group(graph.links, (l) => l.service_id);

  const location = (l: LocationRow): HsdsObject =>
    compact({
      ...presentLocationFields(l),
      addresses: nonEmpty(
        (addresses.get(l.id) ?? []).map((a) =>
          compact({ id: a.id, location_id: a.location_id, attention: a.attention, address_1: a.address_1, address_2: a.address_2, city: a.city, region: a.region, state_province: a.state_province, postal_code: a.postal_code, country: a.country, address_type: a.address_type }),
        ),
      ),
      accessibility: nonEmpty((accessibility.get(l.id) ?? []).map((a) => compact({ id: a.id, location_id: a.location_id, description: a.description, details: a.details, url: a.url }))),
      phones: nonEmpty((phonesOf.location.get(l.id) ?? []).map(phone)),
      schedules: nonEmpty((schedulesOf.location.get(l.id) ?? []).map(schedule)),
      languages: nonEmpty((languagesOf.location.get(l.id) ?? []).map(language)),
    });

  return graph.services.map((s) => {
    const org = organizations.get(s.organization_id);
    return compact({
      ...presentServiceFields(s),
      organization: org ? presentOrganization(org, { phones: (phonesOf.organization.get(org.id) ?? []).map(phone) }) : undefined,
      phones: nonEmpty((phonesOf.service.get(s.id) ?? []).map(phone)),
      schedules: nonEmpty((schedulesOf.service.get(s.id) ?? []).map(schedule)),
      service_areas: nonEmpty((areas.get(s.id) ?? []).map((a) => compact({ id: a.id, service_id: a.service_id, name: a.name, description: a.description, extent: a.extent, extent_type: a.extent_type, uri: a.uri }))),
      service_at_locations: nonEmpty(
        (sals.get(s.id) ?? []).map((sal) => {
          const loc = locations.get(sal.location_id);
          return compact({
            ...presentServiceAtLocationFields(sal),
            phones: nonEmpty((phonesOf.sal.get(sal.id) ?? []).map(phone)),
            schedules: nonEmpty((schedulesOf.sal.get(sal.id) ?? []).map(schedule)),
            location: loc ? location(loc) : undefined,
          });
        }),
      ),
      languages: nonEmpty((languagesOf.service.get(s.id) ?? []).map(language)),
      attributes: nonEmpty(
        (links.get(s.id) ?? []).map((l) =>
          compact({ id: l.link_id, link_id: s.id, link_type: l.link_type, link_entity: 'service', taxonomy_term_id: l.id, value: l.value, taxonomy_term: presentTaxonomyTerm(l) }),
        ),
      ),
    });
  });
}
