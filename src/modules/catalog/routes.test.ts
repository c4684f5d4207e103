import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { buildApp } from '../../app.ts';
import { openTestDatabase } from '../../test/database.ts';
import { createPothole, seedTestville, staffSession } from '../../test/factories.ts';
import { listAuditEvents } from '../audit/index.ts';
import { getService } from './service.ts';

const t = await openTestDatabase();
await seedTestville(t.deps);
const app = await buildApp({ deps: t.deps, handle: t.handle, config: { logLevel: 'silent', defaultLocale: 'en' } });
after(() => app.close());

const admin = await staffSession(app, t.deps, ['administrator']);
const agent = await staffSession(app, t.deps, ['agent']);
const h = admin.session.headers;

describe('catalog over HTTP', () => {
  test('services, one service with its questions, departments, districts (without polygons)', async () => {
    const services = (await app.inject({ url: '/api/v1/services', headers: agent.session.headers })).json().services as Array<{ code: string; active: boolean }>;
    assert.ok(services.some((s) => s.code === 'POTHOLE'));
    assert.equal(services.find((s) => s.code === 'RETIRED')?.active, false);
    const one = await app.inject({ url: '/api/v1/services/POTHOLE', headers: agent.session.headers });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json().service.attributes.map((a: { code: string }) => a.code).slice(0, 2), ['SIZE', 'DEPTH_CM']);
    assert.equal((await app.inject({ url: '/api/v1/services/NOPE', headers: h })).statusCode, 404);
    assert.equal((await app.inject({ url: '/api/v1/services?jurisdiction_id=atlantis', headers: h })).statusCode, 404);
    const departments = (await app.inject({ url: '/api/v1/departments', headers: h })).json().departments;
    assert.deepEqual(departments.map((d: { id: string }) => d.id).sort(), ['east-crew', 'parks', 'state-dot', 'streets']);
    const districts = await app.inject({ url: '/api/v1/districts', headers: h });
    assert.deepEqual(districts.json().districts.map((d: { id: string }) => d.id), ['east', 'west']);
    assert.ok(!districts.body.includes('area'));
  });

  test('PATCH /services/:code changes settings at once (the cache is cleared), audited; the English name stays', async () => {
    const res = await app.inject({ method: 'PATCH', url: '/api/v1/services/STREETLIGHT', headers: h, payload: { slaHours: 12, slaKind: 'calendar', defaultPriority: 'high', name: { es: 'Farola' } } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().service.slaHours, 12);
    assert.deepEqual(res.json().service.name, { en: 'streetlight', es: 'Farola' });
    const created = await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {} });
    assert.equal(created.request.priority, 'high');
    const audit = await listAuditEvents(t.deps, { action: 'catalog.service_updated' });
    assert.equal(audit.events[0]?.actor.label, admin.user.email);
    const retire = await app.inject({ method: 'PATCH', url: '/api/v1/services/GRAFFITI', headers: h, payload: { active: false } });
    assert.equal(retire.json().service.active, false);
    assert.equal((await getService(t.deps, 'testville', 'GRAFFITI')).active, false);
    const empty = await app.inject({ method: 'PATCH', url: '/api/v1/services/GRAFFITI', headers: h, payload: {} });
    assert.equal(empty.statusCode, 400);
    const badLang = await app.inject({ method: 'PATCH', url: '/api/v1/services/GRAFFITI', headers: h, payload: { name: { 'not a tag': 'x' } } });
    assert.equal(badLang.statusCode, 400);
    const forbidden = await app.inject({ method: 'PATCH', url: '/api/v1/services/GRAFFITI', headers: agent.session.headers, payload: { active: true } });
    assert.equal(forbidden.statusCode, 403);
  });

  test('routing rules: create, list, change, delete — each audited, references checked; new rules route new requests', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: h, payload: { serviceCode: 'STREETLIGHT', districtId: 'west', departmentId: 'parks', priority: 1, description: 'Parks own the west lights' } });
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json().routingRule;
    assert.equal(rule.serviceCode, 'STREETLIGHT');
    const routed = await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {} });
    assert.equal(routed.request.departmentId, 'parks');
    assert.equal(routed.request.routingRuleId, rule.id);

    const rules = (await app.inject({ url: '/api/v1/routing-rules', headers: agent.session.headers })).json().routingRules;
    assert.ok(rules.some((r: { id: number }) => r.id === rule.id));
    const changed = await app.inject({ method: 'PATCH', url: `/api/v1/routing-rules/${rule.id}`, headers: h, payload: { active: false } });
    assert.equal(changed.json().routingRule.active, false);
    assert.equal((await createPothole(t.deps, { serviceCode: 'STREETLIGHT', attributes: {} })).request.departmentId, 'streets');
    const badRefs = await app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: h, payload: { serviceCode: 'NOPE', districtId: 'north', departmentId: 'mars' } });
    assert.equal(badRefs.statusCode, 400);
    assert.deepEqual(badRefs.json().error.problems.map((p: { field: string }) => p.field), ['serviceCode', 'districtId', 'departmentId']);
    const deleted = await app.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${rule.id}`, headers: h });
    assert.equal(deleted.statusCode, 200);
    assert.equal((await app.inject({ method: 'DELETE', url: `/api/v1/routing-rules/${rule.id}`, headers: h })).statusCode, 404);
    const actions = (await listAuditEvents(t.deps, { area: 'catalog', targetKind: 'routing_rule', targetId: String(rule.id) })).events.map((e) => e.action).sort();
    assert.deepEqual(actions, ['catalog.routing_rule_created', 'catalog.routing_rule_deleted', 'catalog.routing_rule_updated']);
  });
});
