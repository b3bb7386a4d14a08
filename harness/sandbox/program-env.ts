// The environment a student program runs with: the harness's own variables removed, Python
// made unbuffered and UTF-8, the clock in UTC, and the start-up shim on the path.
import path from 'node:path';
import { shimDir } from '../paths.js';

export function programEnvironment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('LABCHECK_') || k.startsWith('NODE_') || k === 'PYTHONSTARTUP') continue;
    env[k] = v;
  }
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING = 'utf-8';
  env.PYTHONDONTWRITEBYTECODE = '1';
  env.TZ = 'UTC';
  env.PYTHONPATH = [shimDir, env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  env.LABCHECK_EVENTS_FD = '3';
  return { ...env, ...extra };
}
