import { api } from '../../api.ts';
import type { Named } from './types.ts';

/** Services, districts and departments, fetched once per console session (they change rarely). */
export interface Catalog {
  services: Array<{ code: string; name: Record<string, string>; departmentId?: string }>;
  districts: Named[];
  departments: Array<Named & { kind: string }>;
}

let cached: Promise<Catalog> | null = null;

/** The catalog lists the queue and the request page name things with. */
export function loadCatalog(): Promise<Catalog> {
  cached ??= Promise.all([
    api<{ services: Catalog['services'] }>('GET', '/api/v1/services'),
    api<{ districts: Named[] }>('GET', '/api/v1/districts'),
    api<{ departments: Catalog['departments'] }>('GET', '/api/v1/departments'),
  ]).then(
    ([s, d, p]) => ({ services: s.services, districts: d.districts, departments: p.departments }),
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

export interface Assignee {
  id: number;
  name: string;
  email: string;
}

const assignees = new Map<string, Promise<Assignee[]>>();

/** Staff a department's requests may be assigned to. */
export function loadAssignees(department: string): Promise<Assignee[]> {
  let p = assignees.get(department);
  if (!p) {
    p = api<{ assignees: Assignee[] }>('GET', `/api/v1/queue/assignees?department=${encodeURIComponent(department)}`).then((r) => r.assignees);
    p.catch(() => assignees.delete(department));
    assignees.set(department, p);
  }
  return p;
}
