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

export function limitsFor(override: LimitsOverride | undefined): Limits {
  return { ...DEFAULT_LIMITS, ...(override ?? {}) };
}

/** prlimit(1) options for these limits; `withProcesses` false where the user is shared with others. */
export function prlimitArgs(limits: Limits, withProcesses: boolean): string[] {
  const mib = 1024 * 1024;
  return [
    `--cpu=${limits.cpuSeconds}`,
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
