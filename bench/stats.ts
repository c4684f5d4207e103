/** Timing, percentiles, a seeded random source and a bounded concurrent runner for the benchmarks. */

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Nearest-rank percentiles of latencies in milliseconds, rounded to microseconds. */
export function latencyStats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return { count: sorted.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(sorted[sorted.length - 1] ?? NaN), mean: r(mean) };
}

/** mulberry32: a small seeded generator, so runs draw the same points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(items: readonly T[], random: () => number): T {
  if (!items.length) throw new Error('nothing to pick from');
  return items[Math.floor(random() * items.length)] as T;
}

export interface RunResult {
  seconds: number;
  perSecond: number;
  latency: LatencyStats;
  errors: number;
  firstError?: string;
}

/**
 * Runs `task(i)` for i in [0, count) with `concurrency` workers, timing each call. Stops starting
 * new calls once `deadline` (ms since the epoch) has passed, so a slow engine cannot run on forever.
 */
export async function runConcurrent(count: number, concurrency: number, task: (i: number) => Promise<void>, deadline = Infinity): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < count && Date.now() < deadline) {
      const i = next++;
      const start = process.hrtime.bigint();
      try {
        await task(i);
        latencies.push(msSince(start));
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const seconds = msSince(t0) / 1000;
  return { seconds, perSecond: latencies.length / seconds, latency: latencyStats(latencies), errors, firstError };
}
