// Finding an interpreter that has the modules a lab declares (`python: { modules: [numpy] }`).
// The course's video labs import numpy (and cv2, pyaudio, which labcheck stands in for); pyenv's
// python3 often lacks it while Debian's /usr/bin/python3 gets it from apt (python3-numpy). So when
// the user did not choose an interpreter, the default `python3` is tried first, then Debian's.
import { execFile } from 'node:child_process';

/** The interpreter labcheck uses when none is given with --python. */
export const DEFAULT_PYTHON = 'python3';
/** Where else to look when the default lacks a lab's modules (Debian's, then a hand-built one). */
export const FALLBACK_PYTHONS = ['/usr/bin/python3', '/usr/local/bin/python3'];
const PROBE_TIMEOUT_MS = 20_000;

const probes = new Map<string, Promise<string | undefined>>();

/** The first of `modules` that `python` cannot import (run in `cwd`), '' when it cannot run at all, or undefined. */
export function missingModule(python: string, modules: string[], cwd: string): Promise<string | undefined> {
  const key = JSON.stringify([python, modules, cwd]);
  let probe = probes.get(key);
  if (!probe) {
    // Imported one by one so the answer names the missing one.
    const code = `import importlib,sys\nfor m in sys.argv[1:]:\n  try: importlib.import_module(m)\n  except Exception: print(m); break`;
    probe = new Promise((resolve) => {
      execFile(python, ['-c', code, ...modules], { cwd, timeout: PROBE_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout) => {
        if (error) return resolve('');
        const missing = stdout.trim();
        resolve(missing === '' ? undefined : missing);
      });
    });
    probes.set(key, probe);
  }
  return probe;
}

export interface PythonChoice {
  /** The interpreter to use, when one has every module. */
  python?: string;
  /** Otherwise why not, for the skipped verdicts. */
  problem?: string;
}

/** The interpreter to run a lab needing `modules` with: `requested` if it has them; when the user
 *  did not choose (`requested` is the default), the first fallback that has them. */
export async function pythonWithModules(requested: string, modules: string[], cwd: string): Promise<PythonChoice> {
  if (modules.length === 0) return { python: requested };
  const candidates = requested === DEFAULT_PYTHON ? [requested, ...FALLBACK_PYTHONS] : [requested];
  const tried: string[] = [];
  for (const python of candidates) {
    const missing = await missingModule(python, modules, cwd);
    if (missing === undefined) return { python };
    if (missing !== '' || python === requested) tried.push(missing === '' ? `${python} does not run` : `${python} has no ${missing}`);
  }
  const hint =
    requested === DEFAULT_PYTHON
      ? `install them for one of these (Debian: apt-get install python3-numpy python3-opencv python3-pyaudio, as scripts/setup.sh does) or pass --python <an interpreter that has them>`
      : `choose an interpreter that has them with --python`;
  return { problem: `this lab's programs need the Python module${modules.length > 1 ? 's' : ''} ${modules.join(', ')}: ${tried.join('; ')}; ${hint}` };
}
