// A scenario job: everything a worker needs to run one scenario, as plain JSON
// (it crosses the process boundary into the worker's network namespace).
import type { LabNetwork, ScenarioSpec } from '../scenario/schema.js';
import type { SandboxPlan } from '../sandbox/sandbox-plan.js';
import type { Limits } from '../sandbox/limits.js';

export type Isolation = 'netns' | 'remap';

export interface ScenarioJob {
  scenarioId: string;
  spec: ScenarioSpec;
  /** The lab's hard-coded ports by name. */
  ports: Record<string, number>;
  /** The network the lab needs beyond loopback (set up by the worker in its namespace). */
  network?: LabNetwork;
  /** Absolute path of the entry file; its folder is the submission. */
  entry: string;
  /** The command that runs the entry, `{entry}` standing for the entry's file name. */
  command: string[];
  /** --cmd: a command line run by the shell instead of `command` (`{entry}` as above). */
  shellLine?: string;
  /** A program the harness made from the entry (a notebook's code cells): written into the scratch
   *  copy under `name` and run instead of the entry. */
  program?: { name: string; source: string };
  /** Absolute path of a Python driver to run instead, with the entry as its argument. */
  driver?: string;
  programArgs: string[];
  /** Interpreter for .py entries and drivers. */
  python: string;
  seed: number;
  isolation: Isolation;
  timeoutScale: number;
  /** Put in every program's environment; the parent kills whatever carries it when it must. */
  token: string;
  /** How programs are contained (decided once per labcheck run). */
  sandbox: SandboxPlan;
  /** The scenario's resource limits (defaults raised or lowered by the scenario). */
  limits: Limits;
  /** Set by the worker pool: the folder made for this run (scratch folders go inside), which the
   *  parent removes when the worker is done or dead, and the uid its programs run as. */
  workDir?: string;
  uid?: number;
}
