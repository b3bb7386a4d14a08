// The interpreter, resolved once per run: `python3` through pyenv's shim costs ~0.3 s per start,
// so it is asked once, in the submission's folder (where pyenv reads its .python-version), for
// the absolute path of the interpreter it really runs, and each scenario starts that directly.
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

const ASK = 'import sys; print(sys.executable)';
/** A working interpreter answers in well under a second, even through pyenv on a busy machine. */
const RESOLVE_TIMEOUT_MS = 10_000;

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
