import { AppError } from '../../lib/errors.ts';
import type { EntityKey } from './entities.ts';
import { openCsv, type DataPackage, type Resource } from './csv-package.ts';
import { deterministicId, languageCode, parseWeekday, splitExtension } from './normalize.ts';
import type { Stager } from './stager.ts';

/**
 * HSDS 1.x/2.x CSV data packages mapped onto the HSDS 3.0 tables. Resources are read in the order
 * their references need (organizations before services, services before phones, …); each row
 * becomes a raw record for the stager, which cleans, checks and writes it.
 */

type Values = Record<string, string>;

interface Context {
  stager: Stager;
  /** Service id → the organization_id its row names (read before the services are staged). */
  serviceOrganizations: Map<string, string>;
  taxonomies: Set<string>;
  links: Set<string>;
}

interface Handler {
  entity: EntityKey;
  /** Resource names (datapackage.json `name`, or the file name without .csv) this handler reads. */
  names: string[];
  required: string[][];
  /** Columns this handler reads; others are reported as not imported. */
  columns: string[];
  map(ctx: Context, v: Values, where: string): Promise<void>;
}

const pick = (v: Values, ...names: string[]): string => names.map((n) => v[n] ?? '').find((x) => x !== '') ?? '';
const joined = (v: Values, ...names: string[]): string => names.map((n) => v[n] ?? '').filter(Boolean).join(', ');

/** A 1.x record's organization_id: an organization, or (Open211 exports) a service/site record whose organization is used. */
async function resolveOrganization(ctx: Context, orgId: string): Promise<{ id: string | null; hops: number }> {
  const chain: string[] = [];
  for (let current: string | undefined = orgId; current && chain.length < 5 && !chain.includes(current); current = ctx.serviceOrganizations.get(current)) chain.push(current);
  const known = await ctx.stager.lookup('organizations', chain);
  const hops = chain.findIndex((id) => known.has(id));
  return hops < 0 ? { id: null, hops: 0 } : { id: chain[hops] ?? null, hops };
}

const HANDLERS: Handler[] = [
  {
    entity: 'taxonomy_terms',
    names: ['taxonomy', 'taxonomy_term', 'taxonomy_terms'],
    required: [['id'], ['name', 'term']],
    columns: ['id', 'name', 'term', 'parent_id', 'parent_name', 'vocabulary', 'taxonomy', 'description', 'language', 'code'],
    async map(ctx, v, where) {
      const vocabulary = pick(v, 'vocabulary', 'taxonomy');
      const taxonomyId = vocabulary ? deterministicId('taxonomy', vocabulary) : null;
      if (taxonomyId && !ctx.taxonomies.has(taxonomyId)) {
        ctx.taxonomies.add(taxonomyId);
        await ctx.stager.add('taxonomies', { id: taxonomyId, name: vocabulary }, where);
      }
      await ctx.stager.add(
        'taxonomy_terms',
        { id: v.id, code: v.code, name: pick(v, 'name', 'term'), description: v.description, parent_id: v.parent_id, taxonomy_id: taxonomyId, language: v.language },
        where,
      );
    },
  },
  {
    entity: 'organizations',
    names: ['organization', 'organizations'],
    required: [['id'], ['name']],
    columns: ['id', 'name', 'alternate_name', 'description', 'email', 'url', 'website', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status', 'logo', 'uri', 'parent_organization_id'],
    async map(ctx, v, where) {
      await ctx.stager.add('organizations', { ...v, website: pick(v, 'website', 'url') }, where);
    },
  },
  {
    entity: 'services',
    names: ['service', 'services'],
    required: [['id'], ['organization_id'], ['name']],
    columns: ['id', 'organization_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services', 'application_process', 'wait_time', 'fees', 'fees_description', 'accreditations', 'licenses', 'eligibility_description', 'minimum_age', 'maximum_age', 'assured_date', 'assurer_email', 'alert'],
    async map(ctx, v, where) {
      const named = v.organization_id ?? '';
      const resolved = named ? await resolveOrganization(ctx, named) : { id: null, hops: 0 };
      if (resolved.hops > 0) {
        ctx.stager.adjust('services', { reason: "organization_id named a service record (an Open211 site); that record's organization was used", detail: `${named} → ${resolved.id}` }, where);
      }
      await ctx.stager.add('services', { ...v, organization_id: resolved.id ?? named, fees_description: pick(v, 'fees_description', 'fees') }, where);
    },
  },
  {
    entity: 'locations',
    names: ['location', 'locations'],
    required: [['id']],
    columns: ['id', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude', 'location_type', 'url', 'external_identifier', 'external_identifier_type'],
    async map(ctx, v, where) {
      const named = v.organization_id ?? '';
      const resolved = named ? await resolveOrganization(ctx, named) : { id: null, hops: 0 };
      if (named && resolved.id === null) ctx.stager.adjust('locations', { reason: 'organization_id names no organization; kept without one', detail: named }, where);
      else if (resolved.hops > 0) ctx.stager.adjust('locations', { reason: "organization_id named a service record (an Open211 site); that record's organization was used", detail: `${named} → ${resolved.id}` }, where);
      await ctx.stager.add('locations', { ...v, organization_id: resolved.id }, where);
    },
  },
  ...(['physical', 'postal'] as const).map(
    (type): Handler => ({
      entity: 'addresses',
      names: [`${type}_address`, `${type}_addresses`],
      required: [['id'], ['location_id'], ['address_1']],
      columns: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'address_3', 'address_4', 'city', 'region', 'state_province', 'postal_code', 'country'],
      async map(ctx, v, where) {
        await ctx.stager.add('addresses', { ...v, address_2: joined(v, 'address_2', 'address_3', 'address_4'), address_type: type }, where);
      },
    }),
  ),
  {
    entity: 'service_at_locations',
    names: ['service_at_location', 'services_at_location', 'service_at_locations'],
    required: [['id'], ['service_id'], ['location_id']],
    columns: ['id', 'service_id', 'location_id', 'description'],
    async map(ctx, v, where) {
      await ctx.stager.add('service_at_locations', v, where);
    },
  },
  {
    entity: 'phones',
    names: ['phone', 'phones'],
    required: [['id'], ['number']],
    columns: ['id', 'organization_id', 'service_id', 'location_id', 'service_at_location_id', 'number', 'extension', 'type', 'description', 'language'],
    async map(ctx, v, where) {
      let { number, extension } = splitExtension(v.number ?? '');
      const given = v.extension ?? '';
      if (given && /^\d+$/.test(given)) extension = given;
      else if (given) number = `${number} x${given}`;
      await ctx.stager.add('phones', { ...v, number, extension }, where);
      if (v.language && v.id) {
        for (const name of v.language.split(/[,;]/).map((s) => s.trim()).filter(Boolean)) {
          await ctx.stager.add('languages', { id: deterministicId('phone-language', v.id, name), phone_id: v.id, name, code: languageCode(name) }, where);
        }
      }
    },
  },
  {
    entity: 'schedules',
    names: ['regular_schedule', 'regular_schedules', 'schedule', 'schedules'],
    required: [['service_id', 'location_id', 'service_at_location_id'], ['weekday', 'byday']],
    columns: ['id', 'service_id', 'location_id', 'service_at_location_id', 'weekday', 'byday', 'freq', 'opens_at', 'closes_at', 'original_text', 'description', 'valid_from', 'valid_to', 'dtstart', 'until', 'count', 'wkst', 'interval', 'byweekno', 'bymonthday', 'byyearday', 'timezone', 'schedule_link', 'attending_type', 'notes'],
    async map(ctx, v, where) {
      let byday = v.byday ?? '';
      if (!byday) {
        const day = parseWeekday(v.weekday ?? '');
        if (!day) return ctx.stager.skip('schedules', { reason: 'weekday is not a day of the week', detail: JSON.stringify(v.weekday ?? '') }, where);
        byday = day;
      }
      const id = v.id || deterministicId('schedule', v.service_id, v.location_id, v.service_at_location_id, byday, v.opens_at, v.closes_at);
      await ctx.stager.add('schedules', { ...v, id, byday, freq: v.freq || 'WEEKLY', description: pick(v, 'description', 'original_text') }, where);
    },
  },
  {
    entity: 'languages',
    names: ['language', 'languages'],
    required: [['language', 'name'], ['service_id', 'location_id', 'phone_id']],
    columns: ['id', 'service_id', 'location_id', 'phone_id', 'language', 'name', 'code', 'note'],
    async map(ctx, v, where) {
      const name = pick(v, 'name', 'language');
      // 1.x language ids are often the service's id repeated, so the id is derived from what the row says.
      const id = deterministicId('language', v.service_id, v.location_id, v.phone_id, name.toLowerCase());
      await ctx.stager.add('languages', { ...v, id, name, code: v.code || (name ? languageCode(name) : null) }, where);
    },
  },
  {
    entity: 'accessibility',
    names: ['accessibility_for_disabilities', 'accessibility'],
    required: [['id'], ['location_id'], ['accessibility', 'description']],
    columns: ['id', 'location_id', 'accessibility', 'description', 'details', 'url'],
    async map(ctx, v, where) {
      await ctx.stager.add('accessibility', { ...v, description: pick(v, 'description', 'accessibility') }, where);
    },
  },
  {
    entity: 'service_areas',
    names: ['service_area', 'service_areas'],
    required: [['id'], ['service_id'], ['service_area', 'name']],
    columns: ['id', 'service_id', 'service_area', 'name', 'description', 'extent', 'extent_type', 'uri'],
    async map(ctx, v, where) {
      await ctx.stager.add('service_areas', { ...v, name: pick(v, 'name', 'service_area') }, where);
    },
  },
  {
    entity: 'service_taxonomy_terms',
    names: ['service_taxonomy', 'services_taxonomy'],
    required: [['service_id'], ['taxonomy_id', 'taxonomy_term_id']],
    columns: ['id', 'service_id', 'taxonomy_id', 'taxonomy_term_id', 'taxonomy_detail'],
    async map(ctx, v, where) {
      const term = pick(v, 'taxonomy_term_id', 'taxonomy_id');
      const pair = `${v.service_id}\u001f${term}`;
      if (ctx.links.has(pair)) {
        return ctx.stager.skip('service_taxonomy_terms', { reason: 'the same service and term are already linked (repeated row)', detail: `${v.service_id} – ${term}` }, where);
      }
      ctx.links.add(pair);
      const id = v.id || deterministicId('service-taxonomy', v.service_id, term);
      await ctx.stager.add('service_taxonomy_terms', { id, service_id: v.service_id, taxonomy_term_id: term, link_type: 'service_type', value: v.taxonomy_detail }, where);
    },
  },
];

/** Resources HSDS packages carry that are not imported, and why. */
const NOT_IMPORTED: Record<string, string> = {
  contact: 'contacts name individual people; the public directory keeps none',
  contacts: 'contacts name individual people; the public directory keeps none',
  holiday_schedule: 'holiday schedules are not imported yet',
  holiday_schedules: 'holiday schedules are not imported yet',
};

/** Whether a resource is one of these kinds, by its datapackage.json name or its file name. */
const isOneOf = (r: Resource, names: readonly string[]): boolean => names.includes(r.name) || names.includes(r.path.replace(/^.*\//, '').replace(/\.csv$/i, ''));

/** Reads every resource of the package that maps onto the directory, in reference order. */
export async function importCsvPackage(stager: Stager, pkg: DataPackage): Promise<void> {
  for (const [what, names] of [['organizations', ['organization', 'organizations']], ['services', ['service', 'services']]] as const) {
    if (!pkg.resources.some((r) => r.entry && isOneOf(r, names))) {
      throw new AppError('incomplete_package', 400, `The data package has no ${what} CSV (datapackage.json must list it and the zip must hold it)`, { field: 'file' });
    }
  }
  const ctx: Context = { stager, serviceOrganizations: new Map(), taxonomies: new Set(), links: new Set() };
  const used = new Set<string>();
  for (const handler of HANDLERS) {
    for (const resource of pkg.resources.filter((r) => isOneOf(r, handler.names))) {
      used.add(resource.name);
      if (!resource.entry) {
        stager.notes.push(`${resource.path} is listed in datapackage.json but not in the zip`);
        continue;
      }
      const file = resource.entry.replace(/^.*\//, '');
      const text = pkg.text(resource.entry);
      if (handler.entity === 'services') {
        for await (const row of (await openCsv(text, file, handler.required)).rows) {
          if (row.values.id && row.values.organization_id) ctx.serviceOrganizations.set(row.values.id, row.values.organization_id);
        }
      }
      const table = await openCsv(text, file, handler.required);
      const ignored = table.header.filter((h) => h && !handler.columns.includes(h));
      if (ignored.length) stager.notes.push(`${file}: column${ignored.length > 1 ? 's' : ''} not imported: ${ignored.join(', ')}`);
      for await (const row of table.rows) {
        const where = `${file} line ${row.line}${row.values.id ? ` (id ${row.values.id})` : ''}`;
        if (row.problem) stager.skip(handler.entity, { reason: 'row does not match the header', detail: row.problem }, where);
        else await handler.map(ctx, row.values, where);
      }
      await stager.flush(handler.entity);
    }
  }
  for (const resource of pkg.resources.filter((r) => !used.has(r.name))) {
    const why = NOT_IMPORTED[resource.name] ?? 'not part of the directory yet';
    if (resource.entry) stager.notes.push(`${resource.path} not imported: ${why}`);
  }
}
