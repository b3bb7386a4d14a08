// Runs pickle_oracle.py once per batch. The system python3 is used when it has numpy (Debian's
// python3-numpy); otherwise python3 from PATH, and the ndarray tests are skipped.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ORACLE = fileURLToPath(new URL('./pickle_oracle.py', import.meta.url));
const SYSTEM_PYTHON = '/usr/bin/python3';

export const hasNumpy = spawnSync(SYSTEM_PYTHON, ['-c', 'import numpy']).status === 0;
export const NO_NUMPY_REASON = `skipped: ${SYSTEM_PYTHON} cannot import numpy (apt-get install python3-numpy)`;
const python = hasNumpy ? SYSTEM_PYTHON : 'python3';

export function runOracle<T>(mode: 'dump' | 'load' | 'run', items: unknown[]): T[] {
  const run = spawnSync(python, [ORACLE], { input: JSON.stringify({ mode, items }), maxBuffer: 1 << 30, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pickle_oracle.py ${mode} failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as T[];
}
