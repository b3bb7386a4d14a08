// killByToken finds a run's processes by the token in their environment, however large the
// environment, and never a process whose environment only resembles it.
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { killByToken, newToken, TOKEN_VARIABLE } from '../harness/program/env-token-reaper.js';

function sleeper(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn('sleep', ['30'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: 'ignore' });
  return new Promise((resolve) => child.once('spawn', () => resolve(child)));
}

const ended = (child: ChildProcess) => new Promise<string | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));

describe('killByToken', () => {
  test('kills the holders of the token, wherever it sits in the environment, and nothing else', async () => {
    const token = newToken();
    // Larger than the 64 KiB read at once: the token straddles reads, or comes after several.
    const padding = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`PAD${i}`, 'x'.repeat(400 + i)]));
    // The token's entry starting 10 bytes before the end of the first 64 KiB read (the environment is
    // exactly what is given, in order: PATH, then PAD, then the token).
    const path = process.env.PATH ?? '/usr/bin:/bin';
    const straddling = { PAD: 'x'.repeat(65_535 - 10 - `PATH=${path}\0`.length - 'PAD=\0'.length), [TOKEN_VARIABLE]: token };
    const holders = await Promise.all([
      sleeper(straddling),
      sleeper({ [TOKEN_VARIABLE]: token }),
      sleeper({ A: '1', [TOKEN_VARIABLE]: token, B: '2' }),
      sleeper({ ...padding, [TOKEN_VARIABLE]: token }),
      sleeper({ ...padding, [TOKEN_VARIABLE]: token, ...Object.fromEntries(Object.entries(padding).map(([k, v]) => [`Z${k}`, v])) }),
    ]);
    const lookalikes = await Promise.all([
      sleeper({ [`X${TOKEN_VARIABLE}`]: token }),
      sleeper({ [TOKEN_VARIABLE]: `${token}0` }),
      sleeper({ [TOKEN_VARIABLE]: newToken(), OTHER: token }),
    ]);
    try {
      const killed = killByToken(token);
      expect(await Promise.all(holders.map(ended))).toEqual(holders.map(() => 'SIGKILL'));
      expect(killed).toBe(holders.length);
      expect(lookalikes.map((c) => c.exitCode === null && c.signalCode === null)).toEqual([true, true, true]);
    } finally {
      for (const c of [...holders, ...lookalikes]) c.kill('SIGKILL');
    }
  });
});
