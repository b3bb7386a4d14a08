// Report plug-ins the CLI runs after the scenarios: each one writes its own file from the runs.

import type { RunResult } from '../model/result.js';
import { writeJson } from './json.js';
import { writeJunit } from './junit.js';

export interface Reporter {
  name: string;
  write(runs: RunResult[]): Promise<void>;
}

/** JUnit XML: one <testsuite> per run, all in one file. */
export function junitReporter(file: string): Reporter {
  return {
    name: 'junit',
    write: (runs) => writeJunit(file, runs),
  };
}

/** JSON: the run's object for one run, an array of run objects for several (or none). */
export function jsonReporter(file: string): Reporter {
  return {
    name: 'json',
    write: (runs) => writeJson(file, runs.length === 1 ? runs[0]! : runs),
  };
}
