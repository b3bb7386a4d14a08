// Two suites: `unit` (pure: checks on synthetic evidence, reporters, schemas, codecs; nothing
// spawns labcheck) runs first, then `e2e` (anything that runs labcheck or a student program).
// A test file is e2e unless it is listed as unit, so a new file never runs uncapped by mistake.
import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { testTimeoutMs } from './test/support/time-limits.js';

const UNIT = ['test/checks/**/*.test.ts', 'test/report/**/*.test.ts', 'test/formats/**/*.test.ts', 'test/sandbox/**/*.test.ts', 'test/program/**/*.test.ts', 'test/evidence/**/*.test.ts', 'test/judge/**/*.test.ts', 'test/fs/**/*.test.ts', 'test/engine/**/*.test.ts', 'test/scenario-catalog.test.ts', 'test/catalog-cache.test.ts', 'test/scratch-folder.test.ts', 'test/timeout-scale.test.ts', 'test/faults/**/*.test.ts', 'test/grade/**/*.test.ts', 'test/check/**/*.test.ts', 'test/run/**/*.test.ts'];
UNIT.push('test/reference/**/*.test.ts'); // pure tests of reference peers' logic
UNIT.push('test/net/**/*.test.ts'); // pure parsers of kernel tables

// Each labcheck run keeps about one core busy (the harness, its scenario worker, the program),
// so at most one run per core at once: one e2e file at a time, `cores` concurrent tests in it.
const cores = os.availableParallelism();

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: UNIT, sequence: { groupOrder: 0 }, testTimeout: testTimeoutMs } },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: UNIT,
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
          maxConcurrency: cores,
          testTimeout: testTimeoutMs,
          hookTimeout: testTimeoutMs,
          setupFiles: ['test/support/stop-runs.ts'],
        },
      },
    ],
  },
});
