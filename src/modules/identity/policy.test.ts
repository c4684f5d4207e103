import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../lib/errors.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createStaff, seedTestville } from '../../test/factories.ts';
import {
  ANONYMOUS,
  PERMISSIONS,
  ROLES,
  authorize,
  authorizeRequestRead,
  can,
  canReadRequest,
  canSeeRequesterDetails,
  canWriteRequest,
  departmentsFor,
  foldGrants,
  type ApiKeyPrincipal,
  type Permission,
  type Principal,
  type StaffPrincipal,
} from './policy.ts';
import * as repo from './repository.ts';

function staff(grants: StaffPrincipal['grants'], departments: string[] = []): StaffPrincipal {
  return { kind: 'staff', userId: 1, email: 's@x.example', name: 'S', roles: [], departments, grants, session: { id: 1, csrfToken: 't', expiresAt: new Date() } };
}
const key = (scopes: Permission[]): ApiKeyPrincipal => ({ kind: 'api_key', keyId: 1, name: 'k', scopes, rateLimitPerMinute: null });

const streets = { departmentId: 'streets', confidential: false };
const streetsSecret = { departmentId: 'streets', confidential: true };
const parks = { departmentId: 'parks', confidential: false };
const parksSecret = { departmentId: 'parks', confidential: true };

describe('policy, by itself', () => {
  test('a department-scoped permission covers only the user\'s departments; an all-scoped one covers every department', () => {
    const bureau = staff({ 'requests:read': 'department' }, ['streets']);
    assert.equal(can(bureau, 'requests:read'), true, 'held somewhere: may list (the list is then limited)');
    assert.equal(can(bureau, 'requests:read', streets), true);
    assert.equal(can(bureau, 'requests:read', parks), false);
    assert.deepEqual(departmentsFor(bureau, 'requests:read'), ['streets']);
    assert.deepEqual(departmentsFor(bureau, 'requests:write'), []);
    const agent = staff({ 'requests:read': 'all' });
    assert.equal(can(agent, 'requests:read', parks), true);
    assert.equal(departmentsFor(agent, 'requests:read'), 'all');
  });

  test('anonymous callers may do nothing; API keys may do exactly their scopes, in every department', () => {
    for (const p of PERMISSIONS) assert.equal(can(ANONYMOUS, p), false);
    const k = key(['requests:read']);
    assert.equal(can(k, 'requests:read', parks), true);
    assert.equal(can(k, 'requests:write', parks), false);
    assert.equal(departmentsFor(k, 'requests:read'), 'all');
  });

  test('confidential requests: only staff of the owning department, or holders of requests:read_confidential', () => {
    const member = staff({ 'requests:read': 'department', 'requests:write': 'department' }, ['streets']);
    assert.equal(canReadRequest(member, streetsSecret), true, 'own department');
    assert.equal(canReadRequest(member, parksSecret), false, 'another department');
    const agent = staff({ 'requests:read': 'all', 'requests:write': 'all', 'requests:read_personal': 'all' });
    assert.equal(canReadRequest(agent, parks), true);
    assert.equal(canReadRequest(agent, parksSecret), false, 'reading everything is not reading confidential');
    assert.equal(canWriteRequest(agent, parksSecret), false, 'nor changing it');
    assert.equal(canSeeRequesterDetails(agent, parksSecret), false);
    const memberAgent = staff(agent.grants, ['parks']);
    assert.equal(canReadRequest(memberAgent, parksSecret), true, 'an agent who belongs to the department');
    const supervisor = staff({ 'requests:read': 'all', 'requests:read_confidential': 'all' });
    assert.equal(canReadRequest(supervisor, parksSecret), true);
    assert.equal(canReadRequest(key(['requests:read']), streetsSecret), false, 'API keys belong to no department');
    assert.equal(canReadRequest(key(['requests:read']), streets), true);
    assert.equal(canReadRequest(staff({ 'requests:read_confidential': 'all' }), streetsSecret), false, 'confidential alone is not read');
  });

  test('requester details need requests:read_personal on the request\'s department', () => {
    const analyst = staff({ 'requests:read': 'all', 'analytics:read': 'all' });
    assert.equal(canReadRequest(analyst, streets), true);
    assert.equal(canSeeRequesterDetails(analyst, streets), false);
    const bureau = staff({ 'requests:read': 'department', 'requests:read_personal': 'department' }, ['streets']);
    assert.equal(canSeeRequesterDetails(bureau, streets), true);
    assert.equal(canSeeRequesterDetails(bureau, parks), false);
  });

  test('authorize: 401 for anonymous, 403 naming the missing permission; request reads hide confidential ones as 404', () => {
    const code = (fn: () => void) => {
      try {
        fn();
        return 'allowed';
      } catch (e) {
        assert.ok(e instanceof AppError);
        return `${e.status} ${e.code}`;
      }
    };
    assert.equal(code(() => authorize(ANONYMOUS, 'users:admin')), '401 unauthenticated');
    assert.equal(code(() => authorize(staff({ 'requests:read': 'all' }), 'users:admin')), '403 forbidden');
    assert.equal(code(() => authorize(staff({ 'users:admin': 'all' }), 'users:admin')), 'allowed');
    const bureau = staff({ 'requests:read': 'department' }, ['streets']);
    assert.equal(code(() => authorizeRequestRead(bureau, { ...parksSecret, ref: 'TV-1' })), '404 not_found');
    assert.equal(code(() => authorizeRequestRead(bureau, { ...parks, ref: 'TV-1' })), '403 forbidden');
    assert.equal(code(() => authorizeRequestRead(bureau, { ...streetsSecret, ref: 'TV-1' })), 'allowed');
    assert.equal(code(() => authorizeRequestRead(ANONYMOUS, { ...streets, ref: 'TV-1' })), '401 unauthenticated');
  });

  test('grants fold to one scope per permission: all wins; unknown permissions grant nothing', () => {
    assert.deepEqual(foldGrants(['requests:read'], ['requests:read', 'requests:write', 'time:travel']), { 'requests:read': 'all', 'requests:write': 'department' });
  });
});

const t = await openTestDatabase();
await seedTestville(t.deps);

describe('the role → permission table (data seeded by the migration)', () => {
  test('names the same roles and permissions as the code', async () => {
    assert.deepEqual((await repo.selectPermissions(t.deps.db)).map((p) => p.id).sort(), [...PERMISSIONS].sort());
    assert.deepEqual((await repo.selectRoles(t.deps.db)).map((r) => r.id).sort(), [...ROLES].sort());
  });

  test('role × permission × department × confidential, for accounts loaded from the database', async () => {
    const principalOf = async (roles: string[], departments: string[] = []): Promise<Principal> => {
      const user = await createStaff(t.deps, { roles, departments });
      const row = await repo.selectUser(t.deps.db, user.id);
      assert.ok(row);
      return { ...staff(foldGrants(row.grants_all, row.grants_department), row.departments), roles: row.roles };
    };
    const p = {
      agent: await principalOf(['agent']),
      bureau: await principalOf(['bureau_staff'], ['streets']),
      supervisor: await principalOf(['supervisor']),
      analyst: await principalOf(['analyst']),
      administrator: await principalOf(['administrator']),
    };
    // [who, can read streets, parks, streets confidential, parks confidential, see requester on streets, write parks]
    const expected: Record<keyof typeof p, boolean[]> = {
      agent: [true, true, false, false, true, true],
      bureau: [true, false, true, false, true, false],
      supervisor: [true, true, true, true, true, true],
      analyst: [true, true, false, false, false, false],
      administrator: [true, true, true, true, true, true],
    };
    for (const [who, principal] of Object.entries(p) as [keyof typeof p, Principal][]) {
      const actual = [
        canReadRequest(principal, streets),
        canReadRequest(principal, parks),
        canReadRequest(principal, streetsSecret),
        canReadRequest(principal, parksSecret),
        canSeeRequesterDetails(principal, streets),
        canWriteRequest(principal, parks),
      ];
      assert.deepEqual(actual, expected[who], who);
    }
    const admins = (permission: Permission) => (Object.entries(p) as [string, Principal][]).filter(([, q]) => can(q, permission)).map(([who]) => who);
    assert.deepEqual(admins('users:admin'), ['administrator']);
    assert.deepEqual(admins('apikeys:admin'), ['administrator']);
    assert.deepEqual(admins('audit:read'), ['administrator']);
    assert.deepEqual(admins('catalog:admin'), ['administrator']);
    assert.deepEqual(admins('analytics:read'), ['supervisor', 'analyst', 'administrator']);
    assert.deepEqual(admins('requests:read_personal'), ['agent', 'bureau', 'supervisor', 'administrator'], 'analysts get no personal data');
    assert.deepEqual(admins('open311:write'), [], 'for API keys only');
  });

  test('a user with two roles holds the wider scope of each permission', async () => {
    const user = await createStaff(t.deps, { roles: ['bureau_staff', 'agent'], departments: ['parks'] });
    const row = await repo.selectUser(t.deps.db, user.id);
    assert.ok(row);
    assert.equal(foldGrants(row.grants_all, row.grants_department)['requests:read'], 'all');
  });
});
