import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { CsvReader, CsvSyntaxError, type CsvRecord } from './csv.ts';

const all = (chunks: string[]): CsvRecord[] => {
  const r = new CsvReader();
  return [...chunks.flatMap((c) => r.push(c)), ...r.end()];
};

test('fields, quotes, doubled quotes, line breaks inside quotes, CRLF, blank lines, BOM', () => {
  const text = '\uFEFFa,b,c\r\n1,"two, 2","say ""hi"""\r\n\r\n"multi\nline",,x\n"",last,"✓ 北京"';
  assert.deepEqual(all([text]), [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['1', 'two, 2', 'say "hi"'] },
    { line: 4, fields: ['multi\nline', '', 'x'] },
    { line: 6, fields: ['', 'last', '✓ 北京'] },
  ]);
});

test('the same records whatever the chunk boundaries', () => {
  const text = 'a,b\r\n"x ""y""\r\nz",2\r\n3,"4"\r\n';
  const whole = all([text]);
  for (let size = 1; size <= 7; size++) {
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
    assert.deepEqual(all(chunks), whole, `chunks of ${size}`);
  }
});

test('the real NYC and LA files read exactly as csv-parse reads them', () => {
  for (const file of ['fixtures/real/nyc311-sample.csv', 'fixtures/real/la311-2020-sample.csv']) {
    const text = readFileSync(file, 'utf8');
    const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536));
    assert.deepEqual(all(chunks).map((r) => r.fields), expected, file);
  }
});

test('broken quoting is an error naming the line', () => {
  assert.throws(() => all(['a,b\n1,x"y\n']), (e: unknown) => e instanceof CsvSyntaxError && e.line === 2 && /quote inside an unquoted field on line 2/.test(e.message));
  assert.throws(() => all(['a\n"x"y\n']), /text after the closing quote of a field on line 2/);
  assert.throws(() => all(['a\n\n"open\nand never closed']), (e: unknown) => e instanceof CsvSyntaxError && e.line === 3);
});
