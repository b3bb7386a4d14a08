// The environment a student program runs with, by allow-list: nothing else of the grader's
// environment (tokens, credentials, paths to other submissions) reaches it. Python is made
// unbuffered and UTF-8, the clock is UTC, HOME is the program's own folder, and the start-up
// shim is on the path.
import path from 'node:path';
import { shimDir } from '../paths.js';

/** Variables passed through from labcheck's own environment when set. */
const PASSED = ['PATH', 'LANG', 'LANGUAGE', 'TERM'];
const PASSED_PREFIXES = ['LC_', 'PYTHON'];

export function allowedFromHost(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    if (PASSED.includes(k) || PASSED_PREFIXES.some((p) => k.startsWith(p))) out[k] = v;
  }
  return out;
}

/** The time zone every program runs in (its clock is judged in it). */
export const PROGRAM_TIME_ZONE = 'UTC';

export function programEnvironment(options: { home: string; extra?: Record<string, string> }): Record<string, string> {
  const env = allowedFromHost();
  delete env.PYTHONSTARTUP;
  delete env.PYTHONHOME;
  env.HOME = options.home;
  env.USER = env.LOGNAME = 'student';
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  env.PYTHONDONTWRITEBYTECODE = '1';
  env.TZ = PROGRAM_TIME_ZONE;
  // Threaded programs otherwise reserve 64 MiB of address space per thread for malloc arenas.
  env.MALLOC_ARENA_MAX = '2';
  env.PYTHONPATH = [shimDir, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  env.LABCHECK_EVENTS_FD = '3';
  return { ...env, ...(options.extra ?? {}) };
}
