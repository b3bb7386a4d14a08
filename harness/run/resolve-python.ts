// The interpreter, resolved once per run: `python3` through pyenv's shim costs ~0.3 s per start,
// so it is asked once, in the submission's folder (where pyenv reads its .python-version), for
// the absolute path of the interpreter it really runs, and each scenario starts that directly.
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, realpathSync } from 'node:fs';
import path from 'node:path';

const ASK = 'import sys; print(sys.executable)';
/** A working interpreter answers in well under a second, even through pyenv on a busy machine. */
const RESOLVE_TIMEOUT_MS = 10_000;

export interface Interpreter {
  /** What every scenario starts: the absolute executable, or the name as given when unknown. */
  executable: string;
  /** The folders it needs, which the sandbox shows read-only: its prefix (`<prefix>/bin/python3`),
   *  also through links (a venv's python links to the system's). */
  paths: string[];
}

/** The interpreter `python` stands for when run in `submissionDir`, resolved once per run. */
export async function resolveInterpreter(python: string, submissionDir: string): Promise<Interpreter> {
  const executable = await resolvePython(python, submissionDir);
  if (!path.isAbsolute(executable)) return { executable, paths: [] };
  const prefixOf = (exe: string) => path.dirname(path.dirname(exe));
  let real = executable;
  try {
    real = realpathSync(executable);
  } catch {
    /* the start will report it */
  }
  return { executable, paths: [...new Set([prefixOf(executable), prefixOf(real)])] };
}

/**
 * The absolute path of the interpreter `python` stands for when run in `submissionDir`, or
 * `python` itself when that cannot be learnt: then the program's start reports the problem.
 */
export function resolvePython(python: string, submissionDir: string): Promise<string> {
  // An absolute path to a compiled program is the interpreter itself (not a shim script).
  if (path.isAbsolute(python) && isBinary(python)) return Promise.resolve(python);
  return new Promise((resolve) => {
    execFile(python, ['-c', ASK], { cwd: submissionDir, timeout: RESOLVE_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout) => {
      const executable = stdout?.trim() ?? '';
      resolve(!error && path.isAbsolute(executable) && existsSync(executable) ? executable : python);
    });
  });
}

/** An ELF or Mach-O executable, or a Windows .exe: anything but a script. */
function isBinary(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(4);
    readSync(fd, head, 0, 4, 0);
    closeSync(fd);
    const magic = head.toString('hex');
    return magic === '7f454c46' || magic.startsWith('4d5a') || ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe', 'cafebabe'].includes(magic);
  } catch {
    return false;
  }
}
