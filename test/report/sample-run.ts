// Sample RunResults for the reporter tests.

import type { CheckOutcome, RunResult, ScenarioResult } from '../../harness/model/result.js';
import { formatBytes } from '../../harness/report/console.js';

export const SEED = 81723;

/** A scenario of echo:server with sensible defaults; `over` replaces fields. */
export function scenario(name: string, over: Partial<ScenarioResult> = {}): ScenarioResult {
  const lab = over.lab ?? 'echo';
  const role = over.role ?? 'server';
  return {
    id: `${lab}:${role}/${name}`,
    lab,
    role,
    scenario: name,
    description: `the ${name} scenario`,
    strict: false,
    status: 'passed',
    message: 'all checks passed',
    durationMs: 50,
    seed: SEED,
    rerun: `labcheck test ${lab}:${role} TCP_echoserver.py --only ${name} --seed ${SEED}`,
    checks: [],
    programSummary: 'accepted 1 connection, sent 5 bytes, printed 2 lines',
    stdout: '',
    stderr: '',
    transcript: '',
    socketCalls: '',
    ...over,
  };
}

export const echoBytesCheck: CheckOutcome = {
  check: 'echo-exact',
  passed: false,
  requirement: 'every message comes back exactly, in order',
  expected: formatBytes(Buffer.from('hello')),
  actual: formatBytes(Buffer.from('HELLO')),
};

/** echo:server with one scenario of each status (failed, passed, error, skipped). */
export function sampleRun(over: Partial<RunResult> = {}): RunResult {
  return {
    lab: 'echo',
    role: 'server',
    entry: 'TCP_echoserver.py',
    seed: SEED,
    isolation: 'netns',
    command: `labcheck test echo:server TCP_echoserver.py --seed ${SEED}`,
    startedAt: '2025-03-04T05:06:07.000Z',
    durationMs: 1300,
    scenarios: [
      scenario('echo-bytes', {
        status: 'failed',
        message: 'message 1 came back different',
        durationMs: 210,
        description: 'ASCII, Korean, 1-byte and 1000-byte messages come back exactly, in order',
        checks: [
          { check: 'connects', passed: true, requirement: 'the server accepts a connection' },
          echoBytesCheck,
        ],
        stdout: 'Server started\nreceived: hello\n',
        stderr: '',
        transcript: '→ 5 B  "hello"            68 65 6c 6c 6f\n← 5 B  "HELLO"            48 45 4c 4c 4f\n',
        socketCalls: 'bind 0.0.0.0:5000\nlisten 1\naccept 127.0.0.1:40000\n',
      }),
      scenario('graceful-close', {
        durationMs: 50,
        checks: [
          { check: 'closes', passed: true, requirement: 'after the client closes, the server closes its side' },
          { check: 'no-traceback', passed: true, requirement: 'no traceback on stderr' },
        ],
        stdout: 'Server started\n',
      }),
      scenario('abrupt-reset', {
        status: 'error',
        message: 'the program exited before listening (exit code 1)',
        durationMs: 1000,
        programSummary: 'exited with code 1 before listening',
        stderr: [
          'Traceback (most recent call last):',
          '  File "TCP_echoserver.py", line 3, in <module>',
          '    s.bind(("", 5000))',
          'OSError: [Errno 98] Address already in use',
          '',
        ].join('\n'),
      }),
      scenario('split-message', {
        strict: true,
        status: 'skipped',
        message: 'not applicable to this entry',
        durationMs: 0,
        programSummary: '',
      }),
    ],
    ...over,
  };
}
