import { can, departmentsFor, type Principal } from '../identity/index.ts';

/**
 * Which requests a principal may find in lists, as data for SQL: the departments whose requests it
 * may read, and the departments whose confidential requests it may read (staff of the owning
 * department, or holders of `requests:read_confidential`). Mirrors identity's canReadRequest, so a
 * list never shows what a direct read would refuse.
 */
export interface RequestScope {
  departments: 'all' | string[];
  confidentialDepartments: 'all' | string[];
}

export function requestScopeFor(principal: Principal): RequestScope {
  const departments = departmentsFor(principal, 'requests:read');
  const own = principal.kind === 'staff' ? principal.departments : [];
  const confidential = can(principal, 'requests:read_confidential') ? departmentsFor(principal, 'requests:read_confidential') : [];
  return { departments, confidentialDepartments: confidential === 'all' ? 'all' : [...new Set([...own, ...confidential])] };
}

