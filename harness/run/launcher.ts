// How the user started labcheck, so the rerun commands it prints can be pasted as they are:
// `labcheck` when it was found on PATH (a global install), `npx labcheck` under npx or
// `npm exec`, otherwise the script itself (`node bin/labcheck.js` from a clone).
import path from 'node:path';

export interface LaunchFacts {
  /** process.argv[1]: the script node ran, as given (a symlink stays a symlink). */
  script: string;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function launcherWords(facts: LaunchFacts = { script: process.argv[1] ?? '', env: process.env, cwd: process.cwd() }): string[] {
  const { script, env, cwd } = facts;
  const name = path.basename(script);
  if (name === 'labcheck' || name === 'labcheck.cmd') {
    // npx (`npm exec`) runs the package's bin link in a node_modules/.bin; npm_command is set for
    // every command npm runs and is inherited, so it counts only together with the link.
    if (env.npm_command === 'exec' && /[\\/]node_modules[\\/]\.bin$/.test(path.dirname(script))) return ['npx', 'labcheck'];
    const pathDirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean).map((d) => path.resolve(cwd, d));
    if (pathDirs.includes(path.dirname(path.resolve(cwd, script)))) return ['labcheck'];
    return [shortPath(script, cwd)];
  }
  // Windows' npm shims run node on the installed script: a global install is on PATH by name.
  if (/[\\/]node_modules[\\/]labcheck[\\/]bin[\\/]labcheck\.js$/.test(script) && /[\\/]npm[\\/]node_modules[\\/]/.test(script)) return ['labcheck'];
  return ['node', shortPath(script, cwd)];
}

/** The script relative to the folder the user is in when it is below it, else as an absolute path. */
function shortPath(script: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, script));
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(cwd, script);
}
