/** Resident accounts: what the app and the worker may use. */
export { RESIDENT_COOKIE, registerResidentRoutes } from './routes.ts';
export { requestSignInLink, residentJobHandlers, residentOfSession, signInWithLink, signOutResident, type Resident, type ResidentSettings } from './service.ts';

/** Sign-in links work once for 15 minutes; sessions last 30 days; five links an address an hour. */
export const RESIDENT_SETTINGS = { linkMinutes: 15, sessionDays: 30, linksPerHour: 5 } as const;
