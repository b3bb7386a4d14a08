// npm run bench: the harness's own speed, measured (never asserted in tests).
//  1. Overhead per scenario for echo:server on the seed's TCP_echoserver.py: the wall time of a
//     scenario minus the program's start-up (spawn until it listens) and minus the time spent
//     waiting for the program in the protocol's steps. Target: median <= 50 ms.
//  2. Wall time of `labcheck test` over every lab:role of the harness core on correct fixtures.
//     Target: under 15 s on 2 cores.
//  3. Fixed costs: `labcheck list` against a bare `node -e 0` (target: within 2x), and one
//     `labcheck test echo:server --only echo-bytes` on the seed's TCP_echoserver.py against the
//     same exchange with no harness (floor-echo.py) on the same interpreter (target: within 3x).
//  4. video-tcp frames per second, harness vs the two seed programs directly (bench/video-tcp.ts;
//     BENCH_ONLY=video). Target: at least half the direct rate.
import { execa } from 'execa';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { runRole } from '../harness/run/run-role.js';
import { chooseIsolation } from '../harness/sandbox/isolation.js';
import { cliScript } from '../harness/paths.js';
import type { Evidence } from '../harness/model/evidence.js';
import { loadFixtures } from '../scripts/fixtures.js';
import { WorkerPool } from '../harness/engine/worker-pool.js';
import { resolvePython } from '../harness/run/resolve-python.js';
import { packageRoot } from '../harness/paths.js';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Time inside steps that wait on the program: its start-up and the protocol's own waits. */
function programTime(e: Evidence): number {
  return e.steps.reduce((sum, s) => sum + (s.t1 - s.t0), 0);
}

async function overhead(): Promise<void> {
  const catalog = loadCatalog();
  const { isolation } = await chooseIsolation('auto');
  const entry = entryOf('echo:server', 'seed-TCP_echoserver');
  const overheads: number[] = [];
  const startups: number[] = [];
  const walls: number[] = [];
  // One pool for all rounds, as when grading a class: its spare worker is warm between runs.
  const pool = new WorkerPool(isolation, process.env);
  // Resolved once, as when grading a class: a run given the interpreter's own path asks nothing.
  const python = await resolvePython('python3', path.dirname(entry));
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    await runRole(catalog, {
      request: { lab: 'echo', role: 'server', entry, python, programArgs: [], seed: round, timeoutScale: 1 },
      isolation,
      pool,
      scenarios: catalog.scenarios('echo', 'server'),
      onResult: (result, evidence) => {
        const wall = performance.now() - t0;
        if (result.status !== 'passed') throw new Error(`${result.id} did not pass: ${result.message}`);
        walls.push(wall);
        startups.push(evidence.steps[0]!.t1 - evidence.steps[0]!.t0);
        overheads.push(wall - programTime(evidence));
        t0 = performance.now();
      },
    });
  }
  await pool.close();
  console.log(`1. echo:server on the seed TCP_echoserver.py, ${ROUNDS} rounds x 3 scenarios, isolation ${isolation}`);
  console.log(`   scenario wall time      median ${percentile(walls, 50).toFixed(0)} ms, p90 ${percentile(walls, 90).toFixed(0)} ms`);
  console.log(`   program start-up        median ${percentile(startups, 50).toFixed(0)} ms (spawn until it listens)`);
  console.log(`   harness overhead        median ${percentile(overheads, 50).toFixed(1)} ms, p90 ${percentile(overheads, 90).toFixed(1)} ms  (target: median <= 50 ms)`);
}

/** One correct fixture per lab:role (its folder under fixtures/), the seed's where it passes everything. */
const CORRECT: Record<string, string> = {
  'time:server': 'seed-time_server',
  'time:client': 'seed-time_client',
  'visitor-count:server': 'ok-global-count',
  'time-format:client': 'ok-split',
  'echo:server': 'seed-TCP_echoserver',
  'echo:client': 'seed-TCP_client',
  'echo-multi:server': 'ok-loop',
  'mytcpserver:server': 'seed-MyTCPServer_ex01',
  'mytcpserver:module': 'seed-MyTCPServer',
  'number-lookup:server': 'ok-strip-loop',
  'name-lookup:server': 'ok-plain',
  'echo-udp:server': 'seed-UDP_server',
  'echo-udp:client': 'seed-UDP_client',
};

function entryOf(labRole: string, name: string): string {
  const f = loadFixtures().find((x) => `${x.lab}:${x.role}` === labRole && x.name === name);
  if (!f) throw new Error(`no fixture ${labRole} ${name}`);
  return f.entry;
}

async function wallTime(): Promise<void> {
  const t0 = performance.now();
  const lines: string[] = [];
  for (const [labRole, name] of Object.entries(CORRECT)) {
    const t = performance.now();
    const r = await execa('node', [cliScript, 'test', labRole, entryOf(labRole, name), '--seed', '1', '--json', '/dev/null', '--junit', '/dev/null'], { reject: false, env: { NO_COLOR: '1' } });
    lines.push(`   ${labRole.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(2)} s  ${r.exitCode === 0 ? 'all passed' : `exit ${r.exitCode}`}`);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`2. labcheck test over every lab:role of the core on correct fixtures (one after another)`);
  console.log(lines.join('\n'));
  console.log(`   total                  ${total.toFixed(1)} s  (target: under 15 s)`);
}

/** CPU time (user + system, ms) of this process's finished children and their own children. */
function childrenCpuMs(): number {
  // /proc/self/stat after the command name: fields 14 and 15 there are cutime and cstime.
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // USER_HZ is 100 on Linux
}

interface Cost {
  /** Median wall time, ms. */
  wall: number;
  /** Median CPU time of the whole process tree, ms: what a busy machine makes everyone share. */
  cpu: number;
}

/** Median wall and CPU time of `times` runs of a command (each must succeed). */
async function medianCost(command: string, args: string[], times: number): Promise<Cost> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const cpu = childrenCpuMs();
    const r = await execa(command, args, { reject: false, env: { NO_COLOR: '1' } });
    walls.push(performance.now() - t);
    cpus.push(childrenCpuMs() - cpu);
    if (r.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stdout}${r.stderr}`);
  }
  return { wall: percentile(walls, 50), cpu: percentile(cpus, 50) };
}

const show = (c: Cost) => `${c.wall.toFixed(0).padStart(5)} ms wall, ${c.cpu.toFixed(0).padStart(4)} ms CPU`;
const ratio = (a: Cost, b: Cost, target: number) =>
  `${(a.wall / b.wall).toFixed(1)}x wall (target: within ${target}x: ${a.wall / b.wall <= target ? 'met' : 'NOT met'}), ${(a.cpu / b.cpu).toFixed(1)}x CPU`;

async function fixedCosts(): Promise<void> {
  const times = Number(process.env.BENCH_FIXED_ROUNDS ?? 7);
  const entry = entryOf('echo:server', 'seed-TCP_echoserver');
  const python = await resolvePython('python3', path.dirname(entry));
  const node = await medianCost(process.execPath, ['-e', '0'], times);
  const list = await medianCost(process.execPath, [cliScript, 'list'], times);
  const { isolation } = await chooseIsolation('auto');
  // The floor runs in a fresh network namespace too (port 2500 as written), when labcheck's does.
  const floorScript = path.join(packageRoot, 'bench', 'floor-echo.py');
  const floor =
    isolation === 'netns'
      ? await medianCost('unshare', ['--net', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', python, floorScript, entry], times)
      : await medianCost(python, [floorScript, entry], times);
  const run = (py: string[]) => [cliScript, 'test', 'echo:server', entry, '--only', 'echo-bytes', '--seed', '1', '--json', '/dev/null', '--junit', '/dev/null', ...py];
  const echo = await medianCost(process.execPath, run(['--python', python]), times);
  const echoDefault = await medianCost(process.execPath, run([]), times);
  console.log(`3. fixed costs, median of ${times}`);
  console.log(`   node -e 0               ${show(node)}`);
  console.log(`   labcheck list           ${show(list)}  ${ratio(list, node, 2)}`);
  console.log(`   no-harness echo-bytes   ${show(floor)}  (floor-echo.py, ${python}${isolation === 'netns' ? ', in a network namespace' : ''})`);
  console.log(`   labcheck echo-bytes     ${show(echo)}  ${ratio(echo, floor, 3)}  (--python ${python})`);
  console.log(`   same, \`python3\` given  ${show(echoDefault)}  (resolved once per run)`);
}

const only = process.env.BENCH_ONLY;
if (!only || only === 'overhead') await overhead();
if (!only || only === 'wall') await wallTime();
if (!only || only === 'fixed') await fixedCosts();
if (!only || only === 'file') await (await import('./file-transfer.js')).fileTransferBench();
if (!only || only === 'video') await (await import('./video-tcp.js')).videoTcpBench();
if (!only || only === 'class') await (await import('./class-bench.js')).classBench();
