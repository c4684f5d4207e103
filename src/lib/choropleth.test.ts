import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKGROUND, buildChoropleth, classBreaks, classOf, contrastRatio, fillOf, fitProjection, OUTLINE, PALETTE, type AreaInput } from './choropleth.ts';
import { ringContains, type LonLat } from './geo.ts';

// Four squares in a row near Portland's latitude, 0.05° apart.
const square = (west: number): LonLat[] => [
  [west, 45.5],
  [west + 0.05, 45.5],
  [west + 0.05, 45.55],
  [west, 45.55],
];
const areas = (values: (number | null)[], withheld: number[] = []): AreaInput[] =>
  values.map((value, i) => ({ id: `d${i}`, name: `District ${i}`, ring: square(-122.7 + i * 0.05), value, withheld: withheld.includes(i) }));

test('the palette keeps 3:1 between adjacent classes, and the outline 3:1 against the background and every class', () => {
  for (let i = 1; i < PALETTE.length; i++) assert.ok(contrastRatio(PALETTE[i - 1] as string, PALETTE[i] as string) >= 3, `classes ${i - 1} and ${i}`);
  assert.ok(contrastRatio(OUTLINE, BACKGROUND) >= 3);
  for (const c of PALETTE.slice(0, 2)) assert.ok(contrastRatio(OUTLINE, c) >= 3, `outline on ${c}`);
  assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
});

test('class breaks are quantiles of the figures, never more classes than distinct values', () => {
  assert.deepEqual(classBreaks([1, 2, 3, 4, 5, 6]), [2, 4, 6]);
  assert.deepEqual(classBreaks([6, 5, 4, 3, 2, 1]), [2, 4, 6], 'order does not matter');
  assert.deepEqual(classBreaks([7, 7, 7]), [7]);
  assert.deepEqual(classBreaks([1, 9]), [1, 9]);
  assert.deepEqual(classBreaks([]), []);
  assert.deepEqual(classBreaks([1, 1, 1, 1, 2]), [1, 2], 'a repeated value does not make an empty class');
  assert.deepEqual(classBreaks([Number.NaN, 3]), [3]);
  const b = classBreaks([1, 2, 3, 4, 5, 6]);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((v) => classOf(v, b)), [0, 0, 1, 1, 2, 2]);
});

test('the projection fits every point inside the drawing, keeps north up and scales longitude by cos(latitude)', () => {
  const rings = areas([1, 2, 3, 4]).map((a) => a.ring);
  const p = fitProjection(rings, 600, 420, 10);
  assert.equal(p.width, 600);
  for (const [x, y] of rings.flat().map((pt) => p.project(pt))) {
    assert.ok(x >= 10 - 0.05 && x <= 590 + 0.05, `x ${x}`);
    assert.ok(y >= 10 - 0.05 && y <= p.height - 10 + 0.05, `y ${y}`);
  }
  const [, yNorth] = p.project([-122.7, 45.55]);
  const [, ySouth] = p.project([-122.7, 45.5]);
  assert.ok(yNorth < ySouth, 'north is up');
  // 0.2° of longitude by 0.05° of latitude, longitude shrunk by cos(45.5°) ≈ 0.70: about 2.8 : 1.
  const ratio = (600 - 20) / (p.height - 20);
  assert.ok(Math.abs(ratio - (0.2 * Math.cos((45.525 * Math.PI) / 180)) / 0.05) < 0.05, `aspect ${ratio}`);
  const tall = fitProjection([[[0, 0], [0.001, 0], [0.001, 1], [0, 1]]], 600, 300, 10);
  assert.ok(tall.height <= 300, 'never taller than asked');
  const empty = fitProjection([], 600);
  assert.equal(empty.width, 600);
});

test('withheld and empty areas are drawn apart from the classes and take no part in the breaks', () => {
  const map = buildChoropleth(areas([10, 20, null, 999], [3]));
  assert.deepEqual(
    map.areas.map((a) => [a.id, a.state, a.value]),
    [
      ['d0', 'value', 10],
      ['d1', 'value', 20],
      ['d2', 'none', null],
      ['d3', 'withheld', null],
    ],
  );
  assert.ok(!JSON.stringify(map).includes('999'), 'a withheld figure never reaches the drawing');
  assert.deepEqual(
    map.classes.map((c) => [c.min, c.max]),
    [
      [10, 10],
      [20, 20],
    ],
  );
  assert.equal(fillOf(map.areas[3]!, 'm1'), 'url(#m1-withheld)');
  assert.equal(fillOf(map.areas[2]!, 'm1'), 'url(#m1-none)');
  assert.match(fillOf(map.areas[0]!, 'm1'), /^#[0-9a-f]{6}$/);
  assert.ok(map.hasWithheld && map.hasNoData);
  for (const a of map.areas) {
    assert.match(a.d, /^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}Z$/);
    const pts = a.d.slice(1, -1).split('L').map((s) => s.split(',').map(Number) as LonLat);
    assert.ok(ringContains(pts, [a.label.x, a.label.y]), `${a.id}'s label is inside it`);
  }
});

test('with no data at all the map still draws its areas, every one marked as without a figure', () => {
  const map = buildChoropleth(areas([null, null]));
  assert.equal(map.classes.length, 0);
  assert.ok(map.areas.every((a) => a.state === 'none'));
  const none = buildChoropleth([]);
  assert.deepEqual(none.areas, []);
  assert.equal(none.classes.length, 0);
  assert.ok(!none.hasWithheld && !none.hasNoData);
});

test('a concave area has its label inside it', () => {
  // A "C": its centroid falls in the gap.
  const c: LonLat[] = [
    [0, 0],
    [0.03, 0],
    [0.03, 0.01],
    [0.01, 0.01],
    [0.01, 0.02],
    [0.03, 0.02],
    [0.03, 0.03],
    [0, 0.03],
  ];
  const map = buildChoropleth([{ id: 'c', name: 'C', ring: c, value: 1 }]);
  const a = map.areas[0]!;
  const pts = a.d.slice(1, -1).split('L').map((s) => s.split(',').map(Number) as LonLat);
  assert.ok(ringContains(pts, [a.label.x, a.label.y]));
});
