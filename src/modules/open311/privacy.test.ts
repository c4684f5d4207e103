import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { createApiKey } from '../identity/index.ts';
import { addSupport, createServiceRequest, transitionServiceRequest } from '../requests/index.ts';
import { openTestDatabase } from '../../test/database.ts';
import { TESTVILLE, seedTestville } from '../../test/factories.ts';
import { form, readCreated, readRequests, readServices, type SpecFormat } from './test-client.ts';

/**
 * No requester name, e-mail, phone, device id or account id in any GET body, in JSON or XML, with
 * or without extensions; confidential services neither listed nor their requests returned.
 */

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());
const key = (await createApiKey(t.deps, { name: 'app', scopes: ['open311:write'] }, { actor: { kind: 'system', label: 'test' } })).key;
const centre = { lat: TESTVILLE.centre.lat, long: TESTVILLE.centre.long - 0.01 };

// Every personal value is unusual enough that finding it anywhere means it leaked.
const SECRETS = {
  first: 'Zebulon', last: 'Quackenbush', email: 'zebulon.q@privacy.example', phone: '503-555-0199', phoneDigits: '5035550199',
  device: 'device-7f3a9c1e', account: 'acct-88421-private',
  supporterName: 'Philomena Snodgrass', supporterEmail: 'philo@privacy.example',
  staffName: 'Staffer Wigglesworth',
  confidentialText: 'Ramp blocked by the clerk at window 3',
};

const created: string[] = [];
for (const format of ['json', 'xml'] as const) {
  const res = await app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${format}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({
      api_key: key, service_code: 'POTHOLE', lat: centre.lat, long: centre.long, 'attribute[SIZE]': 'large',
      first_name: SECRETS.first, last_name: SECRETS.last, email: SECRETS.email, phone: SECRETS.phone,
      device_id: SECRETS.device, account_id: SECRETS.account, description: 'Pothole by the school',
    }),
  });
  assert.equal(res.statusCode, 201, res.body);
  created.push(readCreated(format, res.body)[0]!.service_request_id);
}
const staffMade = (await createServiceRequest(t.deps, {
  jurisdictionId: 'testville', serviceCode: 'STREETLIGHT', channel: 'phone', description: 'Light out', location: centre,
  requester: { name: `${SECRETS.first} ${SECRETS.last}`, email: SECRETS.email, phone: SECRETS.phone }, actor: SECRETS.staffName,
})).request;
await addSupport(t.deps, { request: staffMade.id, channel: 'web', supporter: { name: SECRETS.supporterName, email: SECRETS.supporterEmail } });
await transitionServiceRequest(t.deps, { request: staffMade.id, to: 'in_progress', expectedVersion: 1, actor: SECRETS.staffName, publicNote: 'Crew assigned', internalNote: `Call ${SECRETS.first} back at ${SECRETS.phone}` });
const confidential = (await createServiceRequest(t.deps, {
  jurisdictionId: 'testville', serviceCode: 'ADA_COMPLAINT', channel: 'web', description: SECRETS.confidentialText, location: centre,
  requester: { name: 'Confidential Complainant', email: 'complainant@privacy.example' },
})).request;
await transitionServiceRequest(t.deps, { request: confidential.id, to: 'acknowledged', expectedVersion: 1, actor: 'supervisor', publicNote: 'We are looking into the ramp' });

test('no personal data and nothing confidential in any GET response, JSON or XML, with or without extensions', async () => {
  const ids = [...created, staffMade.trackingNumber];
  const paths = [
    'discovery', 'services', 'services/POTHOLE', 'services/STREETLIGHT',
    'requests', 'requests?extensions=true', 'requests?status=open&extensions=true', 'requests?updated_after=2020-01-01T00:00:00Z&extensions=true',
    `requests?service_request_id=${[...ids, confidential.trackingNumber].join(',')}&extensions=true`,
    `requests?lat=${centre.lat}&long=${centre.long}&radius=500&extensions=true`,
    ...ids.flatMap((id) => [`requests/${id}`, `requests/${id}?extensions=true`]),
    'servicerequestupdates', `servicerequestupdates?service_request_id=${ids.join(',')}`,
  ];
  let checked = 0;
  for (const format of ['json', 'xml'] as SpecFormat[]) {
    for (const path of paths) {
      const [resource, query] = path.split('?');
      const res = await app.inject({ method: 'GET', url: `/open311/v2/${resource}.${format}${query ? `?${query}` : ''}` });
      assert.equal(res.statusCode, 200, `${path}: ${res.body}`);
      for (const [what, value] of Object.entries(SECRETS)) {
        assert.ok(!res.body.toLowerCase().includes(value.toLowerCase()), `${what} (${value}) leaked in ${path}.${format}`);
      }
      for (const leak of [confidential.trackingNumber, 'ADA_COMPLAINT', 'Confidential Complainant', 'We are looking into the ramp']) {
        assert.ok(!res.body.includes(leak), `${leak} leaked in ${path}.${format}`);
      }
      checked++;
    }
    // The requests are there (the test would pass vacuously otherwise), with their public text.
    const listed = readRequests(format, (await app.inject({ url: `/open311/v2/requests.${format}?extensions=true` })).body);
    assert.deepEqual(listed.map((r) => r.service_request_id).sort(), [...ids].sort());
    assert.ok(listed.some((r) => r.status_notes === 'Crew assigned'));
    assert.ok(!readServices(format, (await app.inject({ url: `/open311/v2/services.${format}` })).body).some((s) => s.service_code === 'ADA_COMPLAINT'));
    for (const url of [`requests/${confidential.trackingNumber}.${format}`, `services/ADA_COMPLAINT.${format}`]) {
      const res = await app.inject({ url: `/open311/v2/${url}` });
      assert.equal(res.statusCode, 404);
      assert.ok(!res.body.includes(SECRETS.confidentialText));
    }
  }
  assert.equal(checked, paths.length * 2);
  // The personal data was really stored (so its absence above means something).
  const stored = await t.deps.db.selectFrom('service_requests').select(['requester_email']).where('tracking_number', '=', created[0]!).executeTakeFirstOrThrow();
  assert.equal(stored.requester_email, SECRETS.email);
});
