import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { seedDemoCityIfEmpty } from '../../db/seed/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { signInOverHttp } from '../../test/factories.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo.ts';
import { ROLES } from './policy.ts';

const t = await openTestDatabase();
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

test('npm start on an empty database creates one demo account per role, which sign in with the published password', async () => {
  const seeded = await seedDemoCityIfEmpty(t.deps);
  assert.equal(seeded?.demoStaffAccounts, ROLES.length);
  assert.deepEqual(DEMO_STAFF.map((s) => s.roles[0]).sort(), [...ROLES].sort());
  for (const account of DEMO_STAFF) {
    const session = await signInOverHttp(app, account.email, DEMO_PASSWORD);
    const me = (await app.inject({ url: '/api/v1/auth/me', headers: { cookie: session.cookie } })).json();
    assert.deepEqual(me.principal.roles, account.roles);
    assert.deepEqual(me.principal.departments, account.departments);
  }
  assert.deepEqual(DEMO_STAFF.find((s) => s.roles[0] === 'bureau_staff')?.departments, ['pbot']);
  assert.equal(await seedDemoCityIfEmpty(t.deps), null, 'a second start changes nothing');
});
