import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/database.ts';
import { W3C_DATETIME, readRequests, readServices } from './test-client.ts';

/**
 * Real responses from other Open311 servers (fixtures/open311-samples: Toronto requests in XML,
 * Gießen services in XML, San Francisco services in JSON) read with the same readers the
 * conformance tests use on our own output: our shape is the shape real clients already read.
 */

await openTestDatabase(); // the project's rule for test files; these tests need no rows
const sample = (name: string) => readFileSync(new URL(`../../../fixtures/open311-samples/${name}`, import.meta.url), 'utf8');

test('Toronto GET requests (XML)', () => {
  const requests = readRequests('xml', sample('requests-many.xml'));
  assert.equal(requests.length, 2);
  const [first] = requests;
  assert.equal(first!.service_request_id, '101005420892');
  assert.equal(first!.status, 'open');
  assert.equal(first!.service_code, 'CSROWR-12');
  assert.equal(first!.agency_responsible, '311 Toronto');
  assert.match(first!.requested_datetime, W3C_DATETIME);
  assert.equal(first!.updated_datetime, '');
  assert.equal(first!.address_id, '13459430');
  assert.equal(first!.lat, 43.691104288);
  assert.equal(first!.long, -79.272306875);
});

test('Gießen GET services (XML, with attributes on the root)', () => {
  const services = readServices('xml', sample('giessen-services.xml'));
  assert.ok(services.length >= 5);
  const lamp = services.find((s) => s.service_code === '013');
  assert.equal(lamp?.service_name, 'Laterne defekt');
  assert.equal(lamp?.metadata, false);
  assert.equal(lamp?.type, 'realtime');
  assert.equal(services.find((s) => s.service_code === '012')?.keywords, 'graffiti, paintings');
});

test('San Francisco GET services (JSON, grouped by group name)', () => {
  const services = readServices('json', sample('sf-services.json'));
  assert.ok(services.length > 10);
  const rack = services.find((s) => s.service_code === '007');
  assert.equal(rack?.group, 'Graffiti');
  assert.equal(rack?.service_name, 'Graffiti - Public - Bike_rack');
  for (const s of services) assert.ok(s.service_code && s.service_name, JSON.stringify(s));
});
