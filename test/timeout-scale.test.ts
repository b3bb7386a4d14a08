// The tests' time-limit scale reaches labcheck's --timeout-scale, program arguments untouched.
import { describe, expect, test } from 'vitest';
import { withTimeoutScale } from './support/time-limits.js';

describe('withTimeoutScale', () => {
  test('adds --timeout-scale when the run has none', () => {
    expect(withTimeoutScale(['--only', 'echo-bytes'], 3)).toEqual(['--only', 'echo-bytes', '--timeout-scale', '3']);
  });
  test('multiplies a run\'s own --timeout-scale', () => {
    expect(withTimeoutScale(['--timeout-scale', '0.5', '--seed', '1'], 4)).toEqual(['--timeout-scale', '2', '--seed', '1']);
  });
  test('never touches the program\'s arguments after --', () => {
    expect(withTimeoutScale(['--seed', '1', '--', '--timeout-scale', '7'], 2)).toEqual(['--seed', '1', '--timeout-scale', '2', '--', '--timeout-scale', '7']);
  });
  test('scale 1 changes nothing', () => {
    expect(withTimeoutScale(['--timeout-scale', '0.4'], 1)).toEqual(['--timeout-scale', '0.4']);
  });
});
