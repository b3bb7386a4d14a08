// `await-datagrams` ends a sender scenario: as soon as every receiver has every typed line, or once
// the program is done sending (it ended, or asked for a line beyond the script) plus a grace.
import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { awaitDatagrams, AwaitDatagramsStep } from '../../harness/engine/steps/await-datagrams-step.js';
import type { RunContext } from '../../harness/engine/context.js';
import { waitFor } from '../../harness/net/wait.js';

/** A stand-in for a reference receiver: datagrams arrive when the test says. */
function fakeReceiver() {
  const changes = new EventEmitter();
  const got: Buffer[] = [];
  return {
    ready: Promise.resolve(),
    done: Promise.resolve(),
    stop: async () => {},
    datagrams: () => got,
    waitUntil: (condition: (d: Buffer[]) => boolean, ms: number) => waitFor(changes, 'change', () => condition(got), ms),
    arrive(text: string) {
      got.push(Buffer.from(text, 'utf8'));
      changes.emit('change');
    },
  };
}

function fakeProgram() {
  const changes = new EventEmitter();
  const evidence = { inputs: [] as { t: number; prompt: string; answer: string | null }[] };
  return {
    changes,
    evidence,
    hasExited: false,
    get askedBeyondScript() {
      return evidence.inputs.some((read) => read.answer === null);
    },
    askedForMore() {
      evidence.inputs.push({ t: Date.now(), prompt: 'Broadcast Message: ', answer: null });
      changes.emit('change');
    },
  };
}

function context(r1: ReturnType<typeof fakeReceiver>, r2: ReturnType<typeof fakeReceiver>, program: ReturnType<typeof fakeProgram>): RunContext {
  return { peers: new Map([['r1', r1], ['r2', r2]]), programs: new Map([['program', program]]), ms: (base: number) => base } as unknown as RunContext;
}

const args = (extra: object = {}) => AwaitDatagramsStep.parse({ 'await-datagrams': { peers: ['r1', 'r2'], texts: ['hello', '안녕'], ...extra } })['await-datagrams'];

describe('await-datagrams', () => {
  test('ends as soon as both receivers have every line (whitespace around a line aside), extra datagrams or not', async () => {
    const [r1, r2, program] = [fakeReceiver(), fakeReceiver(), fakeProgram()];
    const t0 = Date.now();
    const waiting = awaitDatagrams(context(r1, r2, program), args());
    for (const r of [r1, r2]) {
      r.arrive('sender started');
      r.arrive('hello');
    }
    r1.arrive('안녕\n');
    r2.arrive('안녕');
    expect((await waiting).note).toBe('everything arrived (datagrams: r1 3, r2 3)');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  test('a sender done sending (it asked for another line) gets the grace, not the whole deadline', async () => {
    const [r1, r2, program] = [fakeReceiver(), fakeReceiver(), fakeProgram()];
    const t0 = Date.now();
    const waiting = awaitDatagrams(context(r1, r2, program), args({ graceMs: 200, timeoutMs: 5000 }));
    r2.arrive('hello');
    r2.arrive('안녕');
    program.askedForMore();
    const result = await waiting;
    expect(result).toEqual({ outcome: 'ok', note: 'not everything arrived (datagrams: r1 0, r2 2)' });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(190);
    expect(took).toBeLessThan(3000);
  });

  test('texts or count, not both', () => {
    expect(AwaitDatagramsStep.safeParse({ 'await-datagrams': { peers: ['r1'], texts: ['a'], count: 1 } }).success).toBe(false);
    expect(AwaitDatagramsStep.safeParse({ 'await-datagrams': { peers: ['r1'] } }).success).toBe(false);
    expect(AwaitDatagramsStep.safeParse({ 'await-datagrams': { peers: ['r1'], count: 2 } }).success).toBe(true);
  });
});
