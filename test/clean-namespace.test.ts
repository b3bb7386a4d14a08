// A scenario worker is reused only when it is as clean as a fresh one (harness/engine/clean-namespace.ts).
// The check runs here in a network namespace of its own, as a worker does, with the built code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { root } from './support/paths.js';

const script = `
import { ownResources, uncleanBecause, waitUntilClean } from ${JSON.stringify(path.join(root, 'dist/harness/engine/clean-namespace.js'))};
import dgram from 'node:dgram';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
spawnSync('ip', ['link', 'set', 'lo', 'up']);
process.on('message', () => {});
// A helper process of the worker's own, with node's pipes to it (Unix socket pairs in the namespace).
const helper = spawn('sleep', ['600'], { stdio: ['pipe', 'pipe', 'inherit'] });
await new Promise((r) => helper.once('spawn', r));
const own = ownResources([process.pid, helper.pid]);
const seen = {};
const look = (what) => (seen[what] = uncleanBecause(own) ?? 'clean');
// A handle closes fully a moment after its close() (as in a worker, which waits up to 1 s).
const settle = async (what) => (seen[what] = (await waitUntilClean(own, 1000)) ?? 'clean');

look('fresh');
const udp = dgram.createSocket('udp4');
await new Promise((r) => udp.bind(0, '127.0.0.1', r));
look('udp socket');
await new Promise((r) => udp.close(r));
await settle('udp closed');

const timer = setTimeout(() => {}, 60_000);
look('timer');
clearTimeout(timer);
await settle('timer cleared');

const child = spawn('sleep', ['30'], { stdio: 'ignore' });
await new Promise((r) => child.once('spawn', r));
look('child');
child.kill('SIGKILL');
await new Promise((r) => child.once('exit', r));
await settle('child reaped');

// A process of the namespace the worker holds no handle of (as an escaped grandchild would be).
const stranger = spawnSync('sh', ['-c', 'setsid sleep 30 </dev/null >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' });
look('stranger');
process.kill(Number(stranger.stdout.trim()), 'SIGKILL');
await settle('stranger killed');
// The same kind of helper started after the snapshot is not the worker's own.
const late = spawn('sleep', ['600'], { stdio: ['pipe', 'pipe', 'inherit'] });
await new Promise((r) => late.once('spawn', r));
look('late helper');
late.kill('SIGKILL');
await new Promise((r) => late.once('exit', r));
await settle('late helper gone');
// Last, as the TIME_WAIT it may leave stays a minute: a TCP exchange whose server closes first
// (its side of the connection then stays in TIME_WAIT, unless the kernel keeps none).
async function exchange() {
  const server = net.createServer((c) => c.end());
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const client = net.connect(server.address().port, '127.0.0.1');
  await new Promise((r) => client.once('connect', r));
  client.resume();
  await new Promise((r) => client.once('end', r));
  client.end();
  server.close();
}
// As a worker does: no TIME_WAIT in its namespace.
const buckets = '/proc/sys/net/ipv4/tcp_max_tw_buckets';
const usual = readFileSync(buckets, 'utf8');
writeFileSync(buckets, '0', { flag: 'r+' });
await exchange();
await settle('tcp, no TIME_WAIT');
writeFileSync(buckets, usual, { flag: 'r+' });
await exchange();
await settle('tcp, TIME_WAIT kept');

helper.kill('SIGKILL');
console.log(JSON.stringify(seen));
process.exit(0);
`;

describe('a worker is clean only when nothing of a scenario is left', () => {
  test('sockets, timers, child processes and other processes of the namespace are seen, and their end too; its own helper is not', async () => {
    const r = await execa('unshare', ['--net', '--', process.execPath, '--input-type=module', '-e', script], { reject: false, stdin: 'ignore' });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = JSON.parse(String(r.stdout)) as Record<string, string>;
    expect(seen.fresh).toBe('clean'); // its own helper and the sockets to it included
    expect(seen['late helper']).toMatch(/a unix socket is still open|is still in its namespace|ProcessWrap/);
    expect(seen['late helper gone']).toBe('clean');
    expect(seen['udp socket']).toMatch(/udp socket is still open/);
    expect(seen['udp closed']).toBe('clean');
    // State 06: TIME_WAIT, which would make a later bind() of that port without SO_REUSEADDR fail.
    expect(seen['tcp, TIME_WAIT kept']).toMatch(/a tcp socket is still open in its namespace: .* 06 /);
    expect(seen['tcp, no TIME_WAIT']).toBe('clean');
    expect(seen.timer).toMatch(/Timeout/);
    expect(seen['timer cleared']).toBe('clean');
    expect(seen.child).toMatch(/is still in its namespace|ProcessWrap/);
    expect(seen['child reaped']).toBe('clean');
    expect(seen.stranger).toMatch(/is still in its namespace/);
    expect(seen['stranger killed']).toBe('clean');
  });

  // An unref'd timer or handle is invisible to the check (process.getActiveResourcesInfo lists
  // only those that keep node alive), and process-wide settings would outlive a scenario: code
  // that runs inside a worker must use neither.
  test('code that runs in a scenario worker unrefs no timer or handle and changes no process-wide setting', () => {
    const folders = ['harness/engine', 'harness/program', 'harness/net', 'harness/faults', 'harness/sandbox', 'harness/files', 'reference'];
    const offenders: string[] = [];
    for (const folder of folders) {
      for (const file of readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts') || file === 'worker-pool.ts') continue; // the pool runs in the parent
        const code = readFileSync(path.join(root, folder, file), 'utf8');
        if (/\.unref\(\)|process\.env\.\w+\s*=[^=]|process\.env\[[^\]]+\]\s*=[^=]|process\.(chdir|umask|setuid|setgid)\(/.test(code)) offenders.push(path.join(folder, file));
      }
    }
    expect(offenders).toEqual([]);
  });
});
