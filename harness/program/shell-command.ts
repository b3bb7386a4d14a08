// --cmd "<command line>": the line is run by the shell itself (/bin/sh -c), so it means exactly what
// it means at a prompt (quotes inside words, variables, pipes). `{entry}` stands for the entry's
// file name, shell-quoted, and program arguments are appended, shell-quoted too.
import path from 'node:path';

/** One word the POSIX shell reads back unchanged: 'it'\''s' for it's. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs `line` through the shell, `{entry}` replaced by `entryName`, then `args`. */
export function shellCommand(line: string, entryName: string, args: readonly string[]): string[] {
  const script = [line.split('{entry}').join(shellQuote(entryName)), ...args.map(shellQuote)].join(' ');
  return ['/bin/sh', '-c', script];
}

/**
 * Whether the line starts a Python interpreter (`python3 {entry}`, `/usr/bin/python3.11 -u {entry}`),
 * so the Python start-up shim can trace it. Only the first word is looked at: the shell still
 * runs the whole line.
 */
export function startsPython(line: string): boolean {
  const first = /^\s*(?:'([^']*)'|"([^"]*)"|([^\s;&|<>()]+))/.exec(line);
  const word = first?.[1] ?? first?.[2] ?? first?.[3] ?? '';
  return isPythonInterpreter(word);
}

/** python, python3, python3.11, python.exe, by any path. */
export function isPythonInterpreter(file: string): boolean {
  return /python[\d.]*(\.exe)?$/i.test(path.basename(file));
}
