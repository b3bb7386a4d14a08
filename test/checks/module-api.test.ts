import { describe, expect, test } from 'vitest';
import { apiSteps, moduleApi } from '../../harness/checks/module-api.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const line = (step: string, ok: boolean, value: string | null = null, error: string | null = null) => `LABCHECK-API ${JSON.stringify({ step, ok, value, error })}\n`;
const driver = (...out: string[]) => evidence().program('program', (p) => { for (const o of out) p.stdout(o); }).build();
const STEPS = {
  construct: 'TCPServer(2500) creates the server and listens',
  accept: 'accept() returns (socket, address)',
  receive: "receive() returns the text the client sent ('hello')",
};
const run = (e: Evidence, steps: Record<string, string> = STEPS) => moduleApi.run(e, moduleApi.args.parse({ steps }));

describe('apiSteps', () => {
  test('reads the driver lines, ignoring the module’s own output and lines of the wrong shape', () => {
    const out = ['server started\n', line('construct', true, 'None'), 'LABCHECK-API {"step":"x"}\n', line('accept', false, null, 'TimeoutError: timed out')].join('');
    expect(apiSteps(out)).toEqual([
      { step: 'construct', ok: true, value: 'None', error: null },
      { step: 'accept', ok: false, value: null, error: 'TimeoutError: timed out' },
    ]);
  });
});

describe('module-api', () => {
  test('passes when every step succeeded, listing what each returned', () => {
    const e = driver(line('construct', true, 'None'), 'Connected by 127.0.0.1\n', line('accept', true, "(<socket>, ('127.0.0.1', 40000))"), line('receive', true, "'hello'"));
    expect(run(e)).toEqual({ passed: true, details: ['construct: None', "accept: (<socket>, ('127.0.0.1', 40000))", "receive: 'hello'"] });
  });

  test('a step that raised fails with the expectation and the exception', () => {
    const e = driver(line('construct', true, 'None'), line('accept', false, null, 'OSError: [Errno 22] Invalid argument'));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('accept: accept() returns (socket, address)');
    expect(v.actual).toBe('raised OSError: [Errno 22] Invalid argument');
  });

  test('a step that returned the wrong value fails with that value', () => {
    const e = driver(line('construct', true, 'None'), line('accept', true, '(s, a)'), line('receive', false, "b'hello'"));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe("receive: receive() returns the text the client sent ('hello')");
    expect(v.actual).toBe("returned b'hello'");
  });

  test('a constructor that returned but never called listen() fails construct with that reason', () => {
    const problem = `LABCHECK-API ${JSON.stringify({ step: 'construct', ok: false, value: '<TCPServer>', error: null, problem: 'listen() had not been called when TCPServer() returned' })}\n`;
    const v = run(driver(line('construct', true, '<TCPServer>'), problem, line('accept', true, '(s, a)'), line('receive', true, "'hello'")));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('construct: TCPServer(2500) creates the server and listens');
    expect(v.actual).toBe('listen() had not been called when TCPServer() returned');
  });

  test('a step never reached fails', () => {
    const v = run(driver(line('construct', true, 'None')));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('accept: accept() returns (socket, address)');
    expect(v.actual).toBe('the step was never reached (an earlier step blocked or crashed)');
  });

  test('steps are judged in the order the scenario lists them', () => {
    const e = driver(line('construct', false, null, 'OSError: [Errno 98] Address already in use'), line('accept', false, null, 'OSError'));
    expect(run(e).expected).toBe('construct: TCPServer(2500) creates the server and listens');
  });

  test('a driver that printed nothing, or never ran, fails', () => {
    expect(run(driver()).actual).toContain('never reached');
    expect(run(evidence().build())).toEqual({ passed: false, expected: 'the driver to run', actual: 'it was never started' });
  });

  test('arguments: steps (names to expectations) are required; unknown keys rejected', () => {
    expect(moduleApi.args.parse({ steps: { a: 'b' } })).toEqual({ program: 'program', steps: { a: 'b' } });
    expect(moduleApi.args.safeParse({}).success).toBe(false);
    expect(moduleApi.args.safeParse({ steps: { a: 1 } }).success).toBe(false);
    expect(moduleApi.args.safeParse({ steps: ['a'] }).success).toBe(false);
    expect(moduleApi.args.safeParse({ steps: {}, driver: 'x.py' }).success).toBe(false);
  });
});

describe('module-api robustness', () => {
  test('a cut or interleaved LABCHECK-API line is skipped, not a crash of the check', async () => {
    const { moduleApi } = await import('../../harness/checks/module-api.js');
    const { evidence } = await import('./evidence-builder.js');
    const e = evidence()
      .program('program', (p) => p.stdout('LABCHECK-API {"step": "construct", "ok": true, "value": "x", "error": null}\nLABCHECK-API {"step": "acc'))
      .build();
    expect(moduleApi.run(e, moduleApi.args.parse({ steps: { construct: 'constructs' } })).passed).toBe(true);
    const v = moduleApi.run(e, moduleApi.args.parse({ steps: { accept: 'accepts' } }));
    expect(v.passed).toBe(false);
    expect(v.actual).toMatch(/never reached/);
  });

  test('at least one step must be named', async () => {
    const { moduleApi } = await import('../../harness/checks/module-api.js');
    expect(moduleApi.args.safeParse({ steps: {} }).success).toBe(false);
  });
});
