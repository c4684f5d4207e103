import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backTest, fitHoltWinters, forecastHoltWinters, mape, seasonalNaive, smape } from './forecast.ts';
import { laHourlyVolumes } from './real-history.ts';

/** A seeded random source (mulberry32), so the synthetic series is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('error measures', () => {
  assert.equal(mape([100, 200], [110, 180]), 0.1);
  assert.equal(mape([0, 0], [1, 2]), null);
  assert.equal(smape([100, 0], [100, 0]), 0);
  assert.ok(Math.abs((smape([100], [50]) ?? 0) - 2 / 3) < 1e-12);
  assert.deepEqual(seasonalNaive([1, 2, 3, 4, 5, 6], 3, 4), [4, 5, 6, 4]);
});

test('daily series with a weekly season and a trend: the forecast of two held-out weeks is within a few percent', () => {
  const rnd = random(311);
  const weekday = [120, 135, 130, 128, 110, 45, 30];
  const y = Array.from({ length: 16 * 7 }, (_, t) => weekday[t % 7]! + 0.4 * t + (rnd() - 0.5) * 8);
  const result = backTest(y, 7, 14);
  assert.ok(result.mape !== null && result.mape < 0.05, `MAPE ${result.mape}`);
  assert.ok(result.mape! < result.naiveMape!, 'beats the seasonal-naive forecast (which misses the trend)');
  const m = fitHoltWinters(y, 7);
  const next = forecastHoltWinters(m, 7);
  assert.ok(next[5]! < next[1]! * 0.6, 'weekends stay low');
});

test('too little history is refused with a clear error', () => {
  assert.throws(() => fitHoltWinters([1, 2, 3], 7), /two seasons/);
});

test('back-test on real history: Los Angeles 311, hour by hour, 1–3 January 2020', () => {
  // Train on 1–2 January (48 hours, New Year's Day included), forecast 3 January 00:00–13:59 (14
  // hours) and compare with what happened. The figures are reported in docs/metrics.md.
  const { hours, counts } = laHourlyVolumes();
  assert.equal(hours[0], '2020-01-01 00');
  assert.equal(counts.length, 62);
  const result = backTest(counts, 24, 14);
  assert.equal(result.trainPoints, 48);
  assert.ok(result.smape !== null && result.naiveSmape !== null);
  assert.ok(result.smape < result.naiveSmape, `Holt-Winters sMAPE ${result.smape.toFixed(3)} vs seasonal naive ${result.naiveSmape.toFixed(3)}`);
  assert.ok(result.mape! < 0.5, `MAPE ${result.mape}`);
});
