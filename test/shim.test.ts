// Tests of the Python start-up shim (harness/shim/python/sitecustomize.py).
// Each test runs a small Python program under the shim with an events pipe at fd 3 and checks
// the JSON-lines events and the program's own behaviour. Networked programs with fixed ports
// run in their own network namespace (`unshare -n`, we are root), so ports never collide;
// remap tests use ephemeral ports on the real loopback. Synchronisation is on events, never sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { resolvePython } from '../harness/run/resolve-python.js';
import { testTimeoutScale } from './support/time-limits.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHIM_DIR = path.join(ROOT, 'harness', 'shim', 'python');
const WORK = mkdtempSync(path.join(tmpdir(), 'labcheck-shim-test-'));
// Resolved once, as labcheck does (pyenv's shim would cost ~0.3 s per program).
const PYTHON = process.env.LABCHECK_TEST_PYTHON ?? (await resolvePython('python3', WORK));
/** How long to wait for an event that is sure to come (only a broken shim makes it a failure). */
const WAIT_MS = 20_000 * testTimeoutScale;

interface Ev {
  t: number;
  pid: number;
  call: string;
  fd?: number;
  kind?: string;
  addr?: string;
  local?: string;
  size?: number;
  head?: string;
  detail?: string;
  error?: string;
  requestedPort?: number;
  requestedHost?: string;
  newFd?: number;
  prompt?: string;
  argv?: string[];
  executable?: string;
}

const hex = (s: string) => Buffer.from(s).toString('hex');

class PyRun {
  readonly proc: ChildProcess;
  readonly events: Ev[] = [];
  stdout = '';
  stderr = '';
  /** Raw bytes seen on the events pipe. */
  eventBytes = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly eventsEnded: Promise<void>;
  private waiters: Array<{ pred: (e: Ev) => boolean; resolve: (e: Ev) => void }> = [];
  private partial = '';

  constructor(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
    this.proc = spawn(cmd, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    this.proc.stdout!.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.proc.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    const evStream = this.proc.stdio[3] as Readable;
    this.eventsEnded = new Promise((resolve) => {
      evStream.on('end', resolve);
      evStream.on('close', resolve);
    });
    evStream.on('error', () => undefined);
    evStream.on('data', (d: Buffer) => {
      this.eventBytes += d.length;
      this.partial += d.toString('utf8');
      let i: number;
      while ((i = this.partial.indexOf('\n')) >= 0) {
        const line = this.partial.slice(0, i);
        this.partial = this.partial.slice(i + 1);
        if (!line) continue;
        const ev = JSON.parse(line) as Ev;
        this.events.push(ev);
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(ev)) return true;
          w.resolve(ev);
          return false;
        });
      }
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    running.add(this);
  }

  /** Resolves with the first event (already seen or future) matching `pred`. */
  waitFor(pred: (e: Ev) => boolean, what = 'event', timeoutMs = WAIT_MS): Promise<Ev> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `timed out waiting for ${what}\nevents:\n${this.events.map((e) => JSON.stringify(e)).join('\n')}\n` +
              `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }

  /** The n-th (1-based) event matching `pred` (counting events already seen). */
  waitForNth(pred: (e: Ev) => boolean, n: number, what = 'event'): Promise<Ev> {
    let count = 0;
    return this.waitFor((e) => pred(e) && ++count >= n, what);
  }

  write(text: string): void {
    (this.proc.stdin as Writable).write(text);
  }

  closeStdin(): void {
    (this.proc.stdin as Writable).end();
  }

  /** Waits for exit and for the end of the events pipe; returns the exit code. */
  async finish(timeoutMs = WAIT_MS): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`program did not finish\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`)),
        timeoutMs,
      );
    });
    try {
      const { code } = await Promise.race([this.exited, timeout]);
      await Promise.race([this.eventsEnded, timeout]);
      return code;
    } finally {
      clearTimeout(timer);
    }
  }

  calls(call: string): Ev[] {
    return this.events.filter((e) => e.call === call);
  }
}

const running = new Set<PyRun>();
afterEach(() => {
  for (const r of running) if (r.proc.exitCode === null && r.proc.signalCode === null) r.proc.kill('SIGKILL');
  running.clear();
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

let scriptCounter = 0;

interface RunOptions {
  /** Run inside a fresh network namespace with only loopback up. */
  netns?: boolean;
  /** Hostname for a fresh UTS namespace (implies unshare -u). */
  hostname?: string;
  /** A file bind-mounted over /etc/hosts (implies unshare -m). */
  hostsFile?: string;
  env?: Record<string, string>;
  /** Events pipe at fd 3 announced to the shim (default true). */
  events?: boolean;
  extraPythonPath?: string;
}

function runPy(source: string, opts: RunOptions = {}): PyRun {
  const dir = path.join(WORK, `s${++scriptCounter}`);
  mkdirSync(dir);
  const script = path.join(dir, 'prog.py');
  writeFileSync(script, source);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LABCHECK_') && k !== 'PYTHONPATH') env[k] = v;
  env.PYTHONPATH = [SHIM_DIR, opts.extraPythonPath, process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  env.PYTHONUNBUFFERED = '1';
  if (opts.events !== false) env.LABCHECK_EVENTS_FD = '3';
  Object.assign(env, opts.env ?? {});
  const flags: string[] = [];
  const setup: string[] = [];
  if (opts.netns) {
    flags.push('-n');
    setup.push('ip link set lo up');
  }
  if (opts.hostsFile) {
    flags.push('-m');
    setup.push(`mount --bind '${opts.hostsFile}' /etc/hosts`);
  }
  if (opts.hostname) {
    flags.push('-u');
    setup.push(`hostname '${opts.hostname}'`);
  }
  if (flags.length === 0) return new PyRun(PYTHON, [script], env, dir);
  // `exec` keeps one pid for unshare, sh and python.
  const sh = [...setup, 'exec "$0" "$@"'].join(' && ');
  return new PyRun('unshare', [...flags, 'sh', '-c', sh, PYTHON, script], env, dir);
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function tcpRequest(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const c = net.connect(port, '127.0.0.1', () => c.write(payload));
    c.on('data', (d) => chunks.push(d));
    c.on('end', () => resolve(Buffer.concat(chunks).toString()));
    c.on('error', reject);
  });
}

/** A one-shot TCP server on the real loopback that records what it receives and replies upper-cased. */
async function upperServer(): Promise<{ port: number; received: Promise<string>; close: () => void }> {
  let gotData!: (s: string) => void;
  const received = new Promise<string>((r) => (gotData = r));
  const srv = net.createServer((sock) => {
    sock.once('data', (d) => {
      gotData(d.toString());
      sock.end(d.toString().toUpperCase());
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { port: (srv.address() as net.AddressInfo).port, received, close: () => srv.close() };
}

const byCall = (call: string) => (e: Ev) => e.call === call;

describe('shim: TCP and UDP tracing', () => {
  it('traces a TCP echo server and client (bind/listen/accept/connect/send/recv/close)', async () => {
    const r = runPy(`
import socket, threading
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('', 2500))
srv.listen(5)
def serve():
    conn, addr = srv.accept()
    data = conn.recv(1024)
    conn.sendall(data.upper())
    conn.close()
t = threading.Thread(target=serve)
t.start()
c = socket.socket()
c.connect(('127.0.0.1', 2500))
c.send(b'hello world')
print(c.recv(1024).decode(), srv.fileno(), c.fileno(), type(c).__name__, repr(c).startswith('<socket.socket fd='), sep='|')
c.close()
c.close()
t.join()
srv.close()
`, { netns: true });
    expect(await r.finish()).toBe(0);
    const [reply, srvFdS, cliFdS, typeName, reprOk] = r.stdout.trim().split('|');
    expect(reply).toBe('HELLO WORLD');
    expect(typeName).toBe('socket');
    expect(reprOk).toBe('True');
    const srvFd = Number(srvFdS);
    const cliFd = Number(cliFdS);
    const pid = r.proc.pid;

    const start = r.events[0];
    expect(start.call).toBe('start');
    expect(start.argv?.[0]).toMatch(/prog\.py$/);
    expect(typeof start.executable).toBe('string');
    for (const e of r.events) {
      expect(e.pid).toBe(pid);
      expect(typeof e.t).toBe('number');
      expect(Math.abs(e.t - Date.now())).toBeLessThan(60_000);
    }

    const sockets = r.calls('socket');
    expect(sockets.map((e) => [e.fd, e.kind])).toEqual([
      [srvFd, 'tcp'],
      [cliFd, 'tcp'],
    ]);
    expect(r.calls('setsockopt')).toMatchObject([{ fd: srvFd, detail: 'SOL_SOCKET/SO_REUSEADDR=1' }]);
    expect(r.calls('bind')).toMatchObject([{ fd: srvFd, kind: 'tcp', addr: ':2500', local: '0.0.0.0:2500' }]);
    expect(r.calls('bind')[0].requestedPort).toBeUndefined();
    expect(r.calls('listen')).toMatchObject([{ fd: srvFd, detail: '5', local: '0.0.0.0:2500' }]);

    const connect = r.calls('connect');
    expect(connect).toHaveLength(1);
    expect(connect[0]).toMatchObject({ fd: cliFd, kind: 'tcp', addr: '127.0.0.1:2500' });
    expect(connect[0].error).toBeUndefined();
    expect(connect[0].local).toMatch(/^127\.0\.0\.1:\d+$/);

    const accept = r.calls('accept');
    expect(accept).toHaveLength(1);
    expect(accept[0]).toMatchObject({ fd: srvFd, kind: 'tcp', addr: connect[0].local, local: '127.0.0.1:2500' });
    const connFd = accept[0].newFd!;
    expect(connFd).toBeGreaterThan(2);
    expect([srvFd, cliFd]).not.toContain(connFd);

    expect(r.calls('send')).toMatchObject([{ fd: cliFd, size: 11, head: hex('hello world') }]);
    expect(r.calls('sendall')).toMatchObject([{ fd: connFd, size: 11, head: hex('HELLO WORLD') }]);
    const recvs = r.calls('recv');
    expect(recvs).toHaveLength(2);
    expect(recvs.find((e) => e.fd === connFd)).toMatchObject({ size: 11, head: hex('hello world') });
    expect(recvs.find((e) => e.fd === cliFd)).toMatchObject({ size: 11, head: hex('HELLO WORLD') });

    // one close per socket although the client closed twice; fd recorded before closing
    const closes = r.calls('close');
    expect(closes.map((e) => e.fd).sort()).toEqual([srvFd, cliFd, connFd].sort());
    expect(closes.every((e) => e.kind === 'tcp')).toBe(true);
    // the accepted socket's forced setblocking() is not a program call
    expect(r.calls('setblocking')).toHaveLength(0);
    // within one thread, events are in program order
    const clientCalls = r.events.filter((e) => e.fd === cliFd).map((e) => e.call);
    expect(clientCalls).toEqual(['socket', 'connect', 'send', 'recv', 'close']);
  });

  it('traces UDP sendto/recvfrom with addresses', async () => {
    const r = runPy(`
import socket
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(('127.0.0.1', 5005))
cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cli.sendto(b'ping 1', ('127.0.0.1', 5005))
data, addr = srv.recvfrom(2048)
srv.sendto(data.replace(b'ping', b'pong'), addr)
reply, frm = cli.recvfrom(2048)
buf = bytearray(64)
cli.sendto(b'\\x00\\x01\\xff', ('127.0.0.1', 5005))
n, a2 = srv.recvfrom_into(buf)
print(reply.decode(), frm[1], addr[1], n, srv.fileno(), cli.fileno())
`, { netns: true });
    expect(await r.finish()).toBe(0);
    const [w1, w2, frmPort, cliPort, n, srvFd, cliFd] = r.stdout.trim().split(' ');
    expect(`${w1} ${w2}`).toBe('pong 1');
    expect(frmPort).toBe('5005');
    expect(n).toBe('3');
    expect(r.calls('socket').map((e) => e.kind)).toEqual(['udp', 'udp']);
    const sendtos = r.calls('sendto');
    expect(sendtos).toHaveLength(3);
    expect(sendtos[0]).toMatchObject({ fd: Number(cliFd), kind: 'udp', addr: '127.0.0.1:5005', size: 6, head: hex('ping 1') });
    expect(sendtos[0].local).toBe(`0.0.0.0:${cliPort}`);
    expect(sendtos[1]).toMatchObject({ fd: Number(srvFd), addr: `127.0.0.1:${cliPort}`, size: 6, head: hex('pong 1') });
    expect(sendtos[2]).toMatchObject({ size: 3, head: '0001ff' });
    const recvfroms = r.calls('recvfrom');
    expect(recvfroms).toEqual([
      expect.objectContaining({ fd: Number(srvFd), kind: 'udp', addr: `127.0.0.1:${cliPort}`, size: 6, head: hex('ping 1') }),
      expect.objectContaining({ fd: Number(cliFd), kind: 'udp', addr: '127.0.0.1:5005', size: 6, head: hex('pong 1') }),
    ]);
    expect(r.calls('recvfrom_into')).toMatchObject([{ fd: Number(srvFd), size: 3, head: '0001ff', addr: `127.0.0.1:${cliPort}` }]);
  });

  it('records timeouts and BlockingIOError as errors, plus settimeout/setblocking/shutdown details', async () => {
    const r = runPy(`
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 6000))
u.settimeout(0.2)
try:
    u.recvfrom(100)
except socket.timeout:
    print('timeout caught')
srv = socket.socket(); srv.bind(('127.0.0.1', 6001)); srv.listen()
c = socket.create_connection(('127.0.0.1', 6001))
conn, _ = srv.accept()
conn.setblocking(False)
try:
    conn.recv(10)
except BlockingIOError:
    print('would block')
c.shutdown(socket.SHUT_WR)
conn.setblocking(True)
print(repr(conn.recv(10)))
print(c.connect_ex(('127.0.0.1', 1)) != 0)
`, { netns: true });
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe("timeout caught\nwould block\nb''\nTrue\n");
    const settimeout = r.calls('settimeout');
    expect(settimeout).toMatchObject([{ kind: 'udp', detail: '0.2' }]);
    const udpFd = settimeout[0].fd;
    const timeoutEv = r.events.find((e) => e.call === 'recvfrom' && e.fd === udpFd)!;
    expect(timeoutEv.error).toMatch(/^(TimeoutError|timeout): timed out$/);
    expect(timeoutEv.size).toBeUndefined();
    expect(r.calls('listen')).toMatchObject([{ detail: 'default' }]);
    expect(r.calls('setblocking').map((e) => e.detail)).toEqual(['False', 'True']);
    const recvs = r.calls('recv');
    expect(recvs[0].error).toMatch(/^BlockingIOError: \[Errno \d+\]/);
    expect(recvs[1]).toMatchObject({ size: 0, head: '' });
    expect(recvs[1].error).toBeUndefined();
    expect(r.calls('shutdown')).toMatchObject([{ detail: 'SHUT_WR', kind: 'tcp' }]);
    // connect_ex on an already connected socket: errno in detail, no exception
    const cx = r.calls('connect_ex');
    expect(cx).toHaveLength(1);
    expect(Number(cx[0].detail)).toBeGreaterThan(0);
    expect(cx[0].addr).toBe('127.0.0.1:1');
  });
});

describe('shim: standard input', () => {
  it('input() emits exactly one event after the prompt and the program gets the typed line', async () => {
    const r = runPy(`
name = input('Your name: ')
print('hello ' + name)
try:
    input()
except EOFError:
    print('eof')
`);
    const ev = await r.waitFor(byCall('input'), 'first input event');
    expect(ev.prompt).toBe('Your name: ');
    expect(ev.detail).toBeUndefined();
    r.write('Alice\n');
    const second = await r.waitForNth(byCall('input'), 2, 'second input event');
    expect(second.prompt).toBe('');
    r.closeStdin();
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe('Your name: hello Alice\neof\n');
    expect(r.calls('input')).toHaveLength(2);
  });

  it('sys.stdin.readline() and iteration over sys.stdin emit input events', async () => {
    const r = runPy(`
import sys, io
print('proxy ok', isinstance(sys.stdin, io.TextIOBase), sys.stdin.fileno(), sys.stdin.encoding.lower())
line = sys.stdin.readline()
print('got', line.strip())
for l in sys.stdin:
    print('iter', l.strip())
print('done')
`);
    const first = await r.waitFor(byCall('input'), 'readline event');
    expect(first).toMatchObject({ prompt: '', detail: 'readline' });
    r.write('abc\n');
    await r.waitForNth(byCall('input'), 2, 'first iteration read');
    r.write('x1\n');
    await r.waitForNth(byCall('input'), 3, 'second iteration read');
    r.closeStdin();
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe('proxy ok True 0 utf-8\ngot abc\niter x1\ndone\n');
    expect(r.calls('input').map((e) => e.detail)).toEqual(['readline', 'readline', 'readline']);
  });

  it('each input event carries what was printed since the previous read (a menu above the prompt)', async () => {
    const r = runPy(`
print('1. Read')
print('2. Write')
choice = input('Select: ')
print('chose', choice)
input('Count: ')
`);
    const first = await r.waitFor(byCall('input'), 'menu input event');
    expect(first.since).toBe('1. Read\n2. Write\nSelect: ');
    r.write('1\n');
    const second = await r.waitForNth(byCall('input'), 2, 'second input event');
    expect(second.since).toBe('chose 1\nCount: ');
    r.closeStdin();
    await r.finish();
  });
});

describe('shim: remap isolation', () => {
  it('bind on a mapped port listens on the mapped port and records requestedPort', async () => {
    const port = await freeTcpPort();
    const r = runPy(`
import socket
s = socket.socket()
s.bind(('', 2500))
s.listen(1)
conn, addr = s.accept()
data = conn.recv(100)
conn.sendall(data.upper())
conn.close()
print('local port', s.getsockname()[1])
`, { env: { LABCHECK_PORT_MAP: `2500=${port},5000=1` } });
    const listen = await r.waitFor(byCall('listen'), 'listen');
    expect(listen.local).toBe(`0.0.0.0:${port}`);
    expect(await tcpRequest(port, 'ping')).toBe('PING');
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe(`local port ${port}\n`);
    expect(r.calls('bind')).toMatchObject([{ addr: `:${port}`, requestedPort: 2500, local: `0.0.0.0:${port}` }]);
    expect(r.calls('accept')[0].addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(r.calls('recv')).toMatchObject([{ size: 4, head: hex('ping') }]);
  });

  it('connect and sendto on mapped ports go to the mapped ports; other ports are untouched', async () => {
    const up = await upperServer();
    const udp = dgram.createSocket('udp4');
    const udpGot = new Promise<string>((resolve) => udp.on('message', (m) => resolve(m.toString())));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const udpPort = udp.address().port;
    try {
      const r = runPy(`
import socket
c = socket.create_connection(('127.0.0.1', 2500))
c.sendall(b'hi there')
print(c.recv(100).decode())
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b'dgram', ('127.0.0.1', 5000))
x = socket.socket()
print(x.connect_ex(('127.0.0.1', 1)))
`, { env: { LABCHECK_PORT_MAP: `2500=${up.port},5000=${udpPort}` } });
      expect(await r.finish()).toBe(0);
      expect(await up.received).toBe('hi there');
      expect(await udpGot).toBe('dgram');
      expect(r.stdout.split('\n')[0]).toBe('HI THERE');
      expect(r.calls('connect')).toMatchObject([{ addr: `127.0.0.1:${up.port}`, requestedPort: 2500 }]);
      expect(r.calls('sendto')).toMatchObject([{ addr: `127.0.0.1:${udpPort}`, requestedPort: 5000, size: 5, kind: 'udp' }]);
      const cx = r.calls('connect_ex');
      expect(cx).toHaveLength(1);
      expect(cx[0]).toMatchObject({ addr: '127.0.0.1:1', detail: r.stdout.split('\n')[1] });
      expect(cx[0].requestedPort).toBeUndefined();
    } finally {
      up.close();
      udp.close();
    }
  });

  it('LABCHECK_REMAP_HOSTS redirects the own host name and own addresses to 127.0.0.1', async () => {
    const up = await upperServer();
    const hosts = path.join(WORK, 'hosts-remap');
    writeFileSync(hosts, '127.0.0.1 localhost\n10.77.0.5 lc-remap-host\n');
    try {
      const r = runPy(`
import socket
name = socket.gethostname()
a = socket.socket(); a.connect((name, 2500)); a.sendall(b'one'); print(a.recv(10).decode()); a.close()
ip = socket.gethostbyname(name)
print(name, ip)
b = socket.socket(); b.connect((ip, 2500)); b.close()
`, {
        hostname: 'lc-remap-host',
        hostsFile: hosts,
        env: { LABCHECK_PORT_MAP: `2500=${up.port}`, LABCHECK_REMAP_HOSTS: '1' },
      });
      expect(await r.finish()).toBe(0);
      expect(r.stdout).toBe('ONE\nlc-remap-host 10.77.0.5\n');
      expect(await up.received).toBe('one');
      const connects = r.calls('connect');
      expect(connects).toHaveLength(2);
      expect(connects[0]).toMatchObject({ addr: `127.0.0.1:${up.port}`, requestedPort: 2500, requestedHost: 'lc-remap-host' });
      expect(connects[1]).toMatchObject({ addr: `127.0.0.1:${up.port}`, requestedPort: 2500, requestedHost: '10.77.0.5' });
      expect(connects.every((e) => e.error === undefined)).toBe(true);
    } finally {
      up.close();
    }
  });

  it('an address literal equal to the own host address is redirected even if the program never resolved it', async () => {
    const up = await upperServer();
    const hosts = path.join(WORK, 'hosts-remap2');
    writeFileSync(hosts, '127.0.0.1 localhost\n10.77.0.6 lc-remap-host2\n');
    try {
      const r = runPy(`
import socket
s = socket.socket(); s.connect(('10.77.0.6', 2500)); s.sendall(b'lit'); print(s.recv(10).decode())
`, {
        hostname: 'lc-remap-host2',
        hostsFile: hosts,
        env: { LABCHECK_PORT_MAP: `2500=${up.port}`, LABCHECK_REMAP_HOSTS: '1' },
      });
      expect(await r.finish()).toBe(0);
      expect(r.stdout).toBe('LIT\n');
      expect(r.calls('connect')).toMatchObject([{ addr: `127.0.0.1:${up.port}`, requestedHost: '10.77.0.6' }]);
    } finally {
      up.close();
    }
  });
});

describe('shim: name resolution and exceptions', () => {
  it('resolving the own host name falls back to 127.0.0.1 when there is no DNS', async () => {
    const r = runPy(`
import socket
name = socket.gethostname()
print(socket.gethostbyname(name))
print(socket.gethostbyname_ex(name)[2])
print(socket.getaddrinfo(name, 2500, socket.AF_INET, socket.SOCK_DGRAM)[0][4])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind((socket.gethostbyname(socket.gethostname()), 0))
try:
    socket.gethostbyname('no-such-host.invalid')
except socket.gaierror:
    print('other names still fail')
`, { netns: true, hostname: 'lc-no-such-name' });
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe("127.0.0.1\n['127.0.0.1']\n('127.0.0.1', 2500)\nother names still fail\n");
    const fallbacks = r.calls('resolve-fallback');
    expect(fallbacks).toHaveLength(4);
    expect(fallbacks.every((e) => e.detail === 'lc-no-such-name')).toBe(true);
    expect(r.calls('bind')[0].local).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('reports unhandled exceptions (main thread and threads) without changing what is printed', async () => {
    const r = runPy(`
import socket, threading
def worker():
    raise RuntimeError('in thread')
t = threading.Thread(target=worker, name='worker')
t.start(); t.join()
s = socket.socket()
def go():
    s.connect(('127.0.0.1', 1))
go()
`, { netns: true });
    expect(await r.finish()).toBe(1);
    const exc = r.calls('exception');
    expect(exc).toHaveLength(2);
    expect(exc[0]).toMatchObject({ error: 'RuntimeError: in thread', detail: 'thread worker' });
    expect(exc[1].error).toMatch(/^ConnectionRefusedError: \[Errno 111\]/);
    expect(r.calls('connect')[0].error).toBe(exc[1].error);
    expect(r.stderr).toContain('Exception in thread worker');
    expect(r.stderr).toContain('RuntimeError: in thread');
    expect(r.stderr).toContain('Traceback (most recent call last):');
    expect(r.stderr).toMatch(/line 9, in go\n\s+s\.connect\(\('127\.0\.0\.1', 1\)\)\n(\s*[~^]+\n)?ConnectionRefusedError/);
    expect(r.stderr).not.toContain('sitecustomize');
  });
});

describe('shim: servers built on stdlib frameworks', () => {
  it('traces a socketserver.ThreadingTCPServer', async () => {
    const r = runPy(`
import socket, socketserver, threading
class H(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline()
        self.wfile.write(b'echo:' + line)
socketserver.ThreadingTCPServer.allow_reuse_address = True
srv = socketserver.ThreadingTCPServer(('127.0.0.1', 7000), H)
th = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True); th.start()
with socket.create_connection(('127.0.0.1', 7000)) as c:
    c.sendall(b'abc\\n')
    print(c.recv(100).decode().strip())
srv.shutdown(); srv.server_close()
print('server fd', srv.socket.fileno())
`, { netns: true });
    expect(await r.finish()).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('echo:abc');
    const bind = r.calls('bind')[0];
    expect(bind).toMatchObject({ addr: '127.0.0.1:7000', kind: 'tcp', local: '127.0.0.1:7000' });
    const srvFd = bind.fd;
    expect(r.calls('listen')).toMatchObject([{ fd: srvFd }]);
    const accept = r.calls('accept').find((e) => !e.error)!;
    expect(accept).toMatchObject({ fd: srvFd, addr: r.calls('connect')[0].local });
    const connFd = accept.newFd!;
    const reads = r.events.filter((e) => (e.call === 'recv_into' || e.call === 'recv') && e.fd === connFd && !e.error);
    expect(reads[0]).toMatchObject({ size: 4, head: hex('abc\n') });
    expect(r.events.find((e) => e.call === 'sendall' && e.fd === connFd)).toMatchObject({ size: 9, head: hex('echo:abc\n') });
    expect(r.calls('close').map((e) => e.fd)).toContain(srvFd);
  });

  it('traces an asyncio.start_server server and open_connection client', async () => {
    const r = runPy(`
import asyncio, socket
async def handle(reader, writer):
    data = await reader.readline()
    writer.write(b'AS:' + data)
    await writer.drain()
    writer.close()
async def main():
    server = await asyncio.start_server(handle, '127.0.0.1', 2600)
    reader, writer = await asyncio.open_connection('127.0.0.1', 2600)
    writer.write(b'hey\\n')
    await writer.drain()
    print((await reader.read()).decode().strip())
    writer.close()
    server.close()
    await server.wait_closed()
asyncio.run(main())
`, { netns: true });
    expect(await r.finish()).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('AS:hey');
    const tcp = r.events.filter((e) => e.kind === 'tcp');
    const bind = tcp.find(byCall('bind'))!;
    expect(bind).toMatchObject({ addr: '127.0.0.1:2600', local: '127.0.0.1:2600' });
    expect(tcp.find((e) => e.call === 'listen')).toMatchObject({ fd: bind.fd });
    const connect = tcp.find((e) => e.call === 'connect' && e.addr === '127.0.0.1:2600');
    expect(connect).toBeDefined();
    const accept = tcp.find((e) => e.call === 'accept' && !e.error)!;
    expect(accept.fd).toBe(bind.fd);
    const connFd = accept.newFd!;
    expect(tcp.find((e) => e.fd === connFd && e.call.startsWith('recv') && e.size === 4)).toMatchObject({ head: hex('hey\n') });
    expect(tcp.find((e) => e.fd === connFd && e.call.startsWith('send') && !e.error)).toMatchObject({ size: 7, head: hex('AS:hey\n') });
    expect(tcp.find((e) => e.fd === connect!.fd && e.call.startsWith('send') && !e.error)).toMatchObject({ size: 4 });
  });
});

describe('shim: robustness and cost', () => {
  it('does nothing at all without LABCHECK_* variables', async () => {
    const probe = `
import sys, builtins
print(sorted(m for m in sys.modules if m != 'sitecustomize'))
print(type(sys.stdin).__name__, type(builtins.input).__name__, sys.excepthook is sys.__excepthook__)
print(getattr(sys.modules.get('sitecustomize'), '__file__', None))
`;
    const withShim = runPy(probe, { events: false });
    expect(await withShim.finish()).toBe(0);
    expect(withShim.eventBytes).toBe(0);
    // the same program without the shim on the path
    const plainEnv: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(plainEnv)) if (k.startsWith('LABCHECK_')) delete plainEnv[k];
    const dir = path.join(WORK, 'plain');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'prog.py'), probe);
    const plain = new PyRun(PYTHON, [path.join(dir, 'prog.py')], plainEnv, dir);
    expect(await plain.finish()).toBe(0);
    const [modsShim, flagsShim, siteShim] = withShim.stdout.trim().split('\n');
    const [modsPlain, flagsPlain] = plain.stdout.trim().split('\n');
    expect(siteShim).toBe(path.join(SHIM_DIR, 'sitecustomize.py'));
    expect(modsShim).toBe(modsPlain);
    expect(modsShim).not.toContain("'socket'");
    expect(flagsShim).toBe(flagsPlain);
    expect(flagsShim).toBe('TextIOWrapper builtin_function_or_method True');
  });

  it('imports no json and reports when enabled; survives the harness closing the events pipe', async () => {
    const r = runPy(`
import sys, socket
print('json' in sys.modules, 're' in sys.modules and 'preloaded' or 'no-re')
sys.stdout.flush()
for i in range(2000):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.close()
print('done')
`);
    await r.waitFor(byCall('socket'), 'first socket event');
    (r.proc.stdio[3] as Readable).destroy();
    expect(await r.finish()).toBe(0);
    expect(r.stdout.split('\n')[0].startsWith('False')).toBe(true);
    expect(r.stdout).toContain('done\n');
    expect(r.stderr).toBe('');
  });

  it('ignores a LABCHECK_EVENTS_FD that is not open', async () => {
    const r = runPy(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.close()
print(type(s).__module__, input('p> '))
`, { env: { LABCHECK_EVENTS_FD: '57' } });
    r.write('x\n');
    r.closeStdin();
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe('p> socket x\n');
    expect(r.stderr).toBe('');
    expect(r.eventBytes).toBe(0);
  });

  it('keeps socket module identities and runs a shadowed sitecustomize', async () => {
    const other = path.join(WORK, 'othersite');
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, 'sitecustomize.py'), "import builtins\nbuiltins.OTHER_SITE = 'ran'\n");
    const r = runPy(`
import socket as sm, _socket, builtins
from socket import *
s = socket()
print(sm.SocketType is _socket.socket, isinstance(s, SocketType), type(s) is sm.socket is socket,
      socket.__module__, socket.__name__, builtins.OTHER_SITE)
a, b = socketpair()
a.sendall(b'pair'); print(b.recv(10).decode())
f = fromfd(s.fileno(), AF_INET, SOCK_STREAM); print(type(f).__name__)
`, { extraPythonPath: other });
    expect(await r.finish()).toBe(0);
    expect(r.stdout).toBe('True True True socket socket ran\npair\nsocket\n');
    // socketpair sockets are created from fds: no creation events, but their I/O is traced
    expect(r.calls('socket')).toHaveLength(1);
    expect(r.calls('sendall')).toMatchObject([{ kind: 'other', size: 4, head: hex('pair') }]);
  });

  it('forked children report with their own pid', async () => {
    const r = runPy(`
import os, socket
pid = os.fork()
if pid == 0:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.close()
    os._exit(0)
os.waitpid(pid, 0)
print(pid)
`);
    expect(await r.finish()).toBe(0);
    const child = Number(r.stdout.trim());
    expect(child).toBeGreaterThan(0);
    expect(r.calls('fork')).toMatchObject([{ pid: child, detail: String(r.proc.pid) }]);
    expect(r.calls('socket')).toMatchObject([{ pid: child, kind: 'udp' }]);
    expect(r.calls('close')).toMatchObject([{ pid: child }]);
  });
});
