import type { Deps } from '../../deps.ts';
import { listRequestsOfRequester, type RequesterRequest } from '../requests/index.ts';
import { listContacts, type ContactView } from './contacts.ts';
import { getCustomer } from './customers.ts';
import { requesterPhoneForms } from './normalize.ts';
import type { CustomerRow } from './repository.ts';

/** A profile with its history. */
export interface CustomerHistory {
  customer: CustomerRow;
  contacts: ContactView[];
  contactTotal: number;
  requests: RequesterRequest[];
}

/**
 * A customer's full history: their contacts (newest first, the latest 200), and the requests made
 * with any of their e-mail addresses or phone numbers or linked to one of their contacts. The caller
 * filters requests it may not read (confidential ones).
 */
export async function getCustomerHistory(deps: Deps, id: number): Promise<CustomerHistory> {
  const customer = await getCustomer(deps, id);
  const { contacts, total } = await listContacts(deps, { customerId: customer.id, limit: 200, offset: 0 });
  const linked = [...new Set(contacts.flatMap((c) => c.requestIds))];
  const requests = await listRequestsOfRequester(deps, { emails: customer.emails, phones: customer.phones.flatMap(requesterPhoneForms), ids: linked });
  return { customer, contacts, contactTotal: total, requests };
}
