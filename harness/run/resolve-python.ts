// The interpreter, resolved once per run: `python3` through pyenv's shim costs ~0.3 s per start,
// so it is asked once, in the submission's folder (where pyenv reads its .python-version), for
// the absolute path of the interpreter it really runs, and each scenario starts that directly.
// Folders with the same version files (usually none) share one answer within a labcheck run.
import { execFile } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
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
  // A class is many lab:roles of many folders, mostly with no version file: ask once for them all.
  // (A relative path such as venv/bin/python is found from the folder itself.)
  const relative = !path.isAbsolute(python) && python.includes(path.sep);
  const key = JSON.stringify([python, relative ? submissionDir : '', versionFilesAbove(submissionDir)]);
  let answer = answers.get(key);
  if (!answer) answers.set(key, (answer = ask(python, submissionDir)));
  return answer;
}

/** Answers had in this labcheck run, by interpreter and the version files that choose it. */
const answers = new Map<string, Promise<string>>();

/** Files by which version managers (pyenv, asdf, mise) choose the interpreter, in the folder a
 *  command runs in or any folder above it. Where none differ, neither does the interpreter. */
const VERSION_FILES = ['.python-version', '.tool-versions', 'mise.toml', '.mise.toml'];

/** Each version file that applies to `dir`: its path and content. */
function versionFilesAbove(dir: string): [string, string][] {
  const found: [string, string][] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    for (const name of VERSION_FILES) {
      try {
        found.push([path.join(d, name), readFileSync(path.join(d, name), 'utf8')]);
      } catch {
        /* none here */
      }
    }
    if (d === path.dirname(d)) return found;
  }
}

function ask(python: string, submissionDir: string): Promise<string> {
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
