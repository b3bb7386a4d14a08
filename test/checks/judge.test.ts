import { describe, expect, test } from 'vitest';
import { judge, runChecks, startupFailure } from '../../harness/judge/judge.js';
import type { Evidence } from '../../harness/model/evidence.js';
import type { ScenarioEntry } from '../../harness/scenario/catalog.js';
import { ScenarioSpec } from '../../harness/scenario/schema.js';
import { evidence } from './evidence-builder.js';

const SYNTAX_ERROR = ['  File "/tmp/x/server.py", line 3', '    print "hi"', '    ^^^^^^^^^^', 'SyntaxError: Missing parentheses in call to \'print\'', ''].join('\n');
const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/tmp/x/server.py", line 1, in <module>',
  '    import sockett',
  "ModuleNotFoundError: No module named 'sockett'",
  '',
].join('\n');

function entry(checks: Record<string, unknown>[], name = 'graceful-close'): ScenarioEntry {
  const spec = ScenarioSpec.parse({
    description: 'after the client closes, the server closes its side with no traceback',
    requirement: 'after the client closes, the server closes its side with no traceback',
    steps: [{ start: { ready: 'tcp-listening' } }, { connect: { conn: 'c1' } }],
    checks,
  });
  return { id: `echo:server/${name}`, lab: 'echo', role: 'server', name, spec };
}

const GRACEFUL = [{ 'closes-connection': { conn: 'c1', after: 'harness-close' } }, { 'no-traceback': {} }];

/** A server that echoed 'bye' on c1 and then closed (or not) when the harness did. */
const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

function served(opts: { closes?: boolean; stderr?: string } = {}): Evidence {
  return evidence()
    .step('start program', 'ok')
    .program('program', (p) => p.socketCall({ call: 'bind', addr: '0.0.0.0:2500' }).socketCall({ call: 'listen' }).socketCall({ call: 'accept', fd: 4 }))
    .conn('c1', (c) => c.sent('bye').received('bye').harnessClosed())
    .conn('c1', (c) => (opts.closes === false ? c : c.programClosed()))
    .program('program', (p) => (opts.stderr ? p.stderr(opts.stderr).socketCall({ call: 'exception', fd: -1, kind: 'other', error: lastLine(opts.stderr) }) : p))
    .step('receive {"conn":"c1","until":"close"}', ...((opts.closes === false ? ['timeout', 'the program did not close the connection within 5.0 s'] : ['ok']) as ['timeout', string]))
    .program('program', (p) => p.stoppedByHarness())
    .build();
}

describe('startupFailure', () => {
  test('a traced program that exited with code 1 before bind/connect/listen/sendto is an error naming the last traceback line', () => {
    const e = evidence().program('program', (p) => p.stderr(TRACEBACK).exit(1)).build();
    expect(startupFailure(e)).toBe("the program ended (exit code 1) before it used the network: ModuleNotFoundError: No module named 'sockett'");
  });

  test('a syntax error (no "Traceback" header) is named by its last line', () => {
    const e = evidence().program('program', (p) => p.stderr(SYNTAX_ERROR).exit(1)).build();
    expect(startupFailure(e)).toBe("the program ended (exit code 1) before it used the network: SyntaxError: Missing parentheses in call to 'print'");
  });

  test('socket calls that do not reach the network (setsockopt, close) do not count as using it', () => {
    const e = evidence().program('program', (p) => p.socketCall({ call: 'setsockopt', detail: 'SO_REUSEADDR=1' }).socketCall({ call: 'close' }).exit(2)).build();
    expect(startupFailure(e)).toBe('the program ended (exit code 2) before it used the network');
  });

  test('a program killed by a signal before using the network is an error too', () => {
    const e = evidence().program('program', (p) => p.exit(null, 'SIGSEGV')).build();
    expect(startupFailure(e)).toBe('the program ended (killed by SIGSEGV) before it used the network');
  });

  test.each(['bind', 'connect', 'connect_ex', 'listen', 'sendto'])('a program that called %s is not a startup failure', (call) => {
    const e = evidence().program('program', (p) => p.socketCall({ call }).stderr(TRACEBACK).exit(1)).build();
    expect(startupFailure(e)).toBeUndefined();
  });

  test('an untraced server that served a driver connection, then crashed, is not a startup failure', () => {
    const e = evidence()
      .program('program', (p) => p.traced(false))
      .conn('c1', (c) => c.sent('hello').received('hello').harnessClosed().programClosed())
      .program('program', (p) => p.exit(1))
      .build();
    expect(startupFailure(e)).toBeUndefined();
  });

  test('an untraced program whose only connection attempt failed did not use the network', () => {
    const e = evidence().program('program', (p) => p.traced(false).exit(1)).build();
    e.connections.push({ name: 'c1', transport: 'tcp', owner: 'driver', events: [{ t: e.startedAt + 1, kind: 'connect-failed', detail: 'ECONNREFUSED' }], chunks: [] });
    expect(startupFailure(e)).toBe('the program ended (exit code 1) before it used the network');
  });

  test('a program stopped by the harness is not a startup failure', () => {
    const e = evidence().program('program', (p) => p.stoppedByHarness()).build();
    expect(startupFailure(e)).toBeUndefined();
  });

  test('a program that exited with 0, or is still running, is not a startup failure', () => {
    expect(startupFailure(evidence().program('program', (p) => p.exit(0)).build())).toBeUndefined();
    expect(startupFailure(evidence().program('program').build())).toBeUndefined();
  });

  test('a program that could not be spawned is an error with the reason', () => {
    const e = evidence().program('program', (p) => p.spawnError('spawn python3 ENOENT')).build();
    expect(startupFailure(e)).toBe('the program could not be started: spawn python3 ENOENT');
  });

  test('any of several programs can be the one that failed', () => {
    const e = evidence()
      .program('first', (p) => p.socketCall({ call: 'connect' }).exit(0))
      .program('second', (p) => p.stderr(TRACEBACK).exit(1))
      .build();
    expect(startupFailure(e)).toContain("ModuleNotFoundError: No module named 'sockett'");
  });

  test('an untraced client counts as having used the network when a reference peer saw it', () => {
    const used = evidence()
      .program('program', () => {}, { traced: false, command: ['./client'] })
      .peerConn('server', (c) => c.received('hello').programClosed())
      .program('program', (p) => p.exit(1))
      .build();
    expect(startupFailure(used)).toBeUndefined();
    const unused = evidence().program('program', (p) => p.stderr('error: no such host\n').exit(1), { traced: false, command: ['./client'] }).build();
    expect(startupFailure(unused)).toBe('the program ended (exit code 1) before it used the network: error: no such host');
  });
});

describe('runChecks', () => {
  test('runs each check with its defaults applied and states the requirement', () => {
    const outcomes = runChecks(entry(GRACEFUL), served());
    expect(outcomes).toEqual([
      { check: 'closes-connection', requirement: 'after the client closes, the program closes its side within 2.0 s', passed: true, details: ['closed (FIN) 10 ms after'] },
      { check: 'no-traceback', requirement: 'the program raises no unhandled exception', passed: true },
    ]);
  });

  test('null arguments are read as {}', () => {
    const e = entry([{ 'no-traceback': null }]);
    expect(runChecks(e, served({ stderr: TRACEBACK }))[0]).toMatchObject({ check: 'no-traceback', passed: false, actual: "unhandled exception: ModuleNotFoundError: No module named 'sockett'" });
  });

  test('a check that throws on malformed evidence becomes a failed outcome saying so', () => {
    const e = evidence().fact('c1.expectedReplies', 5).build();
    const [outcome] = runChecks(entry([{ replies: { conn: 'c1' } }]), e);
    expect(outcome?.passed).toBe(false);
    expect(outcome?.requirement).toBe('each request gets its expected reply');
    expect(outcome?.actual).toMatch(/^the check itself failed: /);
  });
});

describe('judge', () => {
  const RERUN = 'labcheck test echo:server TCP_echoserver.py --only graceful-close --seed 1';

  test('a run error is an error with that message, and no checks are run', () => {
    const e = served();
    e.runError = 'no free port for the program';
    const r = judge(entry(GRACEFUL), e, RERUN, 123);
    expect(r.status).toBe('error');
    expect(r.message).toBe('no free port for the program');
    expect(r.checks).toEqual([]);
  });

  test('a run error wins over a startup failure', () => {
    const e = evidence().program('program', (p) => p.stderr(TRACEBACK).exit(1)).runError('the sandbox could not be set up').build();
    expect(judge(entry(GRACEFUL), e, RERUN, 1).message).toBe('the sandbox could not be set up');
  });

  test('a startup failure is an error naming the last traceback line', () => {
    const e = evidence().program('program', (p) => p.stderr(TRACEBACK).exit(1)).build();
    const r = judge(entry(GRACEFUL), e, RERUN, 1);
    expect(r.status).toBe('error');
    expect(r.message).toContain('before it used the network');
    expect(r.message).toContain("ModuleNotFoundError: No module named 'sockett'");
    expect(r.checks).toEqual([]);
  });

  test('failed checks make it failed, the message naming the first failed requirement and what happened', () => {
    const r = judge(entry(GRACEFUL), served({ closes: false, stderr: TRACEBACK }), RERUN, 1);
    expect(r.status).toBe('failed');
    expect(r.message).toBe('after the client closes, the program closes its side within 2.0 s: the program kept it open');
    expect(r.checks[0]?.details?.[0]).toContain('the run stopped early');
    expect(r.checks.map((c) => [c.check, c.passed])).toEqual([
      ['closes-connection', false],
      ['no-traceback', false],
    ]);
  });

  test('a failure after a step timed out says where the run stopped', () => {
    const e = served({ closes: false });
    e.steps.push({ index: 3, label: 'receive c1 until close', t0: e.endedAt, t1: e.endedAt + 2000, outcome: 'timeout', note: 'the program did not close within 2.0 s' });
    const r = judge(entry(GRACEFUL), e, RERUN, 1);
    expect(r.status).toBe('failed');
    expect(r.checks[0]?.details).toContain('the run stopped early at step 2 (receive): the program did not close the connection within 5.0 s');
  });

  test('all checks passed makes it passed', () => {
    const r = judge(entry(GRACEFUL), served(), RERUN, 321);
    expect(r.status).toBe('passed');
    expect(r.message).toBe('2 checks passed');
    expect(r.checks.every((c) => c.passed)).toBe(true);
    expect(r).toMatchObject({ id: 'echo:server/graceful-close', lab: 'echo', role: 'server', scenario: 'graceful-close', durationMs: 321, seed: 1, rerun: RERUN, strict: false });
  });

  test('one check passed is "1 check passed"', () => {
    expect(judge(entry([{ 'no-traceback': {} }]), served(), RERUN, 1).message).toBe('1 check passed');
  });

  test('checks that pass only because the run stopped early do not make a pass', () => {
    const e = served();
    e.steps.push({ index: 1, label: 'exchange {"conn":"c1"}', t0: e.endedAt, t1: e.endedAt + 500, outcome: 'timeout', note: 'nothing happened within 0.5 s' });
    const r = judge(entry([{ 'no-traceback': {} }]), e, RERUN, 1);
    expect(r.status).toBe('failed');
    expect(r.message).toBe('the program does what each step of the scenario waits for: nothing happened within 0.5 s');
    expect(r.checks.at(-1)).toMatchObject({ check: 'run-completes', passed: false, expected: 'step 2 (exchange) to complete' });
  });

  test('the result carries the program’s output and the transcript', () => {
    const r = judge(entry(GRACEFUL), served({ stderr: 'client gone\n' }), RERUN, 1);
    expect(r.stderr).toBe('client gone\n');
    expect(r.transcript).toContain('c1 (tcp)');
    expect(r.transcript).toContain('"bye"');
    expect(r.programSummary).toContain('stopped by the harness');
  });
});

describe('--timeout-scale stretches the checks time limits too', () => {
  test('a close 2.5 s after the client fails withinMs 2000, and passes at scale 2', async () => {
    const { evidence } = await import('./evidence-builder.js');
    const build = () => evidence().conn('c1', (c) => c.sent('bye').received('bye').harnessClosed().wait(2500).programClosed()).program('program', (p) => p.stoppedByHarness()).build();
    const checks = [{ 'closes-connection': { conn: 'c1', after: 'harness-close', withinMs: 2000 } }];
    const normal = runChecks(entry(checks), build());
    expect(normal[0]!.passed).toBe(false);
    const slow = build();
    slow.timeoutScale = 2;
    const scaled = runChecks(entry(checks), slow);
    expect(scaled[0]!.passed).toBe(true);
    expect(scaled[0]!.requirement).toBe('after the client closes, the program closes its side within 4.0 s');
  });
});

describe('transcript', () => {
  test('a close that came when the harness stopped the program is marked as such', async () => {
    const { formatTranscript } = await import('../../harness/judge/transcript.js');
    const e = evidence()
      .conn('c1', (c) => c.received('Wed Feb  2 14:24:35 2022'))
      .step('receive {"conn":"c1","until":"close"}', 'timeout', 'the program did not close the connection within 5.0 s')
      .program('program', (p) => p.stoppedByHarness())
      .conn('c1', (c) => c.programClosed())
      .build();
    expect(formatTranscript(e)).toContain('program-closed (when the harness stopped the program)');
  });
});
