// The kernel's view of a program's threads (harness/program/idle-probe.ts), on real Python
// processes: which waits count as "idle" (nothing but a packet can wake it) and which never do.
// (The same rules on recorded samples: test/program/idle-probe.test.ts.)
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { judgeIdle, sameSleep, sampleProgramThreads, type ThreadSample } from '../harness/program/idle-probe.js';

const linux = process.platform === 'linux';
const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) p.kill('SIGKILL');
});

/** Runs `code` (after a prelude with a TCP listener `t` and a UDP socket `u`); resolves with its pid and UDP port once it printed "ready". */
async function python(code: string): Promise<{ pid: number; udpPort: number }> {
  const prelude = [
    'import socket, threading, time, select',
    "t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen()",
    "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))",
    "print('ready', u.getsockname()[1], flush=True)",
  ].join('\n');
  const child = spawn('python3', ['-c', `${prelude}\n${code}`], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''; // unbuffered Python writes "ready", " ", the port and "\n" apart
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ready (\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', () => reject(new Error('python ended')));
  });
  return { pid: child.pid!, udpPort: port };
}

/** Samples until every thread sleeps in one of `wchans` (or any wait, when empty), at most 5 s. */
async function settled(pid: number, threads: number, until: (s: ThreadSample[]) => boolean): Promise<ThreadSample[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const s = sampleProgramThreads(pid);
    if (s && s.length === threads && until(s)) return s;
    if (Date.now() > deadline) throw new Error(`never settled: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const allSleeping = (s: ThreadSample[]) => s.every((x) => x.state === 'S' && x.wchan !== '' && x.wchan !== '0');

describe.runIf(linux)('idle-probe on live Python processes', () => {
  test('accept() and a blocking recvfrom() in another thread: idle, and what it waits in is named', async () => {
    const { pid } = await python("threading.Thread(target=lambda: u.recvfrom(100)).start()\nt.accept()");
    const s = await settled(pid, 2, allSleeping);
    expect(judgeIdle(s)).toEqual({ idle: true, waits: expect.stringMatching(/accept\(\).*recvfrom\(\) on a UDP socket|recvfrom\(\) on a UDP socket.*accept\(\)/) });
  });

  test('a blocking recv() on a TCP connection: idle', async () => {
    const { pid } = await python("c = socket.create_connection(t.getsockname()); a, _ = t.accept()\na.recv(10)");
    const s = await settled(pid, 1, allSleeping);
    expect(judgeIdle(s)).toMatchObject({ idle: true, waits: 'recv() on a TCP connection' });
  });

  test('a socket with a timeout, sleep(), select() and a Timer never count as idle', async () => {
    for (const code of ['u.settimeout(60)\nu.recvfrom(100)', 'time.sleep(60)', 'select.select([u], [], [])', "threading.Timer(60, print).start()\nt.accept()"]) {
      const { pid } = await python(code);
      const threads = code.includes('Timer') ? 2 : 1;
      const s = await settled(pid, threads, allSleeping);
      expect(judgeIdle(s).idle, code).toBe(false);
    }
  });

  test('two samples with nothing in between are the same sleep; a datagram that woke it is not', async () => {
    const { pid, udpPort } = await python('while True:\n    u.recvfrom(100)');
    const a = await settled(pid, 1, allSleeping);
    expect(sameSleep(a, sampleProgramThreads(pid)!)).toBe(true);
    const sender = dgram.createSocket('udp4');
    await new Promise<void>((r) => sender.send('x', udpPort, '127.0.0.1', () => r()));
    sender.close();
    const b = await settled(pid, 1, (s) => !sameSleep(a, s) && allSleeping(s));
    expect(judgeIdle(b).idle).toBe(true);
    expect(sameSleep(a, b)).toBe(false);
  });

  test('a process that is gone cannot be sampled', () => {
    expect(sampleProgramThreads(2 ** 22 + 12345)).toBeUndefined();
  });
});
