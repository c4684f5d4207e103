import { api } from '../../api.ts';
import type { Localized } from './common.tsx';

/** The catalog data the administration screens share, as the staff API returns it. */

export interface Service {
  code: string;
  name: Localized;
  description: Localized;
  groupCode: string | null;
  handling: 'resolve' | 'intake' | 'refer';
  departmentId: string;
  slaHours: number | null;
  slaKind: 'business' | 'calendar';
  defaultPriority: 'low' | 'normal' | 'high' | 'urgent';
  confidential: boolean;
  active: boolean;
  version: number;
}
export interface Department {
  id: string;
  kind: 'department' | 'agency';
  name: Localized;
  active: boolean;
}
export interface ServiceGroup {
  code: string;
  name: Localized;
}
export interface District {
  id: string;
  name: Localized;
}

/** Departments, service groups and districts for the pickers (loaded together). */
export async function loadPickers(): Promise<{ departments: Department[]; groups: ServiceGroup[]; districts: District[] }> {
  const [d, g, x] = await Promise.all([
    api<{ departments: Department[] }>('GET', '/api/v1/departments'),
    api<{ serviceGroups: ServiceGroup[] }>('GET', '/api/v1/service-groups'),
    api<{ districts: District[] }>('GET', '/api/v1/districts'),
  ]);
  return { departments: d.departments, groups: g.serviceGroups, districts: x.districts };
}
