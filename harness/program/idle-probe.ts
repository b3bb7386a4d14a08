// Telling, from the kernel's view of a program's threads, that the program can do nothing more
// until a packet reaches it: every thread of every process it started sleeps in a blocking
// accept() or receive without a timeout. A step that waits for the program to answer, close or
// bind, while nothing is sent to it, then knows the answer will never come, and need not sit out
// the scenario's whole deadline (a broken program fails in a fraction of a second, not 5 s).
//
// What does not count as such a wait, and so never ends a step early: sleep(), select()/poll()
// (a socket with a timeout waits in poll()), a futex (locks, queues, Thread.join, Timer), reading
// stdin, waiting for a child, a running or runnable thread, a stopped one. The caller adds what
// the kernel cannot show: that the program set no receive timeout (SO_RCVTIMEO) and armed no
// signal timer (alarm, setitimer), which the shim reports.
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel wait channels (/proc/<pid>/task/<tid>/wchan) of a blocking socket call without a timeout. */
const NETWORK_WAITS: Record<string, string> = {
  inet_csk_accept: 'accept()',
  inet_csk_wait_for_connect: 'accept()',
  wait_woken: 'recv() on a TCP connection',
  sk_wait_data: 'recv() on a TCP connection',
  __skb_wait_for_more_packets: 'recvfrom() on a UDP socket',
};

export interface ThreadSample {
  pid: number;
  /** The process's pid inside its PID namespace (what the shim reports it as). */
  nsPid: number;
  tid: number;
  /** One-letter state from stat: S sleeping, R running, Z zombie, ... */
  state: string;
  wchan: string;
  /** From schedstat: nanoseconds on a CPU and the number of times it was run; any change means it woke. */
  ranNs: string;
  runs: string;
}

export interface IdleVerdict {
  idle: boolean;
  /** What the threads wait in, e.g. "accept()" or "accept(), recv() on a TCP connection". */
  waits: string;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The innermost pid in the NSpid line of /proc/<pid>/status. */
function nsPidOf(pid: number): number | undefined {
  const line = /^NSpid:\s*(.*)$/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  const last = line?.trim().split(/\s+/).at(-1);
  return last ? Number(last) : undefined;
}

function threadSample(pid: number, nsPid: number, tid: number): ThreadSample | undefined {
  const dir = `/proc/${pid}/task/${tid}`;
  const stat = read(`${dir}/stat`);
  if (stat === undefined) return undefined;
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '?';
  const [ranNs = '', , runs = ''] = (read(`${dir}/schedstat`) ?? '').trim().split(' ');
  if (!ranNs || !runs) return undefined; // without the run counter a wake-up between two looks is unseen
  return { pid, nsPid, tid, state, wchan: (read(`${dir}/wchan`) ?? '').trim(), ranNs, runs };
}

function tasksOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [];
  }
}

/** What does not change in a process's life: its pid in its namespace, whether it is bwrap. */
export type ProcessFacts = Map<number, { nsPid: number | undefined; wrapper: boolean }>;

/**
 * Every thread of the processes under `rootPid` (the sandbox's bwrap), leaving out bwrap itself
 * and its init process inside the PID namespace, which only wait for the program. Undefined when
 * /proc cannot tell (not Linux, a process vanished while being read). `known` keeps what was read
 * of each process for the next sample of the same program.
 */
export function sampleProgramThreads(rootPid: number, known: ProcessFacts = new Map()): ThreadSample[] | undefined {
  const samples: ThreadSample[] = [];
  const queue: { pid: number; depth: number }[] = [{ pid: rootPid, depth: 0 }];
  while (queue.length > 0) {
    const { pid, depth } = queue.shift()!;
    const tasks = tasksOf(pid);
    if (tasks.length === 0) return undefined;
    let facts = known.get(pid);
    if (!facts) {
      const wrapper = depth <= 1 && read(`/proc/${pid}/comm`)?.trim() === 'bwrap';
      facts = { wrapper, nsPid: wrapper ? 0 : nsPidOf(pid) };
      known.set(pid, facts);
    }
    const { wrapper, nsPid } = facts;
    if (nsPid === undefined) return undefined;
    for (const tid of tasks) {
      if (!wrapper) {
        const sample = threadSample(pid, nsPid, tid);
        if (!sample) return undefined;
        samples.push(sample);
      }
      for (const child of (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter(Boolean)) queue.push({ pid: Number(child), depth: depth + 1 });
    }
  }
  return samples;
}

/** Whether every thread sleeps in a blocking network wait (zombies, which cannot act, aside). */
export function judgeIdle(samples: ThreadSample[]): IdleVerdict {
  const live = samples.filter((s) => s.state !== 'Z' && s.state !== 'X');
  const idle = live.length > 0 && live.every((s) => s.state === 'S' && NETWORK_WAITS[s.wchan] !== undefined);
  const waits = [...new Set(live.map((s) => NETWORK_WAITS[s.wchan] ?? s.wchan))].join(', ');
  return { idle, waits };
}

/** Two samples of the same threads in which none of them ran in between. */
export function sameSleep(a: ThreadSample[], b: ThreadSample[]): boolean {
  if (a.length !== b.length) return false;
  const key = (s: ThreadSample) => `${s.pid}/${s.tid}/${s.state}/${s.wchan}/${s.ranNs}/${s.runs}`;
  const before = new Set(a.map(key));
  return b.every((s) => before.has(key(s)));
}
