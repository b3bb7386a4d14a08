// The lab contract: every mandated scenario id of the labs built so far is offered, and each
// has at least one fixture that passes it and one that fails it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { listData } from '../harness/cli/list-command.js';
import { loadFixtures } from '../scripts/fixtures.js';
import { statusOf } from '../scripts/verdict.js';
import { labcheck, root } from './support/cli.js';

/** The labs of the harness-core issue (LABS.md). */
const LABS = ['time', 'visitor-count', 'time-format', 'echo', 'echo-multi', 'mytcpserver', 'number-lookup', 'name-lookup', 'echo-udp'];
/** Issue 7's Modbus lab. */
LABS.push('modbus');
LABS.push('arq-udp', 'arq-nak-udp'); // issue 7
const MANDATED = [
  'time:server/sends-ctime', 'time:server/closes-after-send', 'time:server/serves-again', 'time:client/prints-time',
  'visitor-count:server/counts-visitors', 'time-format:client/formats-time',
  'echo:server/echo-bytes', 'echo:server/graceful-close', 'echo:server/abrupt-reset',
  'echo:client/round-trip', 'echo:client/quit', 'echo:client/server-closes',
  'echo-multi:server/sequential-clients', 'mytcpserver:server/echo-bytes', 'mytcpserver:server/graceful-close', 'mytcpserver:module/api',
  'number-lookup:server/lookup', 'number-lookup:server/unknown-key', 'number-lookup:server/graceful-close',
  'name-lookup:server/lookup', 'name-lookup:server/unknown-name',
  'echo-udp:server/echo-datagrams', 'echo-udp:server/two-clients', 'echo-udp:client/round-trip',
  'arq-udp:server/ack', 'arq-udp:server/loss-rate', 'arq-udp:client/no-loss', 'arq-udp:client/retransmit', 'arq-udp:client/backoff', 'arq-udp:client/give-up',
  'arq-nak-udp:server/nak', 'arq-nak-udp:client/resend-on-nak',
];
// issue 7: the frame lab
LABS.push('frame');
MANDATED.push('frame:module/frame-format', 'frame:client/frames-sent', 'frame:client/recovers-message', 'frame:client/sliced-echo');
// issue 10: the audio lab
LABS.push('audio-tcp');
MANDATED.push('audio-tcp:server/audio-stream', 'audio-tcp:client/playback');
MANDATED.push(
  'modbus:server/read-holding-registers', 'modbus:server/write-single-register', 'modbus:server/transactions', 'modbus:server/split-request', 'modbus:server/illegal-function',
  'modbus:client/read-request', 'modbus:client/write-request',
);
// issue 9: the broadcast lab
LABS.push('broadcast');
MANDATED.push('broadcast:server/receives-broadcast', 'broadcast:client/broadcasts');
// issue 9: the multicast lab
LABS.push('multicast');
MANDATED.push('multicast:server/membership', 'multicast:server/non-member-group', 'multicast:server/two-receivers', 'multicast:client/sends-to-group', 'multicast:client/collects-acks');
// issue 10: the video-udp lab
LABS.push('video-udp');
MANDATED.push('video-udp:server/reassembly', 'video-udp:client/chunking');
// issue 10: the video-tcp lab
LABS.push('video-tcp');
MANDATED.push('video-tcp:server/frames', 'video-tcp:client/reassembly');

describe('lab contract', () => {
  const catalog = loadCatalog();
  const offered = listData(catalog).labs.flatMap((l) => l.roles.flatMap((r) => r.scenarios.map((s) => s.id)));

  test('every mandated scenario of these labs is offered', () => {
    expect(offered).toEqual(expect.arrayContaining(MANDATED));
  });

  test('the shared contract file agrees (when ../shared is beside the checkout)', () => {
    const file = path.join(root, '..', 'shared', 'mandated.tsv');
    if (!existsSync(file)) return; // a clone without the contract beside it: the list above stands
    const ids = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')).map(([lr, s]) => `${lr}/${s}`);
    expect(ids.filter((id) => LABS.includes(id.split(':')[0]!)).sort()).toEqual([...MANDATED].sort());
  });

  test('each mandated scenario has a fixture that passes it and one that fails it', () => {
    const fixtures = loadFixtures();
    const missing: string[] = [];
    for (const id of MANDATED) {
      const [labRole, scenario] = id.split('/') as [string, string];
      const ofRole = fixtures.filter((f) => `${f.lab}:${f.role}` === labRole);
      if (!ofRole.some((f) => statusOf(f.verdicts[scenario] ?? '') === 'passed')) missing.push(`${id}: no passing fixture`);
      if (!ofRole.some((f) => statusOf(f.verdicts[scenario] ?? '') === 'failed')) missing.push(`${id}: no failing fixture`);
    }
    expect(missing).toEqual([]);
  });

  test('every fixture lists a verdict for exactly the scenarios of its lab:role', () => {
    for (const f of loadFixtures()) {
      expect(Object.keys(f.verdicts).sort(), `${f.dir}`).toEqual(catalog.scenarios(f.lab, f.role).map((s) => s.name).sort());
    }
  });

  test('labcheck list --json prints every mandated id', async () => {
    const run = await labcheck(['list', '--json']);
    expect(run.exitCode).toBe(0);
    for (const id of MANDATED) expect(run.stdout).toContain(`"${id}"`);
  });
});
