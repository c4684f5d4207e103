import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseDepartment, type RoutingRule } from './routing.ts';

const rule = (id: number, serviceId: number | null, districtId: string | null, departmentId: string, priority = 100): RoutingRule => ({
  id,
  serviceId,
  districtId,
  departmentId,
  priority,
  description: `rule ${id}`,
});

test('no rule: the service default, said so', () => {
  assert.deepEqual(chooseDepartment([], { serviceId: 1, districtIds: ['d1'] }, 'pbot'), {
    departmentId: 'pbot',
    ruleId: null,
    reason: "the service's default department",
  });
});

test('the most specific matching rule wins: service+district over service over district', () => {
  const rules = [rule(1, null, 'd1', 'district-office'), rule(2, 7, null, 'service-team'), rule(3, 7, 'd1', 'local-team')];
  assert.equal(chooseDepartment(rules, { serviceId: 7, districtIds: ['d1'] }, 'x').departmentId, 'local-team');
  assert.equal(chooseDepartment(rules, { serviceId: 7, districtIds: ['d2'] }, 'x').departmentId, 'service-team');
  assert.equal(chooseDepartment(rules, { serviceId: 8, districtIds: ['d1'] }, 'x').departmentId, 'district-office');
  assert.equal(chooseDepartment(rules, { serviceId: 8, districtIds: [] }, 'x').departmentId, 'x');
});

test('among equally specific rules, lower priority number then older rule wins', () => {
  const rules = [rule(5, 7, null, 'late', 50), rule(4, 7, null, 'first', 10), rule(3, 7, null, 'tie-older', 10)];
  const d = chooseDepartment(rules, { serviceId: 7, districtIds: [] }, 'x');
  assert.equal(d.departmentId, 'tie-older');
  assert.equal(d.ruleId, 3);
  assert.equal(d.reason, 'rule 3');
});

test('a point in two districts matches rules of either', () => {
  const rules = [rule(1, null, 'coalition-9', 'coalition-office')];
  assert.equal(chooseDepartment(rules, { serviceId: 1, districtIds: ['district-2', 'coalition-9'] }, 'x').departmentId, 'coalition-office');
});
