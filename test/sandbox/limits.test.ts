// Limits: defaults, raised or lowered by a scenario, and by LABCHECK_LIMITS for a whole run.
import { expect, test } from 'vitest';
import { DEFAULT_LIMITS, describeLimits, limitsFor, prlimitArgs } from '../../harness/sandbox/limits.js';

test('defaults without an override', () => {
  expect(limitsFor(undefined, {})).toEqual(DEFAULT_LIMITS);
  expect(DEFAULT_LIMITS).toEqual({ cpuSeconds: 30, memoryMiB: 2048, fileSizeMiB: 256, processes: 64, openFiles: 512, outputMiB: 16 });
});

test('a scenario changes only the limits it names', () => {
  expect(limitsFor({ fileSizeMiB: 1024, cpuSeconds: 5 }, {})).toEqual({ ...DEFAULT_LIMITS, fileSizeMiB: 1024, cpuSeconds: 5 });
});

test('LABCHECK_LIMITS wins over the scenario and the defaults', () => {
  const env = { LABCHECK_LIMITS: '{"cpuSeconds":3,"processes":16}' };
  expect(limitsFor({ cpuSeconds: 60, memoryMiB: 512 }, env)).toEqual({ ...DEFAULT_LIMITS, cpuSeconds: 3, processes: 16, memoryMiB: 512 });
});

test('a malformed LABCHECK_LIMITS is an error, never ignored', () => {
  expect(() => limitsFor(undefined, { LABCHECK_LIMITS: 'cpu=3' })).toThrow(/LABCHECK_LIMITS is not JSON/);
  expect(() => limitsFor(undefined, { LABCHECK_LIMITS: '{"cpu":3}' })).toThrow(/LABCHECK_LIMITS/);
  expect(() => limitsFor(undefined, { LABCHECK_LIMITS: '{"cpuSeconds":-1}' })).toThrow(/cpuSeconds/);
});

test('prlimit arguments: CPU soft limit below the hard one (SIGXCPU before SIGKILL), sizes in bytes', () => {
  const limits = { ...DEFAULT_LIMITS, cpuSeconds: 4 };
  expect(prlimitArgs(limits, true)).toEqual(['--cpu=4:6', `--data=${2048 * 2 ** 20}`, `--fsize=${256 * 2 ** 20}`, '--nofile=512', '--nproc=64']);
  expect(prlimitArgs(limits, false)).not.toContain('--nproc=64');
});

test('described in one line for the report', () => {
  expect(describeLimits(DEFAULT_LIMITS)).toBe('CPU 30 s, memory 2048 MiB, file size 256 MiB, 64 processes, 512 open files, output 16 MiB');
});
