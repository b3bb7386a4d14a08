// A worker is reused for up to hundreds of scenarios; what piles up in its memory ends its reuse.
import { describe, expect, test } from 'vitest';
import { holdsTooMuchMemory, MAX_REUSED_RSS_BYTES } from '../../harness/engine/clean-namespace.js';

describe('a worker that holds too much memory is not reused', () => {
  test('under the limit it is reused; over it, the reason says how much it holds', () => {
    expect(holdsTooMuchMemory(110 * 2 ** 20)).toBeUndefined();
    expect(holdsTooMuchMemory(MAX_REUSED_RSS_BYTES)).toBeUndefined();
    expect(holdsTooMuchMemory(600 * 2 ** 20)).toBe('it holds 600 MiB of memory');
  });

  test('by default it measures the process itself', () => {
    expect(holdsTooMuchMemory()).toBeUndefined(); // a test process holds far less than 512 MiB
  });
});
