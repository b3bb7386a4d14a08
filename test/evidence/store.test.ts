// The evidence store: saved evidence reads back exactly (bytes as Buffers), a run's folder holds
// that run alone, and judging loaded evidence gives what judging the recorded evidence gave, for
// every scenario of the catalog (so for every check).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  EvidenceError,
  EvidenceFolder,
  EVIDENCE_FORMAT,
  evidenceFileText,
  loadEvidenceFile,
  loadRunFolder,
  parseEvidenceFile,
  type EvidenceFile,
} from '../../harness/evidence/store.js';
import { judge } from '../../harness/judge/judge.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { CHECKS } from '../../harness/checks/registry.js';
import { loadCatalog, type ScenarioEntry } from '../../harness/scenario/catalog.js';
import type { RunRequest } from '../../harness/run/rerun.js';
import { evidence } from '../checks/evidence-builder.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'labcheck-store-'));
  dirs.push(d);
  return d;
}

/** Every byte value, an empty write, Korean, and bytes that are not UTF-8. */
const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const ODD = Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xed, 0xa0, 0x80]);

function wrap(e: Evidence): EvidenceFile {
  return { format: EVIDENCE_FORMAT, scenario: { id: 'echo:server/echo-bytes', repetition: 1, durationMs: 12, rerun: 'labcheck test echo:server x.py' }, evidence: e };
}

describe('evidence files', () => {
  test('bytes come back as Buffers with the same contents, wherever they are', () => {
    const e = evidence()
      .conn('c1', (c) => c.sent(ALL_BYTES).received(Buffer.alloc(0)).received('안녕하세요\n').received(ODD).harnessClosed())
      .udp('u1', (c) => c.sent('ping', '127.0.0.1:9').received(ODD, '127.0.0.1:9'))
      .program('program', (p) => p.stdout('Server started 😀\n').input('IP? ', null).exit(0))
      .fact('peer.raw', Buffer.from('raw fact'))
      .build();
    const loaded = parseEvidenceFile(evidenceFileText(wrap(e))).evidence;
    expect(loaded).toEqual(e);
    const chunks = loaded.connections.flatMap((c) => c.chunks);
    for (const chunk of chunks) expect(Buffer.isBuffer(chunk.data)).toBe(true);
    expect(chunks.map((k) => k.data.toString('hex'))).toEqual(e.connections.flatMap((c) => c.chunks).map((k) => k.data.toString('hex')));
    expect(Buffer.isBuffer(loaded.facts['peer.raw'])).toBe(true);
    expect(loaded.programs.program!.inputs[0]!.answer).toBeNull();
  });

  test('a file that is not evidence is refused with its name', () => {
    expect(() => parseEvidenceFile('{"lab":"echo"}', 'x.json')).toThrow(EvidenceError);
    expect(() => parseEvidenceFile('{"lab":"echo"}', 'x.json')).toThrow(/x\.json is not a labcheck evidence file/);
    expect(() => parseEvidenceFile('not json', 'y.json')).toThrow(/y\.json is not valid JSON/);
  });
});

describe('EvidenceFolder', () => {
  const request: RunRequest = { lab: 'echo', role: 'server', entry: 'x.py', python: 'python3', programArgs: [], seed: 7, timeoutScale: 1 };
  const run = { isolation: 'netns' as const, command: 'labcheck test echo:server x.py --seed 7', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 40 };

  test('a new run removes the files an earlier run left, and keeps the rest', async () => {
    const dir = await tempDir();
    const earlier = await EvidenceFolder.open(dir);
    await earlier.save({ id: 'echo:server/abrupt-reset', repetition: 1, durationMs: 5, rerun: 'r' }, evidence().build());
    await earlier.writeManifest(request, run);
    await writeFile(path.join(dir, 'notes.txt'), 'mine');

    const folder = await EvidenceFolder.open(dir);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt']);
    const e1 = evidence().conn('c1', (c) => c.sent('a').received('a')).build();
    const e2 = evidence().conn('c1', (c) => c.sent('a').received('A')).build();
    const f1 = await folder.save({ id: 'echo:server/echo-bytes', repetition: 1, durationMs: 10, rerun: 'r1' }, e1);
    const f2 = await folder.save({ id: 'echo:server/echo-bytes', repetition: 2, durationMs: 11, rerun: 'r1' }, e2);
    await folder.writeManifest(request, { ...run, interrupted: 'Ctrl-C' });
    expect(path.basename(f1)).toBe('echo-bytes.json');
    expect(path.basename(f2)).toBe('echo-bytes.run2.json');
    expect((await readdir(dir)).sort()).toEqual(['echo-bytes.json', 'echo-bytes.run2.json', 'notes.txt', 'run.json']);

    const { manifest, runs } = await loadRunFolder(dir);
    expect(manifest).toMatchObject({ request, ...run, interrupted: 'Ctrl-C', files: ['echo-bytes.json', 'echo-bytes.run2.json'] });
    expect(runs.map((r) => [r.scenario.repetition, r.scenario.durationMs, r.path])).toEqual([
      [1, 10, f1],
      [2, 11, f2],
    ]);
    expect(runs[1]!.evidence).toEqual(e2);
    expect((await loadEvidenceFile(f1)).evidence).toEqual(e1);
  });

  test('a folder without a manifest is not a run folder', async () => {
    const dir = await tempDir();
    await expect(loadRunFolder(dir)).rejects.toThrow(/holds no run\.json/);
  });
});

// ---------------------------------------------------------------------------------------------
// Judging loaded evidence = judging recorded evidence, for every scenario in the catalog.

/** Evidence shaped like a run of this scenario: its connections, sockets and peers carry bytes. */
function syntheticEvidence(entry: ScenarioEntry, faithful: boolean): Evidence {
  const b = evidence();
  b.program('program', (p) =>
    p
      .socketCall({ call: 'bind', addr: '0.0.0.0:2500' })
      .socketCall({ call: 'listen', local: '0.0.0.0:2500' })
      .socketCall({ call: 'accept', addr: '127.0.0.1:40000', fd: 4 })
      .input('IP 주소를 입력하세요: ', '')
      .stdout('Wed Feb  2 14:24:36 2022\n서버 시작\n'),
  );
  for (const step of entry.spec.steps) {
    if ('connect' in step) {
      b.conn(step.connect.conn, (c) => c.sent('hello 안녕\n').received(faithful ? 'hello 안녕\n' : Buffer.concat([Buffer.from('HELLO '), ODD])));
    } else if ('udp' in step) {
      b.udp(step.udp.socket, (c) => c.sent('ping', '127.0.0.1:2500').received(faithful ? 'ping' : ODD, '127.0.0.1:2500'));
    } else if ('peer' in step) {
      b.peerConn(step.peer.name, (c) => c.received('hi\n').sent(faithful ? 'hi\n' : ODD), step.peer.ref);
    } else if ('exchange' in step) {
      const replies = step.exchange.messages.flatMap((m, i) => ('reply' in m && m.reply !== undefined ? [{ message: i, reply: m.reply }] : []));
      if (replies.length) b.fact(`${step.exchange.conn}.expectedReplies`, replies);
    }
  }
  for (const c of ['c1', 'c2']) b.conn(c, (k) => k.harnessClosed().programClosed());
  b.step('start program').step('exchange', faithful ? 'ok' : 'timeout', 'nothing arrived within 2.0 s');
  b.program('program', (p) => (faithful ? p.exit(0) : p.stderr('Traceback (most recent call last):\nConnectionResetError: reset\n').stoppedByHarness()));
  return b.build();
}

describe('judging saved evidence', () => {
  const catalog = loadCatalog();
  const entries = [...catalog.labs.values()].flatMap((lab) => Object.keys(lab.roles).flatMap((role) => catalog.scenarios(lab.lab, role)));

  test('every check is used by some scenario of the catalog', () => {
    const used = new Set(entries.flatMap((e) => e.spec.checks.map((c) => Object.keys(c)[0]!)));
    expect([...used].sort()).toEqual(Object.keys(CHECKS).sort());
  });

  test('gives the same result as judging the evidence as recorded, for every scenario', () => {
    const statuses = new Set<string>();
    for (const entry of entries) {
      for (const faithful of [true, false]) {
        const recorded = { ...syntheticEvidence(entry, faithful), scenarioId: entry.id };
        const saved = evidenceFileText({ format: EVIDENCE_FORMAT, scenario: { id: entry.id, repetition: 1, durationMs: 30, rerun: 'r' }, evidence: recorded });
        const loaded = parseEvidenceFile(saved).evidence;
        const live = judge(entry, recorded, 'r', 30);
        expect(judge(entry, loaded, 'r', 30), `${entry.id} (${faithful ? 'faithful' : 'garbled'})`).toEqual(live);
        statuses.add(live.status);
      }
    }
    // The comparison is worth something only if the evidence made the checks judge both ways.
    expect([...statuses].sort()).toEqual(['failed', 'passed']);
  });
});

describe('large payloads', () => {
  test('a 5 MiB transfer is kept once as a file named by its hash, not as base64 in the JSON', async () => {
    const dir = await tempDir();
    const big = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) & 0xff;
    const e = evidence()
      .conn('c1', (c) => c.sent('name.bin').received(big).harnessClosed())
      .fact('sent', big)
      .build();
    const folder = await EvidenceFolder.open(dir);
    const file = await folder.save(wrap(e).scenario, e);
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
    expect(size).toBeLessThan(64 * 1024);
    expect(await readdir(path.join(dir, 'blobs'))).toHaveLength(1); // the same bytes twice: one file
    const loaded = (await loadEvidenceFile(file)).evidence;
    expect(Buffer.compare(loaded.connections[0]!.chunks[1]!.data, big)).toBe(0);
    expect(Buffer.compare(loaded.facts.sent as Buffer, big)).toBe(0);
    expect(loaded.connections[0]!.chunks[0]!.data.toString()).toBe('name.bin'); // small bytes stay inline
  });

  test('a missing or altered payload file is an evidence error, never different bytes', async () => {
    const dir = await tempDir();
    const e = evidence().conn('c1', (c) => c.received(Buffer.alloc(100_000, 7)).harnessClosed()).build();
    const folder = await EvidenceFolder.open(dir);
    const file = await folder.save(wrap(e).scenario, e);
    const [blob] = await readdir(path.join(dir, 'blobs'));
    await writeFile(path.join(dir, 'blobs', blob!), Buffer.alloc(100_000, 8));
    await expect(loadEvidenceFile(file)).rejects.toThrow(/does not match its SHA-256/);
    await rm(path.join(dir, 'blobs'), { recursive: true });
    await expect(loadEvidenceFile(file)).rejects.toThrow(EvidenceError);
  });
});
