// What the user asked for, and the command line that reproduces it (printed with every failure).
export interface RunRequest {
  lab: string;
  role: string;
  entry: string;
  python: string;
  cmd?: string;
  programArgs: string[];
  seed: number;
  timeoutScale: number;
  /** --repeat: how many times each scenario runs (1 when not given). */
  repeat?: number;
  /** Only when the user forced a mode: reruns use the same one. */
  isolationFlag?: string;
  /** --allow-read: host paths the program may read besides its own folder. */
  allowRead?: string[];
  /** How the user started labcheck (see launcher.ts); reruns start it the same way. Default `labcheck`. */
  launcher?: string[];
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function rerunCommand(r: RunRequest, only?: string): string {
  const words = [...(r.launcher ?? ['labcheck']), 'test', `${r.lab}:${r.role}`, r.entry];
  if (only) words.push('--only', only);
  words.push('--seed', String(r.seed));
  if (r.python !== 'python3') words.push('--python', r.python);
  if (r.cmd) words.push('--cmd', r.cmd);
  if (r.isolationFlag && r.isolationFlag !== 'auto') words.push('--isolation', r.isolationFlag);
  if (r.timeoutScale !== 1) words.push('--timeout-scale', String(r.timeoutScale));
  for (const p of r.allowRead ?? []) words.push('--allow-read', p);
  if (r.repeat && r.repeat > 1) words.push('--repeat', String(r.repeat));
  if (r.programArgs.length) words.push('--', ...r.programArgs);
  return words.map(quote).join(' ');
}
