/**
 * Erlang C staffing: pure functions for an M/M/N queue (calls arrive at random, handle times are
 * exponential, callers wait rather than hang up). Written by hand: the formulas are a few lines,
 * and no well-kept npm package provides them (docs/metrics.md, "Staffing").
 */

/** Traffic intensity in Erlangs: calls per interval × average handle time ÷ interval length. */
export function trafficIntensity(calls: number, averageHandleSeconds: number, intervalSeconds: number): number {
  if (!(intervalSeconds > 0)) throw new RangeError('intervalSeconds must be more than 0');
  if (calls < 0 || averageHandleSeconds < 0) throw new RangeError('calls and handle time must not be negative');
  return (calls * averageHandleSeconds) / intervalSeconds;
}

/** Erlang B (probability a call is blocked with N lines), by the numerically stable recursion. */
export function erlangB(agents: number, erlangs: number): number {
  if (!Number.isInteger(agents) || agents < 0) throw new RangeError('agents must be a whole number ≥ 0');
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return b;
}

/**
 * Erlang C: the probability that a call has to wait, with N agents and A Erlangs of traffic.
 * 1 when N ≤ A (the queue grows without end).
 */
export function probabilityOfWaiting(agents: number, erlangs: number): number {
  if (erlangs <= 0) return 0;
  if (agents <= erlangs) return 1;
  const b = erlangB(agents, erlangs);
  return (agents * b) / (agents - erlangs * (1 - b));
}

/** Share of calls answered within `targetSeconds`: 1 − C · e^(−(N − A) · T / AHT). */
export function serviceLevel(agents: number, erlangs: number, averageHandleSeconds: number, targetSeconds: number): number {
  if (erlangs <= 0) return 1;
  if (agents <= erlangs) return 0;
  return 1 - probabilityOfWaiting(agents, erlangs) * Math.exp((-(agents - erlangs) * targetSeconds) / averageHandleSeconds);
}

/** Average speed of answer in seconds: C · AHT ÷ (N − A). */
export function averageSpeedOfAnswer(agents: number, erlangs: number, averageHandleSeconds: number): number {
  if (agents <= erlangs) return Infinity;
  return (probabilityOfWaiting(agents, erlangs) * averageHandleSeconds) / (agents - erlangs);
}

export interface StaffingNeed {
  erlangs: number;
  /** Agents on the phones needed for the target. */
  agents: number;
  /** Agents to schedule: agents ÷ (1 − shrinkage), rounded up. */
  scheduled: number;
  serviceLevel: number;
  probabilityOfWaiting: number;
  averageSpeedOfAnswer: number;
}

/**
 * The fewest agents that answer `targetShare` of calls within `targetSeconds` (default: 90 % in
 * 25 s, the 311 program's goal), and how many to schedule once shrinkage (breaks, training,
 * absence: the share of paid time not on the phones) is allowed for.
 */
export function agentsNeeded(input: { calls: number; averageHandleSeconds: number; intervalSeconds: number; targetShare?: number; targetSeconds?: number; shrinkage?: number }): StaffingNeed {
  const { calls, averageHandleSeconds, intervalSeconds, targetShare = 0.9, targetSeconds = 25, shrinkage = 0 } = input;
  if (!(targetShare > 0 && targetShare < 1)) throw new RangeError('targetShare must be between 0 and 1');
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError('shrinkage must be at least 0 and below 1');
  const a = trafficIntensity(calls, averageHandleSeconds, intervalSeconds);
  if (a === 0) return { erlangs: 0, agents: 0, scheduled: 0, serviceLevel: 1, probabilityOfWaiting: 0, averageSpeedOfAnswer: 0 };
  let n = Math.max(1, Math.floor(a) + 1);
  while (serviceLevel(n, a, averageHandleSeconds, targetSeconds) < targetShare) n++;
  return {
    erlangs: a,
    agents: n,
    scheduled: Math.ceil(n / (1 - shrinkage) - 1e-9),
    serviceLevel: serviceLevel(n, a, averageHandleSeconds, targetSeconds),
    probabilityOfWaiting: probabilityOfWaiting(n, a),
    averageSpeedOfAnswer: averageSpeedOfAnswer(n, a, averageHandleSeconds),
  };
}
