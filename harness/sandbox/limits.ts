// Resource limits for every program run, with their defaults in this one place. A scenario may
// raise (or lower) any of them in its `limits:` block; everything else keeps the default.
import { z } from 'zod';

export interface Limits {
  /** CPU time of each process (RLIMIT_CPU): a busy loop is killed with SIGXCPU. */
  cpuSeconds: number;
  /** Writable private memory of each process (RLIMIT_DATA): malloc fails, Python raises MemoryError. */
  memoryMiB: number;
  /** Size of any file written (RLIMIT_FSIZE): Python's write fails with "File too large". */
  fileSizeMiB: number;
  /** Processes and threads of the run's user (RLIMIT_NPROC): a fork storm gets "Resource temporarily unavailable". */
  processes: number;
  /** Open file descriptors of each process (RLIMIT_NOFILE). */
  openFiles: number;
  /** stdout + stderr together: past it the harness stops the program (the evidence keeps the first MiB). */
  outputMiB: number;
}

export const DEFAULT_LIMITS: Limits = {
  cpuSeconds: 30,
  memoryMiB: 2048,
  fileSizeMiB: 256,
  processes: 64,
  openFiles: 512,
  outputMiB: 16,
};

export const LimitsOverride = z
  .object({
    cpuSeconds: z.number().int().positive(),
    memoryMiB: z.number().int().positive(),
    fileSizeMiB: z.number().int().positive(),
    processes: z.number().int().positive(),
    openFiles: z.number().int().positive(),
    outputMiB: z.number().int().positive(),
  })
  .partial()
  .strict();
export type LimitsOverride = z.infer<typeof LimitsOverride>;

/**
 * The limits of a scenario: the defaults, then the scenario's own `limits:`, then the
 * LABCHECK_LIMITS environment variable (JSON, e.g. '{"cpuSeconds":3}'), which wins: it is for the
 * tests (hostile programs hit a limit in seconds, not in 30 s) and for a grader who must tighten
 * or loosen a limit for one run. A malformed value is an error, never silently ignored.
 */
export function limitsFor(override: LimitsOverride | undefined, env: NodeJS.ProcessEnv = process.env): Limits {
  return { ...DEFAULT_LIMITS, ...(override ?? {}), ...limitsFromEnv(env) };
}

function limitsFromEnv(env: NodeJS.ProcessEnv): LimitsOverride {
  const text = env.LABCHECK_LIMITS;
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`LABCHECK_LIMITS is not JSON: ${text}`);
  }
  const parsed = LimitsOverride.safeParse(value);
  if (!parsed.success) throw new Error(`LABCHECK_LIMITS: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** CPU seconds between SIGXCPU (soft limit) and SIGKILL (hard limit). */
export const CPU_HARD_EXTRA_SECONDS = 2;

/** prlimit(1) options for these limits; `withProcesses` false where the user is shared with others. */
export function prlimitArgs(limits: Limits, withProcesses: boolean): string[] {
  const mib = 1024 * 1024;
  return [
    // Soft limit: SIGXCPU, which names the cause. Equal soft and hard limits would make the
    // kernel send SIGKILL instead (the hard check comes first); a program that catches SIGXCPU
    // gets the SIGKILL a little later.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + CPU_HARD_EXTRA_SECONDS}`,
    `--data=${limits.memoryMiB * mib}`,
    `--fsize=${limits.fileSizeMiB * mib}`,
    `--nofile=${limits.openFiles}`,
    ...(withProcesses ? [`--nproc=${limits.processes}`] : []),
  ];
}

/** One line for reports: "CPU 30 s, memory 2048 MiB, files 256 MiB, 64 processes, 512 open files, output 16 MiB". */
export function describeLimits(l: Limits): string {
  return `CPU ${l.cpuSeconds} s, memory ${l.memoryMiB} MiB, file size ${l.fileSizeMiB} MiB, ${l.processes} processes, ${l.openFiles} open files, output ${l.outputMiB} MiB`;
}
