import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { demoCity } from './index.ts';
import type { Ring, SeedDistrict } from './types.ts';

const { jurisdictions, departments, serviceGroups, services, districts, routingRules } = demoCity;

const ID = /^[a-z0-9-]+$/;
const CODE = /^[A-Z][A-Z0-9_]*$/;
const TOLERANCE = 1e-5; // degrees, about a metre

type Pt = readonly [number, number];

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

function edges(ring: Ring): Array<[Pt, Pt]> {
  return ring.map((p, i) => [p, ring[(i + 1) % ring.length]!]);
}

function distanceToSegment(p: Pt, a: Pt, b: Pt): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Ray casting; points on the boundary may go either way, so callers also check the distance. */
function strictlyInside(p: Pt, ring: Ring): boolean {
  let inside = false;
  for (const [a, b] of edges(ring)) {
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

function onBoundary(p: Pt, ring: Ring, tolerance = TOLERANCE): boolean {
  return edges(ring).some(([a, b]) => distanceToSegment(p, a, b) <= tolerance);
}

function insideOrOn(p: Pt, ring: Ring): boolean {
  return strictlyInside(p, ring) || onBoundary(p, ring);
}

function orientation(a: Pt, b: Pt, c: Pt): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return Math.abs(v) < 1e-14 ? 0 : Math.sign(v);
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsIntersect(p1: Pt, p2: Pt, q1: Pt, q2: Pt): boolean {
  const [o1, o2, o3, o4] = [orientation(p1, p2, q1), orientation(p1, p2, q2), orientation(q1, q2, p1), orientation(q1, q2, p2)];
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(p1, p2, q1)) ||
    (o2 === 0 && onSegment(p1, p2, q2)) ||
    (o3 === 0 && onSegment(q1, q2, p1)) ||
    (o4 === 0 && onSegment(q1, q2, p2))
  );
}

/** True when two non-adjacent edges touch or cross (adjacent edges share exactly one vertex). */
function selfIntersects(ring: Ring): boolean {
  const es = edges(ring);
  for (let i = 0; i < es.length; i++) {
    for (let j = i + 1; j < es.length; j++) {
      const adjacent = j === i + 1 || (i === 0 && j === es.length - 1);
      if (adjacent) continue;
      const [a, b] = es[i]!;
      const [c, d] = es[j]!;
      if (segmentsIntersect(a, b, c, d)) return true;
    }
  }
  return false;
}

function area(ring: Ring): number {
  return Math.abs(edges(ring).reduce((sum, [a, b]) => sum + (a[0] * b[1] - b[0] * a[1]), 0)) / 2;
}

function validRing(ring: Ring, label: string): void {
  assert.ok(ring.length >= 4, `${label}: at least 4 vertices`);
  for (const [lon, lat] of ring) {
    assert.ok(Number.isFinite(lon) && Number.isFinite(lat), `${label}: finite coordinates`);
    assert.ok(lon > -180 && lon < 180 && lat > -90 && lat < 90, `${label}: [lon, lat] order`);
  }
  for (const [a, b] of edges(ring)) assert.ok(a[0] !== b[0] || a[1] !== b[1], `${label}: no repeated consecutive vertex`);
  assert.equal(selfIntersects(ring), false, `${label}: not self-intersecting`);
}

const portland = jurisdictions.find((j) => j.id === 'portland');
const multnomah = jurisdictions.find((j) => j.id === 'multnomah');
const departmentById = new Map(departments.map((d) => [d.id, d]));
const serviceKey = (jurisdictionId: string, code: string): string => `${jurisdictionId}/${code}`;
const serviceByKey = new Map(services.map((s) => [serviceKey(s.jurisdictionId, s.code), s]));
const groupCodes = new Set(serviceGroups.map((g) => g.code));
const districtById = new Map(districts.map((d) => [d.id, d]));
const jurisdictionIds = new Set(jurisdictions.map((j) => j.id));

describe('demo city: identifiers', () => {
  it('has unique ids and codes', () => {
    assert.deepEqual(duplicates(jurisdictions.map((j) => j.id)), []);
    assert.deepEqual(duplicates(jurisdictions.map((j) => j.trackingPrefix)), []);
    assert.deepEqual(duplicates(departments.map((d) => d.id)), []);
    assert.deepEqual(duplicates(serviceGroups.map((g) => g.code)), []);
    assert.deepEqual(duplicates(services.map((s) => serviceKey(s.jurisdictionId, s.code))), []);
    assert.deepEqual(duplicates(districts.map((d) => d.id)), []);
  });

  it('uses slug ids and upper-snake service codes', () => {
    for (const id of [...jurisdictions.map((j) => j.id), ...departments.map((d) => d.id), ...serviceGroups.map((g) => g.code), ...districts.map((d) => d.id)]) {
      assert.match(id, ID);
    }
    for (const s of services) {
      assert.match(s.code, CODE);
      for (const a of s.attributes) assert.match(a.code, CODE, `${s.code}.${a.code}`);
    }
  });
});

describe('demo city: jurisdictions', () => {
  it('has Portland and Multnomah County as specified', () => {
    assert.ok(portland && multnomah);
    assert.equal(portland.trackingPrefix, 'PDX');
    assert.equal(portland.open311JurisdictionId, 'portlandoregon.gov');
    assert.equal(multnomah.trackingPrefix, 'MC');
    assert.equal(multnomah.open311JurisdictionId, 'multco.us');
    assert.deepEqual(demoCity.jurisdictions.filter((j) => j.isDefault).map((j) => j.id), ['portland'], 'the City is the one default');
    for (const j of [portland, multnomah]) {
      assert.equal(j.timeZone, 'America/Los_Angeles');
      assert.equal(j.observesFederalHolidays, true);
      assert.deepEqual(
        j.hours.map((h) => [h.weekday, h.opens, h.closes]),
        [1, 2, 3, 4, 5].map((d) => [d, '08:00', '17:00']),
      );
      assert.match(j.trackingPrefix, /^[A-Z]{2,5}$/);
      for (const h of j.localHolidays) assert.match(h.date, /^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('has simple boundaries with 10–30 vertices, the city inside the county', () => {
    assert.ok(portland && multnomah);
    for (const j of [portland, multnomah]) {
      validRing(j.boundary, j.id);
      assert.ok(j.boundary.length >= 10 && j.boundary.length <= 30, `${j.id}: 10–30 vertices`);
    }
    for (const p of portland.boundary) assert.ok(strictlyInside(p, multnomah.boundary), `Portland vertex ${p.join(',')} inside the county`);
    const lons = portland.boundary.map((p) => p[0]);
    const lats = portland.boundary.map((p) => p[1]);
    assert.ok(Math.min(...lons) > -122.9 && Math.max(...lons) < -122.4, 'Portland longitudes');
    assert.ok(Math.min(...lats) > 45.4 && Math.max(...lats) < 45.7, 'Portland latitudes');
  });

  it('contains well-known places', () => {
    assert.ok(portland && multnomah);
    const places: Array<[string, Pt]> = [
      ['Portland Building', [-122.679, 45.5155]],
      ['Pioneer Courthouse Square', [-122.6793, 45.5189]],
      ['Washington Park', [-122.716, 45.511]],
      ['PDX airport', [-122.5975, 45.5887]],
      ['St. Johns', [-122.751, 45.59]],
      ['Lents', [-122.567, 45.481]],
      ['Gateway', [-122.5627, 45.5317]],
      ['Sellwood', [-122.651, 45.467]],
      ['Multnomah Village', [-122.7145, 45.4695]],
      ['Parkrose', [-122.548, 45.556]],
      ['Kelley Point Park', [-122.763, 45.647]],
    ];
    for (const [name, p] of places) assert.ok(strictlyInside(p, portland.boundary), `${name} inside Portland`);
    for (const [name, p] of [['Gresham', [-122.431, 45.498]], ['Troutdale', [-122.387, 45.539]], ['Multnomah Falls', [-122.1158, 45.5762]]] as Array<[string, Pt]>) {
      assert.ok(strictlyInside(p, multnomah.boundary), `${name} inside the county`);
      assert.ok(!strictlyInside(p, portland.boundary), `${name} outside Portland`);
    }
  });
});

describe('demo city: departments', () => {
  it('belong to known jurisdictions and carry English and Spanish names', () => {
    for (const d of departments) {
      assert.ok(jurisdictionIds.has(d.jurisdictionId), `${d.id}: jurisdiction`);
      assert.ok(d.name.en && d.name.es, `${d.id}: en/es name`);
      if (d.description) assert.ok(d.description.es, `${d.id}: es description`);
      if (d.hours) assert.ok(d.hours.es, `${d.id}: es hours`);
      if (d.web) assert.match(d.web, /^https:\/\//);
    }
  });

  it('has the 20 City partners, the 311 program, and the outside agencies', () => {
    const partners = [
      'bds', 'boec', 'bhr', 'bps', 'bts', 'cbo', 'hearings', 'mayor', 'commissioner-eudaly', 'commissioner-hardesty',
      'commissioner-ryan', 'civic-life', 'oehr', 'omf', 'pbot', 'phb', 'pfr', 'ppr', 'pwb', 'prosper',
    ];
    assert.equal(new Set(partners).size, 20);
    for (const id of [...partners, 'pdx311']) {
      const d = departmentById.get(id);
      assert.ok(d, id);
      assert.equal(d.kind, 'department');
      assert.equal(d.agencyKind, 'city');
      assert.equal(d.jurisdictionId, 'portland');
    }
    for (const kind of ['county', 'state', 'transit', '211', '911'] as const) {
      assert.ok(departments.some((d) => d.kind === 'agency' && d.agencyKind === kind), `an agency of kind ${kind}`);
    }
    assert.ok(departments.some((d) => d.kind === 'agency' && d.jurisdictionId === 'multnomah'), 'County agencies belong to the county');
  });
});

describe('demo city: services', () => {
  it('has at least 45 services, every handling kind, and a confidential service', () => {
    assert.ok(services.length >= 45, `${services.length} services`);
    const byHandling = (h: string) => services.filter((s) => s.handling === h).length;
    assert.ok(byHandling('resolve') > 0 && byHandling('refer') > 0 && byHandling('intake') > 0);
    assert.ok(byHandling('intake') > services.length / 2, 'most services are intake');
    assert.ok(services.some((s) => s.confidential));
  });

  it('reference existing groups and departments of the right kind', () => {
    for (const s of services) {
      assert.ok(jurisdictionIds.has(s.jurisdictionId), `${s.code}: jurisdiction`);
      assert.ok(groupCodes.has(s.group), `${s.code}: group ${s.group}`);
      const d = departmentById.get(s.departmentId);
      assert.ok(d, `${s.code}: department ${s.departmentId}`);
      if (s.handling === 'refer') {
        assert.ok(d.kind === 'agency' || d.jurisdictionId !== s.jurisdictionId, `${s.code}: refers to an outside agency`);
      } else {
        assert.equal(d.kind, 'department', `${s.code}: worked or answered by a department`);
        assert.equal(d.jurisdictionId, s.jurisdictionId, `${s.code}: department of the same jurisdiction`);
      }
    }
  });

  it('have English and Spanish names, descriptions, questions and values', () => {
    for (const s of services) {
      assert.ok(s.name.en && s.name.es, `${s.code}: name`);
      assert.ok(s.description.en && s.description.es, `${s.code}: description`);
      if (s.answer) assert.ok(s.answer.en && s.answer.es, `${s.code}: answer`);
      for (const a of s.attributes) {
        assert.ok(a.description.en && a.description.es, `${s.code}.${a.code}: question`);
        if (a.datatypeDescription) assert.ok(a.datatypeDescription.es, `${s.code}.${a.code}: datatype description`);
        for (const v of a.values ?? []) assert.ok(v.name.en && v.name.es, `${s.code}.${a.code}.${v.key}: value name`);
      }
    }
  });

  it('match handling: SLAs for intake, answers for resolve and refer', () => {
    for (const s of services) {
      if (s.handling === 'intake') {
        assert.ok(s.slaHours !== undefined && s.slaHours > 0, `${s.code}: SLA hours`);
        assert.ok(s.slaKind === 'business' || s.slaKind === 'calendar', `${s.code}: SLA kind`);
        assert.equal(s.answer, undefined, `${s.code}: intake has no answer`);
      } else {
        assert.ok(s.answer?.en, `${s.code}: answer`);
        assert.equal(s.slaHours, undefined, `${s.code}: no SLA`);
        assert.equal(s.slaKind, undefined, `${s.code}: no SLA kind`);
      }
      assert.ok(s.keywords.length > 0, `${s.code}: keywords`);
      assert.deepEqual(duplicates(s.keywords.map((k) => k.toLowerCase())), [], `${s.code}: distinct keywords`);
      if (s.duplicateRadiusMeters !== undefined) assert.ok(s.duplicateRadiusMeters > 0);
      if (s.duplicateWindowDays !== undefined) assert.ok(s.duplicateWindowDays > 0);
    }
  });

  it('have well-formed attributes', () => {
    const datatypes = new Set<string>();
    for (const s of services) {
      assert.ok(s.attributes.length <= 4, `${s.code}: at most 4 attributes`);
      assert.deepEqual(duplicates(s.attributes.map((a) => a.code)), [], `${s.code}: attribute codes`);
      assert.deepEqual(duplicates(s.attributes.map((a) => String(a.order))), [], `${s.code}: attribute order`);
      for (const a of s.attributes) {
        datatypes.add(a.datatype);
        const isList = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
        if (isList) {
          assert.ok(a.values && a.values.length >= 2, `${s.code}.${a.code}: list values`);
          assert.deepEqual(duplicates(a.values.map((v) => v.key)), [], `${s.code}.${a.code}: value keys`);
          for (const v of a.values) assert.match(v.key, /^[a-z0-9_]+$/, `${s.code}.${a.code}.${v.key}`);
        } else {
          assert.equal(a.values, undefined, `${s.code}.${a.code}: no values for ${a.datatype}`);
        }
        if (a.variable === false) assert.equal(a.required, false, `${s.code}.${a.code}: informational attributes are not required`);
      }
    }
    assert.deepEqual([...datatypes].sort(), ['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
  });
});

describe('demo city: districts', () => {
  const councilDistricts = districts.filter((d) => d.kind === 'council_district');

  it('have valid, approximate polygons inside the Portland boundary', () => {
    assert.ok(portland);
    for (const d of districts) {
      assert.ok(jurisdictionIds.has(d.jurisdictionId), `${d.id}: jurisdiction`);
      assert.equal(d.approximate, true);
      assert.ok(d.name.en && d.name.es, `${d.id}: name`);
      validRing(d.area, d.id);
      for (const p of d.area) assert.ok(insideOrOn(p, portland.boundary), `${d.id}: vertex ${p.join(',')} inside Portland`);
    }
  });

  it('has four council districts of about 160,000 people', () => {
    assert.deepEqual(councilDistricts.map((d) => d.id).sort(), ['district-1', 'district-2', 'district-3', 'district-4']);
    for (const d of councilDistricts) assert.ok(d.population && d.population > 140_000 && d.population < 180_000, `${d.id}: population`);
  });

  it('tiles the city with the council districts', () => {
    assert.ok(portland);
    const total = councilDistricts.reduce((sum, d) => sum + area(d.area), 0);
    const city = area(portland.boundary);
    assert.ok(Math.abs(total - city) / city < 0.02, `district area ${total} vs city ${city}`);

    // Every point of a grid over the city falls in exactly one district (or on a shared edge).
    const lons = portland.boundary.map((p) => p[0]);
    const lats = portland.boundary.map((p) => p[1]);
    const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
    let checked = 0;
    for (let i = 0; i <= 60; i++) {
      for (let j = 0; j <= 60; j++) {
        const p: Pt = [minLon + ((maxLon - minLon) * i) / 60, minLat + ((maxLat - minLat) * j) / 60];
        if (!strictlyInside(p, portland.boundary) || onBoundary(p, portland.boundary)) continue;
        checked++;
        const containing = councilDistricts.filter((d) => strictlyInside(p, d.area));
        const nearEdge = councilDistricts.some((d) => onBoundary(p, d.area, 1e-4));
        assert.ok(containing.length === 1 || nearEdge, `${p.join(',')} is in ${containing.length} districts`);
      }
    }
    assert.ok(checked > 1000, `${checked} grid points checked`);
  });

  it('puts well-known places in the right council district', () => {
    const expect: Array<[string, Pt, string]> = [
      ['Portland Building', [-122.679, 45.5155], 'district-4'],
      ['Washington Park', [-122.716, 45.511], 'district-4'],
      ['Powellhurst-Gilbert', [-122.535, 45.495], 'district-1'],
      ['Gateway Discovery Park', [-122.556, 45.528], 'district-1'],
      ['St. Johns', [-122.751, 45.59], 'district-2'],
      ['Alberta Arts District', [-122.65, 45.559], 'district-2'],
      ['Hawthorne Boulevard', [-122.625, 45.512], 'district-3'],
      ['Sellwood', [-122.651, 45.467], 'district-3'],
    ];
    for (const [name, p, id] of expect) {
      const d = districtById.get(id) as SeedDistrict;
      assert.ok(strictlyInside(p, d.area), `${name} in ${id}`);
    }
  });
});

describe('demo city: routing rules', () => {
  it('reference existing services, districts and departments', () => {
    assert.ok(routingRules.length > 0);
    for (const r of routingRules) {
      assert.ok(jurisdictionIds.has(r.jurisdictionId));
      const d = departmentById.get(r.departmentId);
      assert.ok(d, `rule department ${r.departmentId}`);
      assert.equal(d.jurisdictionId, r.jurisdictionId, `${r.departmentId}: same jurisdiction as the rule`);
      if (r.serviceCode) assert.ok(serviceByKey.has(serviceKey(r.jurisdictionId, r.serviceCode)), `rule service ${r.serviceCode}`);
      if (r.districtId) {
        const district = districtById.get(r.districtId);
        assert.ok(district, `rule district ${r.districtId}`);
        assert.equal(district.jurisdictionId, r.jurisdictionId);
      }
      assert.ok(Number.isInteger(r.priority) && r.priority >= 0);
      assert.ok(r.description.length > 10 && !r.description.includes('\n'), 'one-line description');
    }
  });

  it('has no two rules with the same scope and priority', () => {
    const scopes = routingRules.map((r) => `${r.jurisdictionId}|${r.serviceCode ?? '*'}|${r.districtId ?? '*'}|${r.priority}`);
    assert.deepEqual(duplicates(scopes), []);
  });

  it('has at least one rule that depends on geography', () => {
    assert.ok(routingRules.some((r) => r.districtId !== undefined));
  });
});
