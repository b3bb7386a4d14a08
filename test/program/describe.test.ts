// The words a verdict uses for how a program ended and what it last complained about.
import { expect, test } from 'vitest';
import { describeExit, lastErrorLine, stderrTail } from '../../harness/program/describe.js';
import { evidence } from '../checks/evidence-builder.js';

const limits = { cpuSeconds: 3, memoryMiB: 2048, fileSizeMiB: 256, processes: 64, openFiles: 512, outputMiB: 16 };

function program(fill: Parameters<ReturnType<typeof evidence>['program']>[1], sandbox = true) {
  const p = evidence().program('program', fill).build().programs.program!;
  if (sandbox) p.sandbox = { mode: 'bwrap', uid: 2_000_001, limits };
  return p;
}

test('a limit that ran out is named with its value', () => {
  expect(describeExit(program((p) => p.exit(null, 'SIGXCPU')))).toBe('killed by SIGXCPU (its CPU time limit of 3 s ran out)');
  expect(describeExit(program((p) => p.exit(null, 'SIGXFSZ')))).toBe('killed by SIGXFSZ (it wrote past the file size limit of 256 MiB)');
  expect(describeExit(program((p) => p.exit(null, 'SIGXCPU'), false))).toBe('killed by SIGXCPU (its CPU time limit ran out)');
});

test('the last line of a traceback is quoted, cut to 300 characters', () => {
  const p = program((b) => b.stderr(`Traceback (most recent call last):\n  File "x.py", line 1\nValueError: ${'z'.repeat(5000)}\n`).exit(1));
  expect(lastErrorLine(p)).toMatch(/^ValueError: z+…$/);
  expect(lastErrorLine(p)!.length).toBe(301);
  expect(stderrTail(program((b) => b.stderr('Traceback (most recent call last):\n  File "x.py"\nMemoryError\n').exit(1)))).toBe(': MemoryError');
});
