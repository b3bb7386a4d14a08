// The reference peers are real programs: each passes its own lab:role's scenarios when run as
// the program under test, and `labcheck ref` serves a client by hand.
import dgram from 'node:dgram';
import net from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { findReference } from '../reference/registry.js';
import { cli, labcheck, root } from './support/cli.js';
import { startLabcheck } from './support/labcheck-runs.js';

const catalog = loadCatalog();

// Scenarios that report a flaw of the course's protocol itself, which no receiver can avoid: the
// file name has no delimiter, so when name and content come in one segment nobody can tell where
// the name ends. The reference receiver fails them like the seed does (asserted, so a change shows).
const PROTOCOL_FLAWS = new Set(['file-tcp:client/coalesced-name', 'file-tcp-upload:server/coalesced-name']);
const roles = [...catalog.labs.values()].flatMap((lab) => Object.keys(lab.roles).map((role) => `${lab.lab}:${role}`)).filter((id) => findReference(id));

let entry = '';
beforeAll(async () => {
  // --cmd needs an entry file; the reference ignores it.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-ref-'));
  entry = path.join(dir, 'reference.txt');
  await writeFile(entry, 'the reference peer runs from the labcheck package\n');
});

describe.concurrent('each reference peer passes its own scenarios', () => {
  test('every server and client role has a reference peer', () => {
    const missing = [...catalog.labs.values()].flatMap((lab) => Object.keys(lab.roles).filter((r) => r !== 'module').map((r) => `${lab.lab}:${r}`)).filter((id) => !findReference(id));
    expect(missing).toEqual([]);
  });
  for (const id of roles) {
    test(id, async () => {
      // The reference is labcheck itself: the sandbox must let it read labcheck's own tree.
      const run = await labcheck(['test', id, entry, '--cmd', `node ${cli} ref ${id}`, '--allow-read', root, '--seed', '7']);
      // Run with --cmd, a reference is not traced: a check that needs socket calls (no-busy-loop)
      // cannot judge it and says so; that is the one verdict besides passed it may get. The
      // protocol-flaw scenarios (coalesced-name) fail for every program, the reference included.
      const cannotJudge = (s: { status: string; checks: { cannotJudge?: boolean | undefined }[] }) => s.status === 'skipped' && s.checks.some((c) => c.cannotJudge);
      const expected = (s: { id: string }) => (PROTOCOL_FLAWS.has(s.id) ? 'failed' : 'passed');
      expect(run.report?.scenarios.filter((s) => s.status !== expected(s) && !cannotJudge(s)).map((s) => `${s.id}: ${s.message}`), run.stdout).toEqual([]);
      expect(run.report?.scenarios.length).toBe(catalog.scenarios(...(id.split(':') as [string, string])).length);
      expect(run.exitCode).toBe(run.report?.scenarios.some((s) => PROTOCOL_FLAWS.has(s.id)) ? 1 : 0);
    }, 180_000); // the file labs start the reference three times per scenario
  }
});

describe('labcheck ref runs standalone', () => {
  test('the reference echo server echoes a client on the port given', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const server = startLabcheck(['ref', 'echo:server', '--port', String(port), '--host', '127.0.0.1']);
    try {
      await new Promise<void>((resolve) => server.stderr!.on('data', (d: Buffer) => String(d).includes('Ctrl-C') && resolve()));
      const echoed = await new Promise<string>((resolve, reject) => {
        const c = net.connect(port, '127.0.0.1', () => c.write('안녕 hello'));
        c.on('data', (d) => {
          resolve(d.toString('utf8'));
          c.end();
        });
        c.on('error', reject);
      });
      expect(echoed).toBe('안녕 hello');
    } finally {
      server.kill('SIGKILL');
      await server;
    }
  });

  test('an unknown reference is a usage error', async () => {
    const run = await labcheck(['ref', 'nope:server']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('no reference peer nope:server');
  });
});

describe('the broadcast references run standalone', () => {
  // On the host's loopback, never to a real broadcast address: the receiver prints any datagram
  // to its port, and the sender is pointed at 127.0.0.1 with --options.
  const freeUdpPort = () =>
    new Promise<number>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.bind(0, '127.0.0.1', () => {
        const p = s.address().port;
        s.close(() => resolve(p));
      });
    });

  test('labcheck ref broadcast:server prints what it receives, beside another socket on its port', async () => {
    const port = await freeUdpPort();
    const receiver = startLabcheck(['ref', 'broadcast:server', '--port', String(port)]);
    // Its port is shared (SO_REUSEADDR): a second socket binds it too, as a second receiver would.
    const other = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    try {
      await new Promise<void>((resolve) => receiver.stderr!.on('data', (d: Buffer) => String(d).includes('Ctrl-C') && resolve()));
      const printed = new Promise<string>((resolve) => {
        let out = '';
        receiver.stdout!.on('data', (d: Buffer) => {
          out += String(d);
          if (out.includes('방송 hello')) resolve(out);
        });
      });
      const sender = dgram.createSocket('udp4');
      sender.send(Buffer.from('방송 hello', 'utf8'), port, '127.0.0.1', () => sender.close());
      expect(await printed).toMatch(/^방송 hello {4}\(from 127\.0\.0\.1:\d+\)$/m);
      // (Bound only now: a unicast goes to one of the sockets sharing a port, the last one bound.)
      await new Promise<void>((resolve, reject) => {
        other.once('error', reject);
        other.bind(port, '0.0.0.0', () => resolve());
      });
    } finally {
      other.close();
      receiver.kill('SIGKILL');
      await receiver;
    }
  });

  test('labcheck ref broadcast:client sends each typed line as one datagram', async () => {
    const listener = dgram.createSocket('udp4');
    const port = await new Promise<number>((resolve) => listener.bind(0, '127.0.0.1', () => resolve(listener.address().port)));
    const got: string[] = [];
    const two = new Promise<void>((resolve) =>
      listener.on('message', (m) => {
        got.push(m.toString('utf8'));
        if (got.length === 2) resolve();
      }),
    );
    const sender = startLabcheck(['ref', 'broadcast:client', '--port', String(port), '--options', '{"address":"127.0.0.1"}']);
    try {
      sender.stdin!.write('first line\n두 번째 줄\n');
      await two;
      expect(got).toEqual(['first line', '두 번째 줄']);
      sender.stdin!.end();
      expect((await sender).exitCode).toBe(0);
    } finally {
      listener.close();
      sender.kill('SIGKILL');
    }
  });
});
