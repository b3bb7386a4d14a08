// The probabilistic bounds of scenarios/arq-udp.yaml and arq-nak-udp.yaml, recomputed from the
// numbers the scenario files use: a correct server must fail less than once in 10,000 runs.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../../harness/scenario/catalog.js';

const catalog = loadCatalog();
const scenario = (lab: string, role: string, name: string) => catalog.scenarios(lab, role).find((s) => s.name === name)!.spec;
const stepArgs = (spec: ReturnType<typeof scenario>, kind: string) => (spec.steps.find((s) => kind in s) as Record<string, any>)[kind];
const checkArgs = (spec: ReturnType<typeof scenario>, name: string) => spec.checks.find((c) => name in c)![name] as Record<string, any>;

/** ln of n choose k. */
function lnChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** P(X < lo or X > hi) for X ~ Binomial(n, p). */
export function binomialOutside(n: number, p: number, lo: number, hi: number): number {
  let inside = 0;
  for (let k = lo; k <= hi; k++) inside += Math.exp(lnChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
  return 1 - inside;
}

describe('arq bounds', () => {
  test('loss-rate: a correct 30 % server fails with probability about 1.05e-5 (< 1e-4), as the scenario file says', () => {
    const spec = scenario('arq-udp', 'server', 'loss-rate');
    const n = stepArgs(spec, 'send-numbered').count as number;
    const { messages, share, within } = checkArgs(spec, 'loss-rate');
    expect(messages).toBe(n);
    const lo = Math.ceil(n * (share - within) - 1e-9);
    const hi = Math.floor(n * (share + within) + 1e-9);
    const p = binomialOutside(n, share, lo, hi);
    expect(p).toBeLessThan(1e-4);
    expect(readFileSync('scenarios/arq-udp.yaml', 'utf8')).toContain(`probability ${p.toExponential(2)}`);
  });

  test('ack: a correct 30 % server leaves a socket without any ACK with probability < 1e-4', () => {
    const spec = scenario('arq-udp', 'server', 'ack');
    const { count, sockets } = stepArgs(spec, 'send-numbered');
    expect(sockets.length * Math.pow(0.3, count / sockets.length)).toBeLessThan(1e-4);
  });

  test('nak: a correct server with a 10 % or 30 % error rate never NAKs (or never ACKs) with probability < 1e-4', () => {
    const n = stepArgs(scenario('arq-nak-udp', 'server', 'nak'), 'send-numbered').count as number;
    for (const rate of [0.1, 0.3]) expect(Math.pow(1 - rate, n) + Math.pow(rate, n)).toBeLessThan(1e-4);
  });

  test('the binomial helper agrees with a hand computation', () => {
    // Binomial(4, 0.5): P(X = 0) + P(X = 4) = 2/16
    expect(binomialOutside(4, 0.5, 1, 3)).toBeCloseTo(0.125, 12);
  });
});
