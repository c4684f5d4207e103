import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxAround, haversineMeters, parsePoints, ringContains, ringToPolygonLiteral } from './geo.ts';
import { textProblem, toPlainText } from './text.ts';
import { canonicalJson, normalizeEmail, normalizePhone } from './validate.ts';

test('toPlainText removes markup, scripts and styles, decodes entities, normalises', () => {
  assert.equal(toPlainText('<p onclick="x()">Hi <b>there</b></p><script>evil()</script><style>p{}</style>'), 'Hi there');
  assert.equal(toPlainText('5 &lt; 6 &amp;&amp; 7 &gt; 3'), '5 < 6 && 7 > 3');
  assert.equal(toPlainText('&lt;script&gt;alert(1)&lt;/script&gt;'), '', 'encoded markup decoded into markup is stripped too');
  assert.equal(toPlainText('Cafe\u0301 \r\n ok  '), 'Café \n ok');
  assert.equal(toPlainText('a < b and c > d'), 'a < b and c > d', 'plain comparisons are not markup');
});

test('textProblem catches broken encodings and control characters', () => {
  assert.equal(textProblem('f', 'fine\ttext\n'), null);
  assert.equal(textProblem('f', 'Ã©t\uFFFD')?.code, 'bad_encoding');
  assert.equal(textProblem('f', '\uDC00')?.code, 'bad_encoding');
  assert.equal(textProblem('f', 'bell\u0007')?.code, 'control_characters');
});

test('e-mail and phone normalisation', () => {
  assert.equal(normalizeEmail('e', ' Ana@Example.ORG ').value, 'Ana@example.org');
  for (const bad of ['ana', 'ana@', '@x.org', 'a b@x.org', 'ana@x', 'a@b.c']) assert.ok(normalizeEmail('e', bad).problem, bad);
  assert.equal(normalizePhone('p', '(503) 823-4000').value, '5038234000');
  assert.equal(normalizePhone('p', '+1 503.823.4000 ext. 12').value, '+15038234000 x12');
  for (const bad of ['call me', '12', '+1 (503) 823-4000 x', '5'.repeat(16)]) assert.ok(normalizePhone('p', bad).problem, bad);
});

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }));
});

test('geometry helpers', () => {
  // One degree of latitude is about 111.2 km.
  assert.ok(Math.abs(haversineMeters([-122.6, 45], [-122.6, 46]) - 111_195) < 10);
  const box = boxAround([-122.6, 45.5], 50);
  assert.ok(haversineMeters([-122.6, 45.5], [box.east, 45.5]) >= 49.9);
  assert.ok(haversineMeters([-122.6, 45.5], [-122.6, box.north]) >= 49.9);
  const square: Array<[number, number]> = [[0, 0], [2, 0], [2, 2], [0, 2]];
  assert.ok(ringContains(square, [1, 1]));
  assert.ok(!ringContains(square, [3, 1]));
  assert.equal(ringToPolygonLiteral(square), '((0,0),(2,0),(2,2),(0,2))');
  assert.deepEqual(parsePoints('((0,0),(2.5,-1e-3))'), [[0, 0], [2.5, -0.001]]);
  assert.throws(() => ringToPolygonLiteral([[0, 0], [1, 1]]), RangeError);
});
