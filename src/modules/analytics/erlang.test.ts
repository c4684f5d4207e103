import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentsNeeded, averageSpeedOfAnswer, erlangB, probabilityOfWaiting, serviceLevel, trafficIntensity } from './erlang.ts';

const close = (actual: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

test('Call Centre Helper\'s worked example ("Erlang C Formula – Made Simple With an Easy Worked Example")', () => {
  // Published there: 360 calls in 30 minutes, average handle time 240 s, target 80 % answered in
  // 20 s. Traffic intensity 48 Erlangs; with 55 agents the probability of waiting is 0.2387 (23.87 %),
  // the service level 86.68 %, the average speed of answer 8.2 s; with 30 % shrinkage the example
  // schedules the agents needed ÷ 0.7, rounded up.
  const a = trafficIntensity(360, 240, 1800);
  assert.equal(a, 48);
  close(probabilityOfWaiting(55, a), 0.2387, 0.00005, 'P(wait) with 55 agents');
  close(serviceLevel(55, a, 240, 20), 0.8668, 0.00005, 'service level with 55 agents');
  close(averageSpeedOfAnswer(55, a, 240), 8.2, 0.05, 'ASA with 55 agents');
  const need = agentsNeeded({ calls: 360, averageHandleSeconds: 240, intervalSeconds: 1800, targetShare: 0.8, targetSeconds: 20, shrinkage: 0.3 });
  // 54 agents give 81.7 % (the first count at or above 80 %), 53 give 75.2 %.
  assert.equal(need.agents, 54);
  close(serviceLevel(53, a, 240, 20), 0.7518, 0.00005, 'service level with 53 agents');
  assert.equal(need.scheduled, Math.ceil(54 / 0.7));
});

test('closed forms of small queues and the Erlang B table', () => {
  // M/M/1: P(wait) = ρ. M/M/2 with A = 1 Erlang (ρ = ½): P(wait) = 2ρ² / (1 + ρ) = 1/3.
  close(probabilityOfWaiting(1, 0.5), 0.5, 1e-12, 'M/M/1');
  close(probabilityOfWaiting(2, 1), 1 / 3, 1e-12, 'M/M/2');
  // M/M/1 service level: 1 − ρ e^(−(1−ρ) T / AHT).
  close(serviceLevel(1, 0.5, 100, 50), 1 - 0.5 * Math.exp(-0.25), 1e-12, 'M/M/1 service level');
  // Erlang B tables (e.g. Wikipedia's "Erlang (unit)"): 5 Erlangs on 10 lines block 1.84 % of calls.
  close(erlangB(10, 5), 0.01838, 0.00001, 'Erlang B(10, 5)');
  // The direct factorial form of Erlang C agrees with the recursion.
  const direct = (n: number, a: number) => {
    let sum = 0;
    let term = 1;
    for (let k = 0; k < n; k++) {
      sum += term;
      term *= a / (k + 1);
    }
    const top = term * (n / (n - a));
    return top / (sum + top);
  };
  for (const [n, a] of [[3, 2], [12, 9.5], [30, 27.2]] as const) close(probabilityOfWaiting(n, a), direct(n, a), 1e-9, `C(${n}, ${a})`);
});

test('edges: no traffic, too little staff, bad input', () => {
  assert.deepEqual(agentsNeeded({ calls: 0, averageHandleSeconds: 300, intervalSeconds: 3600 }).agents, 0);
  assert.equal(probabilityOfWaiting(4, 4), 1);
  assert.equal(serviceLevel(4, 5, 300, 25), 0);
  assert.equal(averageSpeedOfAnswer(4, 5, 300), Infinity);
  assert.throws(() => trafficIntensity(10, 300, 0), RangeError);
  assert.throws(() => agentsNeeded({ calls: 10, averageHandleSeconds: 300, intervalSeconds: 3600, shrinkage: 1 }), RangeError);
  // 311's goal by default: 90 % within 25 s. More calls never need fewer agents.
  let previous = 0;
  for (const calls of [10, 50, 100, 200, 400]) {
    const n = agentsNeeded({ calls, averageHandleSeconds: 300, intervalSeconds: 3600 });
    assert.ok(n.serviceLevel >= 0.9 && n.agents >= previous, `${calls} calls: ${n.agents} agents`);
    assert.ok(serviceLevel(n.agents - 1, n.erlangs, 300, 25) < 0.9, 'one agent fewer would miss the goal');
    previous = n.agents;
  }
});
