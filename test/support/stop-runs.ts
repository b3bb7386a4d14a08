// e2e setup file: a test that timed out leaves no labcheck (and so no student program) running,
// and the file's temporary folders are removed.
import { afterAll } from 'vitest';
import { stopAllLabcheckRuns } from './labcheck-runs.js';
import { removeTempDirs } from './temp-dirs.js';

afterAll(async () => {
  await stopAllLabcheckRuns();
  await removeTempDirs();
});
