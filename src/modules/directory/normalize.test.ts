import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeRecord } from './entities.ts';
import { cleanText, cleanUrl, deterministicId, languageCode, parseTime, parseWeekday, splitExtension } from './normalize.ts';

const value = <T>(o: { value: T } | { problem: string }): T => {
  assert.ok('value' in o, 'problem' in o ? o.problem : '');
  return o.value;
};

describe('times as sources write them', () => {
  test('12-hour forms with am/pm become HH:MM', () => {
    for (const [input, expected] of [
      ['9:00am', '09:00'],
      ['9am', '09:00'],
      ['7:30 am ', '07:30'],
      ['9:00a', '09:00'],
      ['9:00 A.M.', '09:00'],
      ['830am', '08:30'],
      ['12:00pm', '12:00'],
      ['12:30am', '00:30'],
      ['5:00pm', '17:00'],
      ['11:59 p.m.', '23:59'],
    ]) {
      assert.equal(value(parseTime(input as string)), expected, input);
    }
  });

  test('24-hour ISO times are kept, with seconds and offsets', () => {
    assert.equal(value(parseTime('17:00')), '17:00');
    assert.equal(value(parseTime('09:00:00')), '09:00:00');
    assert.equal(value(parseTime('09:00-05:00')), '09:00-05:00');
    assert.equal(value(parseTime('10:00z')), '10:00Z');
    assert.equal(value(parseTime('24:00')), '24:00');
  });

  test('ambiguous and broken times are problems, never guesses', () => {
    assert.match((parseTime('5:00') as { problem: string }).problem, /ambiguous: add am or pm/);
    for (const bad of ['6:300pm', '9:0am', '8:00m', '13:00pm', '0am', '12:00pm (dispensing)', '24:30', 'noon', '']) {
      assert.ok('problem' in parseTime(bad), bad);
    }
  });
});

test('weekdays: names, abbreviations and ISO numbers become RFC 5545 codes', () => {
  assert.deepEqual(['Monday', 'tue', 'WED', 'Thurs', 'fri.', 'Saturday', 'sun', '1', '7', '0'].map(parseWeekday), ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU', 'MO', 'SU', 'SU']);
  assert.equal(parseWeekday('Funday'), null);
  assert.equal(parseWeekday('8'), null);
});

test('URLs: bare hosts get http://, the result is RFC 3986, non-URLs are problems', () => {
  assert.equal(value(cleanUrl('url', 'www.girlscoutsfl.org')), 'http://www.girlscoutsfl.org/');
  assert.equal(value(cleanUrl('url', 'https:/www.example.org/a b')), 'https://www.example.org/a%20b');
  assert.equal(value(cleanUrl('url', 'www.x.gov/index.asp?SEC={D4}')), 'http://www.x.gov/index.asp?SEC=%7BD4%7D');
  assert.equal(value(cleanUrl('url', 'pediatrics.med.miami.edu\\adolescents\\')), 'http://pediatrics.med.miami.edu/adolescents/');
  for (const bad of ['releasethesilence', 'javascript:alert(1)', 'ftp://example.org/file', 'two words.com']) assert.ok('problem' in cleanUrl('url', bad), bad);
});

test('text: markup removed, entities decoded, literal \\n unescaped only when asked, broken encodings refused', () => {
  assert.equal(value(cleanText('d', '<p>Food &amp; <b>shelter</b></p><script>x()</script>')), 'Food & shelter');
  assert.equal(value(cleanText('d', 'One\\n\\nTwo', { unescape: true })), 'One\n\nTwo');
  assert.equal(value(cleanText('d', 'One\\nTwo')), 'One\\nTwo');
  assert.equal(value(cleanText('d', '   ')), null);
  assert.match((cleanText('d', 'Pe\uFFFDa') as { problem: string }).problem, /not valid UTF-8/);
  assert.match((cleanText('d', 'bell\u0007') as { problem: string }).problem, /control characters/);
});

test('phone extensions and language codes', () => {
  assert.deepEqual(splitExtension('305-573-4200 x57471'), { number: '305-573-4200', extension: '57471' });
  assert.deepEqual(splitExtension('305-891-8850 xOPT2'), { number: '305-891-8850 xOPT2', extension: null });
  assert.deepEqual(splitExtension('211'), { number: '211', extension: null });
  assert.deepEqual(['Spanish', 'Creole', 'Spanish (limited)', 'American Sign Language', 'Language line available'].map(languageCode), ['es', 'ht', 'es', 'ase', null]);
});

test('derived ids are stable UUIDs (version 5) and differ with their parts', () => {
  const a = deterministicId('schedule', '136', 'MO');
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(deterministicId('schedule', '136', 'MO'), a);
  assert.notEqual(deterministicId('schedule', '136', 'TU'), a);
  assert.notEqual(deterministicId('schedule', '13', '6MO'), deterministicId('schedule', '136', 'MO'));
});

describe('normalizeRecord', () => {
  const options = { unescape: false, defaultCountry: 'US' };
  test('required values skip the record with a reason; unreadable optional ones are left out and reported', () => {
    assert.deepEqual(normalizeRecord('services', { id: 's', organization_id: 'o', name: '' }, options), { skip: { reason: 'name is empty' } });
    assert.deepEqual(normalizeRecord('services', { id: 's', organization_id: 'o', name: '<b></b>' }, options), { skip: { reason: 'name is empty' } });
    assert.deepEqual(normalizeRecord('services', { organization_id: 'o', name: 'x' }, options), { skip: { reason: 'no id' } });
    const r = normalizeRecord('services', { id: 's', organization_id: 'o', name: 'X', url: 'not a url', status: '', minimum_age: 'ten' }, options);
    assert.ok('row' in r);
    assert.equal(r.row.status, 'active', 'HSDS 3.0 requires a status; 1.x often has none');
    assert.equal(r.row.url, null);
    assert.deepEqual(r.adjustments.map((a) => a.reason), ['url unreadable; left out', 'minimum_age unreadable; left out']);
    const unknownStatus = normalizeRecord('services', { id: 's', organization_id: 'o', name: 'X', status: 'open' }, options);
    assert.ok('skip' in unknownStatus && unknownStatus.skip.reason === 'status is not valid');
  });

  test('coordinates become a point; out of range is reported and left out', () => {
    const ok = normalizeRecord('locations', { id: 'l', latitude: '25.5', longitude: '-80.25' }, options);
    assert.ok('row' in ok && ok.row.coordinates === '(-80.25,25.5)');
    const bad = normalizeRecord('locations', { id: 'l', latitude: '95', longitude: '-80' }, options);
    assert.ok('row' in bad && bad.row.coordinates === null && bad.adjustments.length === 1);
  });

  test('schedules, languages and phones need what HSDS 3.0 needs', () => {
    assert.deepEqual(normalizeRecord('schedules', { id: 'x', byday: 'MO' }, options), { skip: { reason: 'no parent (service, location or service at location)' } });
    assert.ok('skip' in normalizeRecord('schedules', { id: 'x', service_id: 's', byday: 'Monday' }, options));
    assert.deepEqual(normalizeRecord('languages', { id: 'x', service_id: 's', name: ' ' }, options), { skip: { reason: 'no language named' } });
    const address = normalizeRecord('addresses', { id: 'a', location_id: 'l', address_1: '1 Main St', city: 'Miami', state_province: 'FL', postal_code: '33101', country: 'usa' }, options);
    assert.ok('row' in address && address.row.country === 'US' && address.row.address_type === 'physical');
  });
});
