import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateAttributeAnswers, type AttributeDefinition } from './attributes.ts';

const def = (code: string, datatype: AttributeDefinition['datatype'], extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  code,
  datatype,
  required: false,
  variable: true,
  description: { en: code },
  values: [],
  ...extra,
});
const list = [{ key: 'a', name: { en: 'A' } }, { key: 'b', name: { en: 'B' } }, { key: '3', name: { en: 'Three' } }];
const defs = [
  def('S', 'string', { required: true }),
  def('N', 'number'),
  def('D', 'datetime'),
  def('T', 'text'),
  def('ONE', 'singlevaluelist', { values: list }),
  def('MANY', 'multivaluelist', { values: list }),
  def('INFO', 'string', { variable: false }),
];

test('valid answers of every datatype are normalised', () => {
  const { values, problems } = validateAttributeAnswers(defs, { S: ' hi ', N: '-3.5', D: '2026-03-02', T: 'a\r\nb', ONE: 3, MANY: 'a' });
  assert.deepEqual(problems, []);
  assert.deepEqual(values, { S: 'hi', N: -3.5, D: '2026-03-02T00:00:00.000Z', T: 'a\nb', ONE: '3', MANY: ['a'] });
});

test('blank optional answers are dropped; blank required answers are refused', () => {
  const r = validateAttributeAnswers(defs, { S: '  ', N: '', MANY: [] });
  assert.deepEqual(r.values, {});
  assert.deepEqual(r.problems.map((p) => [p.field, p.code]), [['attribute[S]', 'required']]);
});

test('each wrong answer is named with its own code', () => {
  const r = validateAttributeAnswers(defs, {
    S: { nested: true },
    N: '1e999',
    D: '03/02/2026',
    T: 'x'.repeat(4001),
    ONE: 'c',
    MANY: ['a', null],
    INFO: 'no',
    EXTRA: 1,
  });
  assert.deepEqual(
    r.problems.map((p) => `${p.field}:${p.code}`).sort(),
    [
      'attribute[D]:wrong_type',
      'attribute[EXTRA]:unknown_attribute',
      'attribute[INFO]:not_answerable',
      'attribute[MANY]:not_in_list',
      'attribute[N]:wrong_type',
      'attribute[ONE]:not_in_list',
      'attribute[S]:wrong_type',
      'attribute[T]:too_long',
    ],
  );
});

test('numbers: finite only, given as numbers or plain decimal strings', () => {
  for (const bad of [NaN, Infinity, '12abc', '0x10', ' ', true]) {
    const r = validateAttributeAnswers([def('N', 'number', { required: true })], { N: bad });
    assert.equal(r.problems.length, 1, `${String(bad)} must be refused`);
  }
});

test('string answers longer than 255 characters are refused, text up to 4,000 accepted', () => {
  assert.equal(validateAttributeAnswers(defs, { S: 'x'.repeat(256) }).problems[0]?.code, 'too_long');
  assert.deepEqual(validateAttributeAnswers(defs, { S: 'x', T: 'y'.repeat(4000) }).problems, []);
});
