/**
 * Forecasts of request and contact volumes: additive Holt-Winters (level, trend, one season —
 * weekly for daily series, daily for hourly ones), written by hand because it is some forty lines
 * and the npm packages that offer it are unmaintained or pull in a numerics stack the server does
 * not otherwise need (see docs/metrics.md). Parameters are fitted by grid search on the one-step
 * errors; accuracy is measured by holding the last part of the history out (backTest). Holidays
 * are a multiplicative factor learned from the history's own holidays (forecastWithHolidays).
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

// ---------------------------------------------------------------------------------------------
// Holidays. A holiday is a whole local day (the jurisdiction's calendar says which). In the history
// its points are replaced by what an ordinary day would have had (so they neither drag the level
// down nor bend the seasonal terms), and the ratio of what happened on them to that expectation is
// the holiday factor; a forecast point on a holiday is the ordinary forecast times that factor.

/** The holiday calendar of a series and of its forecast horizon, point by point. */
export interface HolidayInput {
  /** Whether each history point falls on a holiday. */
  history: readonly boolean[];
  /** Whether each forecast point falls on a holiday (may be shorter than the horizon: the rest are not). */
  ahead: readonly boolean[];
  /** An hourly series: each history point's hour of the day (0–23), so a holiday gets its own hourly profile. */
  historyHours?: readonly number[];
  /** An hourly series: each forecast point's hour of the day. */
  aheadHours?: readonly number[];
  /**
   * Distances (in points) to the ordinary points a holiday point is compared with, the first that
   * finds any winning: e.g. [7, 14] for days (the same weekday a week, then two weeks, either side),
   * [168, 24] for hours (the same hour a week away, else a day away).
   */
  lags: readonly number[];
  /** The factor used when the history holds no holiday with an ordinary day to compare with. */
  defaultFactor: number;
}

export interface HolidayEffect {
  /**
   * Holiday volume ÷ the volume ordinary days would have had, over every holiday in the history and
   * one more, at the default factor (so a single holiday moves it half way).
   */
  factor: number;
  /** The factor per hour of the day (24) for an hourly series, else one value (= factor). */
  profile: number[];
  source: 'history' | 'default';
  /** Holiday days in the history that counted towards the factor. */
  days: number;
}

/** Pseudo-count that pulls an hour's factor towards the day's when that hour saw few requests. */
const HOUR_PRIOR = 5;
/** Upper bound of a learned factor (a holiday with more than three times the volume is a data problem). */
const MAX_FACTOR = 3;

/** For each holiday point, the mean of the ordinary points at the first lag that has any (else null). */
export function holidayExpectations(y: readonly number[], isHoliday: readonly boolean[], lags: readonly number[]): (number | null)[] {
  return y.map((_, t) => {
    if (!isHoliday[t]) return null;
    for (const lag of lags) {
      const near = [t - lag, t + lag].filter((i) => i >= 0 && i < y.length && !isHoliday[i]).map((i) => y[i] ?? 0);
      if (near.length) return mean(near);
    }
    return null;
  });
}

/** Learns the holiday factor (and hourly profile) from the history's holidays. */
export function learnHolidayEffect(y: readonly number[], h: HolidayInput): HolidayEffect {
  const expected = holidayExpectations(y, h.history, h.lags);
  const hourly = h.historyHours !== undefined;
  const slots = hourly ? 24 : 1;
  const actualBy = new Array<number>(slots).fill(0);
  const expectedBy = new Array<number>(slots).fill(0);
  const days = new Set<number>();
  expected.forEach((e, t) => {
    if (e === null) return;
    const slot = hourly ? (h.historyHours?.[t] ?? 0) : 0;
    actualBy[slot] = (actualBy[slot] ?? 0) + (y[t] ?? 0);
    expectedBy[slot] = (expectedBy[slot] ?? 0) + e;
    // Daily: a point is a day. Hourly: a day is a run of holiday points from its first hour.
    days.add(hourly ? t - (h.historyHours?.[t] ?? 0) : t);
  });
  const a = actualBy.reduce((x, z) => x + z, 0);
  const e = expectedBy.reduce((x, z) => x + z, 0);
  if (e <= 0) return { factor: h.defaultFactor, profile: new Array<number>(slots).fill(h.defaultFactor), source: 'default', days: 0 };
  // The default counts as one more holiday (of the average expectation): one or two holidays in a
  // short or thin history move the factor only part of the way from it.
  const perDay = e / Math.max(1, days.size);
  const factor = Math.min(MAX_FACTOR, (a + h.defaultFactor * perDay) / (e + perDay));
  // Hourly: each hour's own ratio, pulled towards the day's where the hour saw few, then scaled so
  // that the day as a whole gets the factor.
  const raw = a / e;
  const profile = hourly && raw > 0 ? actualBy.map((av, s) => Math.min(MAX_FACTOR, ((av + HOUR_PRIOR * raw) / ((expectedBy[s] ?? 0) + HOUR_PRIOR)) * (factor / raw))) : new Array<number>(slots).fill(factor);
  return { factor, profile, source: 'history', days: days.size };
}

/** The history with each holiday point replaced by its ordinary expectation (or divided by its factor). */
export function withoutHolidays(y: readonly number[], h: HolidayInput, effect: HolidayEffect): number[] {
  const expected = holidayExpectations(y, h.history, h.lags);
  return y.map((v, t) => {
    if (!h.history[t]) return v;
    const e = expected[t];
    if (e !== null && e !== undefined) return e;
    const f = effect.profile[h.historyHours?.[t] ?? 0] ?? effect.factor;
    return f > 0 ? v / f : v;
  });
}

export interface HolidayForecast {
  /** The forecast, holidays included. */
  forecast: number[];
  /** The same forecast as if no day ahead were a holiday. */
  ordinary: number[];
  effect: HolidayEffect;
  model: HoltWintersModel;
}

/** Fits Holt-Winters on the history with its holidays taken out, then applies the holiday factor ahead. */
export function forecastWithHolidays(y: readonly number[], season: number, horizon: number, h: HolidayInput): HolidayForecast {
  const effect = learnHolidayEffect(y, h);
  const model = fitHoltWinters(withoutHolidays(y, h, effect), season);
  const ordinary = forecastHoltWinters(model, horizon);
  const forecast = ordinary.map((v, i) => (h.ahead[i] ? v * (effect.profile[h.aheadHours?.[i] ?? 0] ?? effect.factor) : v));
  return { forecast, ordinary, effect, model };
}

/**
 * "A holiday is as quiet as the week's quietest day": the mean volume of the quietest weekday over
 * the mean of all seven (1 when the history does not hold every weekday twice). The default holiday
 * factor when the history holds no holiday.
 */
export function quietestDayFactor(dailyTotals: readonly number[], weekdays: readonly number[], holidays: readonly boolean[] = []): number {
  const by = new Map<number, number[]>();
  dailyTotals.forEach((v, i) => {
    const d = weekdays[i];
    if (d === undefined || holidays[i]) return;
    by.set(d, [...(by.get(d) ?? []), v]);
  });
  if (by.size < 7 || [...by.values()].some((vs) => vs.length < 2)) return 1;
  const means = [...by.values()].map(mean);
  const all = mean(means);
  return all > 0 ? Math.min(...means) / all : 1;
}

export interface HolidayBackTest extends BackTest {
  /** The errors of the same model fitted on the history as it was, holidays not modelled. */
  plainMape: number | null;
  plainSmape: number | null;
  effect: HolidayEffect;
  /** Holiday points in the held-out part. */
  holidayTestPoints: number;
}

/** backTest with the holiday effect, beside the same back-test without it. */
export function backTestWithHolidays(y: readonly number[], season: number, holdOut: number, h: HolidayInput): HolidayBackTest {
  const cut = y.length - holdOut;
  const train = y.slice(0, cut);
  const test = y.slice(cut);
  const trainInput: HolidayInput = {
    ...h,
    history: h.history.slice(0, cut),
    ahead: h.history.slice(cut),
    ...(h.historyHours ? { historyHours: h.historyHours.slice(0, cut), aheadHours: h.historyHours.slice(cut) } : {}),
  };
  const withEffect = forecastWithHolidays(train, season, holdOut, trainInput);
  const plain = backTest(y, season, holdOut);
  return {
    ...plain,
    mape: mape(test, withEffect.forecast),
    smape: smape(test, withEffect.forecast),
    params: { alpha: withEffect.model.alpha, beta: withEffect.model.beta, gamma: withEffect.model.gamma },
    plainMape: plain.mape,
    plainSmape: plain.smape,
    effect: withEffect.effect,
    holidayTestPoints: trainInput.ahead.filter(Boolean).length,
  };
}
