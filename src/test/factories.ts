import type { FastifyInstance } from 'fastify';
import type { Deps } from '../deps.ts';
import type { DemoCity, SeedService } from '../db/seed/demo-city/types.ts';
import { importCatalog } from '../modules/catalog/import.ts';
import { setServiceActive } from '../modules/catalog/service.ts';
import { createUser, type StaffUser } from '../modules/identity/index.ts';
import type { CreateUserInput } from '../modules/identity/schemas.ts';
import { createServiceRequest, type CreateResult } from '../modules/requests/index.ts';
import type { CreateRequestInput } from '../modules/requests/schemas.ts';

/**
 * Testville: a small catalog for tests, independent of the demo city. A 10 km square around
 * (45.5, -122.6) split into West and East districts, open Mon–Fri 08:00–17:00 Pacific.
 */
export const TESTVILLE = { west: -122.66, east: -122.54, south: 45.46, north: 45.54, centre: { lat: 45.5, long: -122.6 } } as const;

const intake = (code: string, extra: Partial<SeedService> = {}): SeedService => ({
  code,
  jurisdictionId: 'testville',
  name: { en: code.toLowerCase().replace(/_/g, ' '), es: `es ${code}` },
  description: { en: `Report ${code}` },
  group: 'streets',
  keywords: [],
  handling: 'intake',
  departmentId: 'streets',
  slaHours: 40,
  slaKind: 'business',
  defaultPriority: 'normal',
  confidential: false,
  attributes: [],
  ...extra,
});

export function testville(): DemoCity {
  const { west, east, south, north } = TESTVILLE;
  const mid = (west + east) / 2;
  return {
    jurisdictions: [
      {
        id: 'testville',
        name: { en: 'Testville', es: 'Testville' },
        timeZone: 'America/Los_Angeles',
        trackingPrefix: 'TV',
        open311JurisdictionId: 'testville.example',
        boundary: [[west, south], [east, south], [east, north], [west, north]],
        hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '17:00' })),
        localHolidays: [{ date: '2026-03-13', name: 'Founders Day' }],
        observesFederalHolidays: true,
        isDefault: true,
      },
    ],
    departments: [
      { id: 'streets', jurisdictionId: 'testville', kind: 'department', agencyKind: 'city', name: { en: 'Streets' } },
      { id: 'east-crew', jurisdictionId: 'testville', kind: 'department', agencyKind: 'city', name: { en: 'East Crew' } },
      { id: 'parks', jurisdictionId: 'testville', kind: 'department', agencyKind: 'city', name: { en: 'Parks' } },
      { id: 'state-dot', jurisdictionId: 'testville', kind: 'agency', agencyKind: 'state', name: { en: 'State DOT' }, phone: '555-0100' },
    ],
    serviceGroups: [{ code: 'streets', name: { en: 'Streets' } }],
    services: [
      intake('POTHOLE', {
        attributes: [
          { code: 'SIZE', datatype: 'singlevaluelist', required: true, order: 1, description: { en: 'How big is it?' }, values: [{ key: 'small', name: { en: 'Small' } }, { key: 'large', name: { en: 'Large' } }] },
          { code: 'DEPTH_CM', datatype: 'number', required: false, order: 2, description: { en: 'Depth in cm' } },
          { code: 'NOTICED_AT', datatype: 'datetime', required: false, order: 3, description: { en: 'When did you notice it?' } },
          { code: 'LANES', datatype: 'multivaluelist', required: false, order: 4, description: { en: 'Which lanes?' }, values: [{ key: 'left', name: { en: 'Left' } }, { key: 'right', name: { en: 'Right' } }, { key: 'bike', name: { en: 'Bike lane' } }] },
          { code: 'PLATE', datatype: 'string', required: false, order: 5, description: { en: 'Nearby plate' } },
          { code: 'DETAILS', datatype: 'text', required: false, order: 6, description: { en: 'Details' } },
          { code: 'SAFETY_NOTE', datatype: 'string', required: false, variable: false, order: 7, description: { en: 'Call 911 if someone is hurt' } },
        ],
      }),
      intake('STREETLIGHT', { slaHours: 80 }),
      intake('SEWER_BACKUP', { slaHours: 4, slaKind: 'calendar', defaultPriority: 'urgent', departmentId: 'parks' }),
      intake('ADA_COMPLAINT', { confidential: true, slaHours: 80 }),
      intake('GRAFFITI', { duplicateRadiusMeters: 100, duplicateWindowDays: 7 }),
      intake('NO_SLA', { slaHours: undefined }),
      intake('RETIRED', {}),
      { ...intake('HIGHWAY_ISSUE'), handling: 'refer', departmentId: 'state-dot', answer: { en: 'Call the State DOT at 555-0100' }, slaHours: undefined },
      { ...intake('TRASH_DAY'), handling: 'resolve', answer: { en: 'Trash is picked up weekly' }, slaHours: undefined },
    ],
    districts: [
      { id: 'west', jurisdictionId: 'testville', kind: 'council_district', name: { en: 'West' }, area: [[west, south], [mid, south], [mid, north], [west, north]], approximate: true },
      { id: 'east', jurisdictionId: 'testville', kind: 'council_district', name: { en: 'East' }, area: [[mid, south], [east, south], [east, north], [mid, north]], approximate: true },
    ],
    routingRules: [
      { jurisdictionId: 'testville', serviceCode: 'POTHOLE', districtId: 'east', departmentId: 'east-crew', priority: 10, description: 'Potholes east of Main St go to the East Crew' },
    ],
  };
}

/** Loads Testville and marks RETIRED inactive. */
export async function seedTestville(deps: Deps): Promise<void> {
  await importCatalog(deps, testville());
  await setServiceActive(deps, 'testville', 'RETIRED', false);
}

/** A valid pothole report at Testville's centre (West district), overridable field by field. */
export function potholeInput(overrides: Partial<CreateRequestInput> = {}): CreateRequestInput {
  return {
    jurisdictionId: 'testville',
    serviceCode: 'POTHOLE',
    channel: 'web',
    description: 'Deep pothole in the right lane',
    location: { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 },
    attributes: { SIZE: 'large' },
    requester: { name: 'Ana Resident', email: 'ana@example.org', phone: '503-555-0101' },
    ...overrides,
  };
}

export async function createPothole(deps: Deps, overrides: Partial<CreateRequestInput> = {}): Promise<CreateResult> {
  return createServiceRequest(deps, potholeInput(overrides));
}

/** The password of every staff account the factories make. */
export const STAFF_PASSWORD = 'correct horse battery staple';
let staffCount = 0;

/** A staff account (an agent unless told otherwise) with STAFF_PASSWORD and a unique address. */
export async function createStaff(deps: Deps, overrides: Partial<CreateUserInput> = {}): Promise<StaffUser> {
  staffCount += 1;
  const { user } = await createUser(
    deps,
    { email: `staff${staffCount}@testville.example`, name: `Staff Member ${staffCount}`, roles: ['agent'], password: STAFF_PASSWORD, ...overrides },
    { actor: { kind: 'system', label: 'test factory' } },
  );
  return user;
}

/** A signed-in HTTP session: the cookie header to send and the CSRF token for changes. */
export interface TestSession {
  cookie: string;
  csrfToken: string;
  headers: { cookie: string; 'x-csrf-token': string };
}

/** Signs in through the API (POST /api/v1/auth/sign-in) and returns the session, or throws with the answer. */
export async function signInOverHttp(app: FastifyInstance, email: string, password = STAFF_PASSWORD): Promise<TestSession> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'frontdoor_session');
  if (!session) throw new Error('sign-in set no session cookie');
  const cookie = `frontdoor_session=${session.value}`;
  const csrfToken = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

/** A staff account of one role (bureau staff in `departments`) and its signed-in session. */
export async function staffSession(app: FastifyInstance, deps: Deps, roles: string[], departments: string[] = []): Promise<{ user: StaffUser; session: TestSession }> {
  const user = await createStaff(deps, { roles, departments });
  return { user, session: await signInOverHttp(app, user.email) };
}
