import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { editDistance, houseNumberOf, matchScore, normalizeAddress, normalizeWords, ordinal } from './normalize.ts';

describe('address normalisation', () => {
  test('suffixes, directionals and ordinal words become one form', () => {
    assert.equal(normalizeAddress('1120 SW 5th Ave'), '1120 sw 5th ave');
    assert.equal(normalizeAddress('1120 sw fifth avenue'), '1120 sw 5th ave');
    assert.equal(normalizeAddress('1120 Southwest Fifth Avenue'), '1120 sw 5th ave');
    assert.equal(normalizeAddress('1120 S.W. 5th Ave.'), '1120 sw 5th ave');
    assert.equal(normalizeAddress('3605 Northeast Fifteenth Street'), '3605 ne 15th st');
    assert.equal(normalizeAddress('10 N Twenty-First Ave'), '10 n 21st ave');
    assert.equal(normalizeAddress('10 N twenty first Ave'), '10 n 21st ave');
    assert.equal(normalizeAddress('805 SE 122 Avenue'), '805 se 122nd ave');
    assert.equal(normalizeAddress('1038 SE César E. Chávez Boulevard'), '1038 se cesar e chavez blvd');
  });

  test('units: words and # become one designator; the house number is never an ordinal', () => {
    assert.equal(normalizeAddress('12 NE Alberta St Apartment 4'), '12 ne alberta st apt 4');
    assert.equal(normalizeAddress('12 NE Alberta St #4'), '12 ne alberta st unit 4');
    assert.equal(normalizeWords('5 Main Street')[0], '5');
  });

  test('ordinals and the house number', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 112, 123].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '112th', '123rd']);
    assert.equal(houseNumberOf(' 1120 SW 5th'), '1120');
    assert.equal(houseNumberOf('12B Main St'), '12');
    assert.equal(houseNumberOf('SW 5th Ave'), null);
  });

  test('match score: every word found is 1, a typo costs a little, a wrong house number halves it', () => {
    const label = normalizeWords('1120 SW 5th Ave Portland 97204 The Portland Building');
    assert.equal(matchScore(normalizeWords('1120 sw fifth avenue'), label, '1120', '1120'), 1);
    const typo = matchScore(normalizeWords('1120 sw 5th avenu portlnd'), label, '1120', '1120');
    assert.ok(typo > 0.8 && typo < 1, `typo score ${typo}`);
    assert.equal(matchScore(normalizeWords('1122 sw 5th ave'), label, '1122', '1120'), 0.75 / 2);
    assert.equal(matchScore(normalizeWords('oregon usa'), label, null, '1120'), 0);
    assert.equal(editDistance('avenue', 'avenu'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});
