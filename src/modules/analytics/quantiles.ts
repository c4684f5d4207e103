import { BIN_RATIO } from './rollup.ts';

/**
 * Quantiles from the rollups' duration histograms. Bin b holds durations d with
 * floor(ln(max(d, 1)) / ln(1.1)) = b, i.e. [1.1^b, 1.1^(b+1)) seconds (bin 0 also holds 0–1 s). A
 * quantile is reported as its bin's geometric middle, 1.1^(b+½): at most 4.9 % from the exact
 * nearest-rank value (and at most 1.05 s for durations under 1.1 s).
 */

/** The bin a duration in seconds falls in (the same rule as the SQL of the rollup). */
export function binOf(seconds: number): number {
  return Math.floor(Math.log(Math.max(seconds, 1)) / Math.log(BIN_RATIO));
}

/** The value reported for a bin: its geometric middle, in seconds. */
export function binValue(bin: number): number {
  return Math.pow(BIN_RATIO, bin + 0.5);
}

/**
 * The q-quantile (0 < q ≤ 1, nearest rank: the smallest value with at least ⌈q·N⌉ values at or
 * below it) of a histogram given as bin → count; null when it is empty.
 */
export function quantileFromBins(bins: ReadonlyMap<number, number>, q: number): number | null {
  let total = 0;
  for (const n of bins.values()) total += n;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const bin of [...bins.keys()].sort((a, b) => a - b)) {
    seen += bins.get(bin) ?? 0;
    if (seen >= rank) return binValue(bin);
  }
  return null;
}

/** The exact nearest-rank q-quantile of a list of values (for tests and small samples). */
export function exactQuantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? null;
}
