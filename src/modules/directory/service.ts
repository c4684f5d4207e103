import type { Deps } from '../../deps.ts';
import { notFound } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validate.ts';
import {
  presentLocationFields,
  presentOrganization,
  presentServiceAtLocationFields,
  presentServiceFields,
  presentServiceGraphs,
  presentTaxonomy,
  presentTaxonomyTerm,
  type HsdsObject,
} from './presenter.ts';
import * as repo from './repository.ts';
import {
  organizationsQuerySchema,
  serviceAtLocationsQuerySchema,
  servicesQuerySchema,
  taxonomiesQuerySchema,
  taxonomyTermsQuerySchema,
  type PageRequest,
} from './schemas.ts';

/** The public HSDS 3.0 API's reads: pages of one-to-one fields, and fully nested single records. */

/** The HSDS API page envelope. */
export interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsObject[];
}

const paging = (q: PageRequest): repo.Paging => ({ limit: q.per_page, offset: (q.page - 1) * q.per_page });

function page(q: PageRequest, total: number, contents: HsdsObject[]): Page {
  const totalPages = Math.ceil(total / q.per_page);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: q.page,
    size: contents.length,
    first_page: q.page === 1,
    last_page: q.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** `GET /hsds/`: which HSDS version and profile this API follows. */
export function apiMetadata(): HsdsObject {
  return {
    version: '3.0',
    profile: 'https://docs.openreferral.org/en/latest/hsds/overview.html',
    openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
  };
}

/** The filters services and service-at-location lists share. */
function serviceFilter(q: { search?: string; organization_id?: string; taxonomy_term_id?: string; taxonomy_id?: string; modified_after?: Date }) {
  return { search: q.search || undefined, organizationId: q.organization_id, taxonomyTermId: q.taxonomy_term_id, taxonomyId: q.taxonomy_id, modifiedAfter: q.modified_after };
}

/** Services (own fields) filtered by search, organization, taxonomy term or taxonomy, and modification time. */
export async function listServices({ db }: Deps, query: unknown): Promise<Page> {
  const q = parseInput(servicesQuerySchema, query);
  const { total, rows } = await repo.selectServicePage(
    db,
    serviceFilter(q),
    paging(q),
  );
  return page(q, total, rows.map(presentServiceFields));
}

/** One fully nested service. */
export async function getService({ db }: Deps, id: string): Promise<HsdsObject> {
  const [service] = presentServiceGraphs(await repo.selectServiceGraphRows(db, [id]));
  if (!service) throw notFound('Service', id);
  return service;
}

export async function listOrganizations({ db }: Deps, query: unknown): Promise<Page> {
  const q = parseInput(organizationsQuerySchema, query);
  const { total, rows } = await repo.selectOrganizationPage(db, { search: q.search || undefined, modifiedAfter: q.modified_after }, paging(q));
  return page(q, total, rows.map((o) => presentOrganization(o)));
}

/** One organization with its services (own fields) and locations. */
export async function getOrganization({ db }: Deps, id: string): Promise<HsdsObject> {
  const org = await repo.selectOrganization(db, id);
  if (!org) throw notFound('Organization', id);
  const [services, locations] = await Promise.all([repo.selectOrganizationServices(db, id), repo.selectOrganizationLocations(db, id)]);
  return { ...presentOrganization(org), services: services.map(presentServiceFields), locations: locations.map(presentLocationFields) };
}

export async function listTaxonomyTerms({ db }: Deps, query: unknown): Promise<Page> {
  const q = parseInput(taxonomyTermsQuerySchema, query);
  const { total, rows } = await repo.selectTaxonomyTermPage(db, { search: q.search || undefined, taxonomyId: q.taxonomy_id, parentId: q.parent_id, topOnly: q.top_only }, paging(q));
  return page(q, total, rows.map(presentTaxonomyTerm));
}

export async function getTaxonomyTerm({ db }: Deps, id: string): Promise<HsdsObject> {
  const term = await repo.selectTaxonomyTerm(db, id);
  if (!term) throw notFound('Taxonomy term', id);
  return presentTaxonomyTerm(term);
}

export async function listTaxonomies({ db }: Deps, query: unknown): Promise<Page> {
  const q = parseInput(taxonomiesQuerySchema, query);
  const { total, rows } = await repo.selectTaxonomyPage(db, q.search || undefined, paging(q));
  return page(q, total, rows.map(presentTaxonomy));
}

export async function getTaxonomy({ db }: Deps, id: string): Promise<HsdsObject> {
  const taxonomy = await repo.selectTaxonomy(db, id);
  if (!taxonomy) throw notFound('Taxonomy', id);
  return presentTaxonomy(taxonomy);
}

/** Where services are delivered: service-at-location links filtered like services (search also matches the location). */
export async function listServiceAtLocations({ db }: Deps, query: unknown): Promise<Page> {
  const q = parseInput(serviceAtLocationsQuerySchema, query);
  const { total, rows } = await repo.selectServiceAtLocationPage(
    db,
    serviceFilter(q),
    paging(q),
  );
  return page(q, total, rows.map(presentServiceAtLocationFields));
}

/** One service at a location, nested as in its service: location, phones, schedules. */
export async function getServiceAtLocation({ db }: Deps, id: string): Promise<HsdsObject> {
  const sal = await repo.selectServiceAtLocation(db, id);
  if (!sal) throw notFound('Service at location', id);
  const [service] = presentServiceGraphs(await repo.selectServiceGraphRows(db, [sal.service_id]));
  const nested = (service?.service_at_locations as HsdsObject[] | undefined)?.find((s) => s.id === id);
  return { ...(nested ?? presentServiceAtLocationFields(sal)) };
}
