// video-tcp frames per second, in one run:
//  - through the harness: the notebook's video_server.py under labcheck (video-tcp:server/frames
//    with the camera unpaced and N frames), sending to the reference client; the rate is taken
//    from the client's recorded chunks, from the end of frame 1 to the end of frame N;
//  - directly: the same video_server.py and the notebook's video_client.py connected to each other
//    in a private network namespace, both with the device stand-ins (camera unpaced, the client
//    quits after N frames); the rate is taken from the client's display events, frame 1 to N.
// And the other way round: the reference server (one write per frame) -> video_client.py under
// labcheck (video-tcp:client/reassembly with N frames), the rate from its display events.
// All exclude the programs' start-up (importing OpenCV alone takes most of a second).
// Target: the harness's rate at least half the direct one.
import { execa } from 'execa';
import { copyFile, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog, type ScenarioEntry } from '../harness/scenario/catalog.js';
import { runRole } from '../harness/run/run-role.js';
import { chooseIsolation } from '../harness/sandbox/isolation.js';
import { loadFixtures } from '../scripts/fixtures.js';
import { DEFAULT_PYTHON, pythonWithModules } from '../harness/run/python-with-modules.js';
import { shimDir } from '../harness/paths.js';
import { splitMessages } from '../harness/formats/video/frame-stream.js';
import type { Evidence } from '../harness/model/evidence.js';

const FRAMES = Number(process.env.BENCH_VIDEO_FRAMES ?? 120);
const PORT = 9000;

/** The frames scenario with N frames and an unpaced camera. */
function serverScenario(entry: ScenarioEntry): ScenarioEntry {
  const spec = structuredClone(entry.spec);
  for (const step of spec.steps as Record<string, any>[]) {
    if (step.start) step.start.devices = { ...step.start.devices, camera: { fps: 0 } };
    if (step.peer) step.peer.options = { ...step.peer.options, frames: FRAMES, timeoutMs: 120_000 };
  }
  for (const check of spec.checks as Record<string, any>[]) if (check['video-frames-sent']) check['video-frames-sent'].frames = FRAMES;
  return { ...entry, spec };
}

/** The reassembly scenario with N frames, one write each (the seed client's rate, not the segmentation's). */
function clientScenario(entry: ScenarioEntry): ScenarioEntry {
  const spec = structuredClone(entry.spec);
  for (const step of spec.steps as Record<string, any>[]) {
    if (step.peer) step.peer.options = { ...step.peer.options, frames: FRAMES, segmentation: 'whole' };
    if (step.start) step.start.devices = { ...step.start.devices, quitAfterShown: FRAMES };
    if (step['await-frames']) step['await-frames'] = { ...step['await-frames'], count: FRAMES, timeoutMs: 120_000 };
  }
  for (const check of spec.checks as Record<string, any>[]) if (check['video-frames-shown']) check['video-frames-shown'].frames = FRAMES;
  return { ...entry, spec };
}

/** Frames per second of the display events, from frame 1 to frame N. */
function showRate(shows: { t: number }[]): number {
  if (shows.length < FRAMES) return NaN;
  return (FRAMES - 1) / ((shows[FRAMES - 1]!.t - shows[0]!.t) / 1000);
}

/** Frames per second the reference client received, from the end of frame 1 to the end of frame N. */
function harnessRate(e: Evidence): number {
  const chunks = e.connections.find((c) => c.name === 'client#1')?.chunks.filter((c) => c.dir === 'from-program') ?? [];
  const split = splitMessages(Buffer.concat(chunks.map((c) => c.data)), FRAMES);
  if (split.messages.length < FRAMES) return NaN;
  const ends = split.messages.map((m) => m.offset + 8 + m.payload.length);
  const times: number[] = [];
  let total = 0;
  let next = 0;
  for (const chunk of chunks) {
    total += chunk.data.length;
    while (next < ends.length && total >= ends[next]!) {
      times.push(chunk.t);
      next++;
    }
  }
  return (FRAMES - 1) / ((times[FRAMES - 1]! - times[0]!) / 1000);
}

async function directRate(python: string, server: string, client: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-video-'));
  await copyFile(server, path.join(dir, 'video_server.py'));
  await copyFile(client, path.join(dir, 'video_client.py'));
  const env = (devices: object) => `PYTHONPATH='${shimDir}' LABCHECK_DEVICES='${JSON.stringify(devices)}'`;
  // The server starts first; the client connects once it listens (polled with ss, not a connection
  // of our own: the seed server serves the first connection it accepts).
  const script = [
    'ip link set lo up',
    `cd '${dir}'`,
    `${env({ camera: { fps: 0 } })} '${python}' video_server.py >/dev/null 2>&1 &`,
    `until ss -ltn | grep -q ':${PORT} '; do sleep 0.02; done`,
    `${env({ quitAfterShown: FRAMES })} LABCHECK_EVENTS_FD=3 '${python}' video_client.py 3>events.jsonl >/dev/null`,
    'kill %1 2>/dev/null; wait',
  ].join('\n');
  await execa('unshare', ['-n', 'bash', '-c', script]);
  const shows = (await readFile(path.join(dir, 'events.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.includes('"device"'))
    .map((l) => JSON.parse(l) as { op: string; t: number })
    .filter((e) => e.op === 'show');
  return showRate(shows);
}

export async function videoTcpBench(rounds = Number(process.env.BENCH_VIDEO_ROUNDS ?? 3)): Promise<void> {
  const fx = loadFixtures();
  const server = fx.find((f) => f.lab === 'video-tcp' && f.role === 'server' && f.name.startsWith('seed-'))!.entry;
  const client = fx.find((f) => f.lab === 'video-tcp' && f.role === 'client' && f.name.startsWith('seed-'))!.entry;
  const { python, problem } = await pythonWithModules(DEFAULT_PYTHON, ['numpy'], path.dirname(server));
  if (!python) {
    console.log(`video-tcp frames per second: not measured (${problem})`);
    return;
  }
  const catalog = loadCatalog();
  const { isolation } = await chooseIsolation('auto');
  const serverRun = serverScenario(catalog.scenarios('video-tcp', 'server').find((s) => s.name === 'frames')!);
  const clientRun = clientScenario(catalog.scenarios('video-tcp', 'client').find((s) => s.name === 'reassembly')!);
  const directs: number[] = [];
  const harness: number[] = [];
  const clientSide: number[] = [];
  for (let round = 0; round < rounds; round++) {
    directs.push(await directRate(python, server, client));
    await runRole(catalog, {
      request: { lab: 'video-tcp', role: 'server', entry: server, python, programArgs: [], seed: round, timeoutScale: 1 },
      isolation,
      scenarios: [serverRun],
      onResult: (result, e) => {
        if (result.status !== 'passed') throw new Error(`video-tcp:server/frames did not pass in the bench: ${result.message}`);
        harness.push(harnessRate(e));
      },
    });
    await runRole(catalog, {
      request: { lab: 'video-tcp', role: 'client', entry: client, python, programArgs: [], seed: round, timeoutScale: 1 },
      isolation,
      scenarios: [clientRun],
      onResult: (result, e) => {
        if (result.status !== 'passed') throw new Error(`video-tcp:client/reassembly did not pass in the bench: ${result.message}`);
        clientSide.push(showRate(e.programs.program?.devices.filter((d) => d.device === 'display' && d.op === 'show') ?? []));
      },
    });
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const d = median(directs);
  const h = median(harness);
  const c = median(clientSide);
  const of = (x: number) => `${(x / d).toFixed(2)} of the direct rate (target >= 0.5: ${x / d >= 0.5 ? 'met' : 'NOT met'})`;
  console.log(`video-tcp, ${FRAMES} frames of 640x480, medians of ${rounds} runs:`);
  console.log(`   seed server -> seed client, directly             ${d.toFixed(1).padStart(6)} frames/s`);
  console.log(`   seed server under labcheck -> reference client   ${h.toFixed(1).padStart(6)} frames/s  ${of(h)}`);
  console.log(`   reference server -> seed client under labcheck   ${c.toFixed(1).padStart(6)} frames/s  ${of(c)}`);
}
