import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { useZod } from '../../http/openapi.ts';
import { recordAudit } from '../audit/index.ts';
import { auditContextOf, canReadRequest, requirePermission, type Principal } from '../identity/index.ts';
import { closeContact, getContact, listContacts, logContact, updateContact } from './contacts.ts';
import { createCustomer, mergeCustomers, searchCustomers, updateCustomer } from './customers.ts';
import { firstContactResolution } from './fcr.ts';
import { getCustomerHistory } from './history.ts';
import { presentContact, presentCustomer, presentCustomerSummary, presentRequesterRequest, presentVisit } from './presenter.ts';
import { selectRecentCustomers } from './repository.ts';
import { closeSchema, contactCreateSchema, contactListQuery, contactPatchSchema, customerCreateSchema, customerPatchSchema, customerSearchQuery, fcrQuery, idParams, mergeSchema, visitListQuery, visitSignInSchema, visitSignOutSchema } from './schemas.ts';
import { listVisits, signInVisitor, signOutVisitor } from './visits.ts';

const CONTACT_TAGS = ['Contacts'];
const CUSTOMER_TAGS = ['Customers'];
const SMALL_BODY = 32_768;
/** A contact may carry a chat transcript. */
const CONTACT_BODY = 300_000;

const userIdOf = (p: Principal): number | null => (p.kind === 'staff' ? p.userId : null);

/**
 * The contact log, customer profiles and the walk-in visitor log for 311 staff (agents, supervisors,
 * administrators: contacts:* and customers:*; bureau staff have neither). Every change is audited,
 * and so is each reading of a customer's profile with its history. Nothing here is public.
 */
export async function registerContactRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(async (plain) => {
    const api = useZod(plain);
    const readContacts = requirePermission('contacts:read');
    const writeContacts = requirePermission('contacts:write');
    const readCustomers = requirePermission('customers:read');
    const writeCustomers = requirePermission('customers:write');

    api.get('/api/v1/contacts', { preHandler: readContacts, schema: { tags: CONTACT_TAGS, summary: 'The contact log, newest first', description: 'Filters: channel and outcome (comma-separated; outcome `open` for contacts not closed), agent (an id or `me`), customer, from/to (when it started).', querystring: contactListQuery } }, async (request) => {
      const q = request.query;
      const { contacts, total } = await listContacts(deps, {
        channels: q.channel,
        outcomes: q.outcome?.filter((o) => o !== 'open'),
        open: q.outcome?.includes('open'),
        agentId: q.agent === 'me' ? (userIdOf(request.principal) ?? -1) : q.agent,
        customerId: q.customer,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit,
        offset: q.offset,
      });
      return { contacts: contacts.map((c) => presentContact(c)), total, limit: q.limit, offset: q.offset };
    });
    api.get('/api/v1/contacts/first-contact-resolution', { preHandler: readContacts, schema: { tags: CONTACT_TAGS, summary: 'First-contact resolution of the contacts that started in [from, to)', description: 'Eligible: inbound contacts closed with any outcome but abandoned. Resolved: those resolved at first contact (answered, request created or referred, unless the agent said otherwise). rate = resolved / eligible, null when none.', querystring: fcrQuery } }, async (request) => {
      const from = new Date(request.query.from);
      const to = new Date(request.query.to);
      return { from, to, ...(await firstContactResolution(deps, { from, to })) };
    });
    api.post('/api/v1/contacts', { bodyLimit: CONTACT_BODY, preHandler: writeContacts, schema: { tags: CONTACT_TAGS, summary: 'Log a contact (open, or closed at once with `close`)', description: 'Idempotent with source + sourceRef: the same pair returns the first contact (200). `customer` finds or creates the profile by phone or e-mail. agentId defaults to you; null logs a contact nobody has taken yet.', body: contactCreateSchema } }, async (request, reply) => {
      const result = await logContact(deps, { ...request.body, agentId: request.body.agentId === undefined ? userIdOf(request.principal) : request.body.agentId }, auditContextOf(request));
      return reply.status(result.created ? 201 : 200).send({ contact: presentContact(result.contact, true), created: result.created });
    });
    api.get('/api/v1/contacts/:id', { preHandler: readContacts, schema: { tags: CONTACT_TAGS, summary: 'One contact with its topics, requests and transcript', params: idParams } }, async (request) => ({
      contact: presentContact(await getContact(deps, Number(request.params.id)), true),
    }));
    api.patch('/api/v1/contacts/:id', { bodyLimit: SMALL_BODY, preHandler: writeContacts, schema: { tags: CONTACT_TAGS, summary: 'Change a contact; add topics and linked requests', params: idParams, body: contactPatchSchema } }, async (request) => ({
      contact: presentContact(await updateContact(deps, Number(request.params.id), request.body, auditContextOf(request)), true),
    }));
    api.post('/api/v1/contacts/:id/close', { bodyLimit: SMALL_BODY, preHandler: writeContacts, schema: { tags: CONTACT_TAGS, summary: 'Close a contact with its outcome', description: '409 contact_closed if it was closed already.', params: idParams, body: closeSchema } }, async (request) => ({
      contact: presentContact(await closeContact(deps, Number(request.params.id), request.body, auditContextOf(request)), true),
    }));

    api.get('/api/v1/customers', { preHandler: readCustomers, schema: { tags: CUSTOMER_TAGS, summary: 'Search customers as you type', description: 'By name (any word, accents ignored), phone digits or e-mail; at least 2 characters. Without q: the most recently changed profiles.', querystring: customerSearchQuery } }, async (request, reply) => {
      const { q, limit } = request.query;
      const rows = q === undefined ? await selectRecentCustomers(deps.db, limit) : await searchCustomers(deps, q, limit);
      reply.header('cache-control', 'no-store');
      return { customers: rows.map(presentCustomerSummary) };
    });
    api.post('/api/v1/customers', { bodyLimit: SMALL_BODY, preHandler: writeCustomers, schema: { tags: CUSTOMER_TAGS, summary: 'Create a customer profile', description: '409 duplicate_customer (with customerId) when its phone or e-mail belongs to another profile.', body: customerCreateSchema } }, async (request, reply) =>
      reply.status(201).send({ customer: presentCustomer(await createCustomer(deps, request.body, auditContextOf(request))) }),
    );
    api.get('/api/v1/customers/:id', { preHandler: readCustomers, schema: { tags: CUSTOMER_TAGS, summary: 'A customer profile with every contact and request', description: 'Requests made with their e-mail or phone, or linked through a contact; confidential ones only for those who may read them.', params: idParams } }, async (request, reply) => {
      const { principal } = request;
      const h = await getCustomerHistory(deps, Number(request.params.id));
      await recordAudit(deps.db, { ...auditContextOf(request), at: deps.clock.now(), action: 'customer.read', target: { kind: 'customer', id: h.customer.id } });
      reply.header('cache-control', 'no-store');
      return {
        customer: presentCustomer(h.customer),
        contacts: h.contacts.map((c) => presentContact(c)),
        contactTotal: h.contactTotal,
        requests: h.requests.filter((r) => canReadRequest(principal, r)).map(presentRequesterRequest),
      };
    });
    api.patch('/api/v1/customers/:id', { bodyLimit: SMALL_BODY, preHandler: writeCustomers, schema: { tags: CUSTOMER_TAGS, summary: 'Change a customer profile', description: 'Send expectedVersion: 409 stale_version if someone saved since.', params: idParams, body: customerPatchSchema } }, async (request) => ({
      customer: presentCustomer(await updateCustomer(deps, Number(request.params.id), request.body, auditContextOf(request))),
    }));
    api.post('/api/v1/customers/:id/merge', { bodyLimit: SMALL_BODY, preHandler: writeCustomers, schema: { tags: CUSTOMER_TAGS, summary: 'Merge a duplicate profile into this one', description: "The duplicate's contacts, phones and e-mail addresses move here; it leaves every search.", params: idParams, body: mergeSchema } }, async (request) => {
      const merged = await mergeCustomers(deps, Number(request.params.id), request.body.from, auditContextOf(request));
      return { customer: presentCustomer(merged.customer), contactsMoved: merged.contactsMoved };
    });

    api.get('/api/v1/visits', { preHandler: readContacts, schema: { tags: CONTACT_TAGS, summary: "The walk-in desk's visitors", description: "scope=today (default): signed in today in the jurisdiction's zone, or still in the building; scope=in_building: not signed out.", querystring: visitListQuery } }, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return { visits: (await listVisits(deps, request.query.scope)).map(presentVisit) };
    });
    api.post('/api/v1/visits', { bodyLimit: SMALL_BODY, preHandler: writeContacts, schema: { tags: CONTACT_TAGS, summary: 'Sign a visitor in (a walk-in contact)', description: '409 badge_in_use when that badge is worn by someone still in the building.', body: visitSignInSchema } }, async (request, reply) =>
      reply.status(201).send({ visit: presentVisit(await signInVisitor(deps, request.body, userIdOf(request.principal), auditContextOf(request))) }),
    );
    api.post('/api/v1/visits/:id/sign-out', { bodyLimit: SMALL_BODY, preHandler: writeContacts, schema: { tags: CONTACT_TAGS, summary: 'Sign a visitor out; closes the visit contact if still open', params: idParams, body: visitSignOutSchema } }, async (request) => ({
      visit: presentVisit(await signOutVisitor(deps, Number(request.params.id), request.body, auditContextOf(request))),
    }));
  });
}
