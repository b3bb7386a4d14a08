import { describe, expect, test } from 'vitest';
import { errorKind } from '../../harness/judge/error-kind.js';
import { evidence } from './evidence-builder.js';

const crashed = (lastLine: string) =>
  evidence()
    .program('program', (p) => p.stderr(`Traceback (most recent call last):\n  File "x.py", line 1\n${lastLine}\n`).exit(1))
    .step('start {"ready":"tcp-listening"}', 'error', 'the program ended before it would listen')
    .runError('the program ended before it would listen')
    .build();

describe('errorKind', () => {
  test('a file that never compiles is a syntax error (TabError and IndentationError too)', () => {
    expect(errorKind(crashed("SyntaxError: expected ':'"))).toBe('syntax-error');
    expect(errorKind(crashed('TabError: inconsistent use of tabs and spaces in indentation'))).toBe('syntax-error');
  });
  test('a missing module is an import error', () => {
    expect(errorKind(crashed("ModuleNotFoundError: No module named 'MyTcpServer'"))).toBe('import-error');
  });
  test('any other exception before serving is a crash at start', () => {
    expect(errorKind(crashed('OSError: [Errno 22] Invalid argument'))).toBe('crashed-at-start');
  });
  test('a program still running that never listened or bound says which', () => {
    const running = (ready: string) =>
      evidence().program('program', (p) => p.stoppedByHarness()).step(`start {"ready":"${ready}"}`, 'error', 'did not').runError('did not').build();
    expect(errorKind(running('tcp-listening'))).toBe('not-listening');
    expect(errorKind(running('udp-bound'))).toBe('not-bound');
  });
  test('a missing interpreter cannot start; anything else is the harness', () => {
    expect(errorKind(evidence().program('program', (p) => p.spawnError('ENOENT')).build())).toBe('cannot-start');
    expect(errorKind(evidence().runError('could not copy the submission folder').build())).toBe('harness');
  });
});
