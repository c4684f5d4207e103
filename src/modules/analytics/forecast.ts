/**
 * Forecasts of request and contact volumes: additive Holt-Winters (level, trend, one season —
 * weekly for daily series, daily for hourly ones), written by hand because it is some forty lines
 * and the npm packages that offer it are unmaintained or pull in a numerics stack the server does
 * not otherwise need (see docs/metrics.md). Parameters are fitted by grid search on the one-step
 * errors; accuracy is measured by holding the last part of the history out (backTest).
 */

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersModel extends HoltWintersParams {
  season: number;
  level: number;
  trend: number;
  /** The last `season` seasonal terms, oldest first. */
  seasonals: number[];
  /** Sum of squared one-step-ahead errors over the history. */
  sse: number;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Runs the additive Holt-Winters recursions over `y` with the given smoothing parameters. */
export function holtWinters(y: readonly number[], season: number, p: HoltWintersParams): HoltWintersModel {
  if (!Number.isInteger(season) || season < 2) throw new RangeError('season must be a whole number ≥ 2');
  if (y.length < 2 * season) throw new RangeError(`need at least two seasons (${2 * season} points) of history, got ${y.length}`);
  const first = y.slice(0, season);
  const second = y.slice(season, 2 * season);
  let level = mean(first);
  // With few seasons the first two differ for reasons other than trend (a holiday): start flat when
  // there are fewer than three, and let the fit find any trend.
  let trend = y.length >= 3 * season ? (mean(second) - level) / season : 0;
  // Seasonal terms: each position's average deviation from its season's mean, over the whole
  // seasons available (classical decomposition), so one odd first season does not set the shape.
  const whole = Math.floor(y.length / season);
  const means = Array.from({ length: whole }, (_, k) => mean(y.slice(k * season, (k + 1) * season)));
  const s = Array.from({ length: season }, (_, i) => mean(means.map((m, k) => (y[k * season + i] ?? 0) - m)));
  let sse = 0;
  for (let t = season; t < y.length; t++) {
    const yt = y[t] ?? 0;
    const seasonal = s[t - season] ?? 0;
    const predicted = level + trend + seasonal;
    sse += (yt - predicted) ** 2;
    const previousLevel = level;
    level = p.alpha * (yt - seasonal) + (1 - p.alpha) * (level + trend);
    trend = p.beta * (level - previousLevel) + (1 - p.beta) * trend;
    s.push(p.gamma * (yt - level) + (1 - p.gamma) * seasonal);
  }
  return { ...p, season, level, trend, seasonals: s.slice(-season), sse };
}

const GRID = {
  alpha: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9],
  beta: [0, 0.01, 0.05, 0.1, 0.2],
  gamma: [0.05, 0.1, 0.2, 0.3, 0.5, 0.7],
};

/** Fits the parameters by grid search (the lowest sum of squared one-step errors wins). */
export function fitHoltWinters(y: readonly number[], season: number): HoltWintersModel {
  let best: HoltWintersModel | null = null;
  for (const alpha of GRID.alpha) {
    for (const beta of GRID.beta) {
      for (const gamma of GRID.gamma) {
        const m = holtWinters(y, season, { alpha, beta, gamma });
        if (!best || m.sse < best.sse) best = m;
      }
    }
  }
  return best as HoltWintersModel;
}

/** The next `horizon` values (never below 0: volumes cannot be negative). */
export function forecastHoltWinters(m: HoltWintersModel, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => Math.max(0, m.level + (i + 1) * m.trend + (m.seasonals[i % m.season] ?? 0)));
}

/** The naive seasonal forecast (the same as one season ago): the baseline a model must beat. */
export function seasonalNaive(y: readonly number[], season: number, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => y[y.length - season + (i % season)] ?? 0);
}

/** Mean absolute percentage error over the points whose actual value is not 0 (null if none). */
export function mape(actual: readonly number[], predicted: readonly number[]): number | null {
  const terms = actual.flatMap((a, i) => (a !== 0 ? [Math.abs((a - (predicted[i] ?? 0)) / a)] : []));
  return terms.length ? mean(terms) : null;
}

/** Symmetric MAPE (0–2): |a − p| ÷ ((|a| + |p|) ÷ 2), a point where both are 0 counting as 0. */
export function smape(actual: readonly number[], predicted: readonly number[]): number | null {
  if (!actual.length) return null;
  return mean(actual.map((a, i) => {
    const p = predicted[i] ?? 0;
    const d = (Math.abs(a) + Math.abs(p)) / 2;
    return d === 0 ? 0 : Math.abs(a - p) / d;
  }));
}

export interface BackTest {
  trainPoints: number;
  testPoints: number;
  mape: number | null;
  smape: number | null;
  /** The same errors of the seasonal-naive forecast, for comparison. */
  naiveMape: number | null;
  naiveSmape: number | null;
  params: HoltWintersParams;
}

/** Holds the last `holdOut` points back, fits on the rest, and scores the forecast of them. */
export function backTest(y: readonly number[], season: number, holdOut: number): BackTest {
  const train = y.slice(0, y.length - holdOut);
  const test = y.slice(y.length - holdOut);
  const m = fitHoltWinters(train, season);
  const f = forecastHoltWinters(m, holdOut);
  const naive = seasonalNaive(train, season, holdOut);
  return {
    trainPoints: train.length,
    testPoints: test.length,
    mape: mape(test, f),
    smape: smape(test, f),
    naiveMape: mape(test, naive),
    naiveSmape: smape(test, naive),
    params: { alpha: m.alpha, beta: m.beta, gamma: m.gamma },
  };
}
