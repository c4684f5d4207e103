import type { Deps } from '../../deps.ts';
import type { AuditContext } from '../audit/index.ts';
import { createUser, hasStaffUsers } from './users.ts';

/**
 * Demo staff accounts, one per role, created by `npm start` on an empty database only. Their
 * password is published in README.md: they are for trying Frontdoor out, never for real use.
 */
export const DEMO_PASSWORD = 'frontdoor-demo-311';
export const DEMO_STAFF = [
  { email: 'admin@demo.frontdoor.example', name: 'Ada Administrator', roles: ['administrator'], departments: [] },
  { email: 'agent@demo.frontdoor.example', name: 'Alex Agent', roles: ['agent'], departments: [] },
  { email: 'pbot@demo.frontdoor.example', name: 'Blair Bureau (PBOT)', roles: ['bureau_staff'], departments: ['pbot'] },
  { email: 'supervisor@demo.frontdoor.example', name: 'Sam Supervisor', roles: ['supervisor'], departments: [] },
  { email: 'analyst@demo.frontdoor.example', name: 'Ari Analyst', roles: ['analyst'], departments: [] },
  { email: 'kb@demo.frontdoor.example', name: 'Kim Knowledge-Base Editor', roles: ['kb_editor'], departments: [] },
] as const;

const DEMO_SEED: AuditContext = { actor: { kind: 'system', label: 'demo seed' } };

/** Creates the demo staff accounts when there is no staff account at all; returns how many it created. */
export async function seedDemoStaff(deps: Deps): Promise<number> {
  if (await hasStaffUsers(deps)) return 0;
  for (const account of DEMO_STAFF) {
    await createUser(deps, { ...account, roles: [...account.roles], departments: [...account.departments], password: DEMO_PASSWORD }, DEMO_SEED);
  }
  return DEMO_STAFF.length;
}
