// e2e setup file: a test that timed out leaves no labcheck (and so no student program) running.
import { afterAll } from 'vitest';
import { stopAllLabcheckRuns } from './labcheck-runs.js';

afterAll(stopAllLabcheckRuns);
