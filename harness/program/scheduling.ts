// The program runs in its own session (spawned detached), and Linux shares the CPU between
// sessions (autogroups) before it shares it between processes. On a loaded machine that made the
// program's own 0.1 s waits end up to 24 ms late (the ARQ labs judge them to 4 ms + 12.5 %); with
// its session's weight raised, 1 to 6 ms, measured with two busy loops and a load average of 11.
// A traced program is favoured only from its first socket call: favoured during its start-up, it
// took the CPU the harness's worker needed then, and a reference reply left 100+ ms late.
// Root only, Linux with autogroups only; elsewhere nothing changes. The program's CPU time stays
// capped by its limits.
import { writeFileSync } from 'node:fs';

const SESSION_NICE = -10;

export function favourSession(pid: number | undefined): void {
  if (pid === undefined || process.platform !== 'linux' || process.getuid?.() !== 0) return;
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(SESSION_NICE));
  } catch {
    /* no autogroups in this kernel, or the program already ended */
  }
}
