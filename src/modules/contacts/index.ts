/** The contacts module: the contact log, customer profiles, first-contact resolution, the walk-in desk. */
export { logContact, closeContact, recordChannelRequest, getContact, updateContact, listContacts, type ContactView } from './contacts.ts';
export { findOrCreateCustomer, createCustomer, getCustomer, updateCustomer, mergeCustomers, searchCustomers } from './customers.ts';
export { getCustomerHistory, type CustomerHistory } from './history.ts';
export { firstContactResolution, type FirstContactResolution } from './fcr.ts';
export { signInVisitor, signOutVisitor, listVisits, type VisitView } from './visits.ts';
export { normalizeCustomerPhone, normalizeCustomerEmail } from './normalize.ts';
export { registerContactRoutes } from './routes.ts';
export type { ContactCreate, CloseInput, FindOrCreateInput } from './schemas.ts';
export { CONTACT_CHANNELS, CONTACT_OUTCOMES, type ContactChannel, type ContactOutcome } from './tables.ts';
