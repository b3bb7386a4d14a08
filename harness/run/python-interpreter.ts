// The interpreter is resolved once per run, in the submission's folder (so pyenv honours its
// `.python-version`): its absolute path is what every scenario starts, skipping pyenv's shim
// (about 0.3 s a start), and its prefixes are what the sandbox lets the program read.
import { spawnSync } from 'node:child_process';

export interface Interpreter {
  /** What to run: the absolute executable, or the name as given when it could not be resolved. */
  executable: string;
  /** Folders the interpreter needs (prefix, base prefix, the executable's real folder). */
  paths: string[];
  /** Why resolving failed (the program's start will then report the real error). */
  problem?: string;
}

const PROBE = 'import sys, os, json; print(json.dumps([sys.executable, os.path.realpath(sys.executable), sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]))';

export function resolvePython(python: string, cwd: string): Interpreter {
  const r = spawnSync(python, ['-S', '-c', PROBE], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, PYTHONPATH: '' } });
  if (r.status !== 0 || !r.stdout) {
    return { executable: python, paths: [], problem: (r.error?.message ?? r.stderr ?? '').trim() || `exit ${r.status}` };
  }
  try {
    const [executable, real, ...prefixes] = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
    if (!executable) return { executable: python, paths: [], problem: 'the interpreter did not say where it is' };
    const realDir = real ? real.replace(/\/[^/]+$/, '') : '';
    return { executable, paths: [...new Set([...prefixes, realDir].filter(Boolean))] };
  } catch (err) {
    return { executable: python, paths: [], problem: (err as Error).message };
  }
}
