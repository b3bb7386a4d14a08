// The harness's Modbus/TCP code agrees with independent implementations: libmodbus's master
// (mbpoll) and pymodbus's client read and write the reference slave; pymodbus's server answers
// the harness's encoded requests with replies the harness's strict validator accepts. Needs the
// Debian packages mbpoll and python3-pymodbus (scripts/setup.sh installs them); skipped, with
// the reason, without them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeFrame, readHoldingRegisters, writeSingleRegister } from '../../harness/formats/modbus/frame.js';
import { checkReply } from '../../harness/formats/modbus/reply-check.js';
import { seededRandom } from '../../harness/engine/random.js';
import { modbusSlave } from '../../reference/modbus/slave.js';
import { registerTable } from '../../reference/modbus/register-table.js';
import type { RunningPeer } from '../../reference/peer.js';

const PYTHON = '/usr/bin/python3';
const hasPymodbus = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import pymodbus'], { stdio: 'ignore' }).status === 0;
const hasMbpoll = spawnSync('mbpoll', ['-V'], { stdio: 'ignore' }).error === undefined;
const NO_PYMODBUS = 'python3-pymodbus is not installed (apt-get install python3-pymodbus)';
const NO_MBPOLL = 'mbpoll is not installed (apt-get install mbpoll)';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the reference slave, driven by independent masters', () => {
  const SEED = 99;
  // The slave draws its table from the random stream it is given; the same stream here gives the
  // same table to compare with.
  const expected = registerTable(seededRandom(SEED, 'interop'));
  let port = 0;
  let slave: RunningPeer;
  beforeAll(async () => {
    port = await freePort();
    const random = seededRandom(SEED, 'interop');
    slave = modbusSlave.start(
      { host: '127.0.0.1', port, record: () => {}, fact: () => {}, random, fault: () => {}, faultRandom: () => random, log: () => {} },
      {},
    );
    await slave.ready;
  });
  afterAll(() => slave?.stop());

  test.skipIf(!hasMbpoll)(`mbpoll (libmodbus) reads 10 holding registers and writes one${hasMbpoll ? '' : ` — skipped: ${NO_MBPOLL}`}`, async () => {
    const read = await run('mbpoll', ['-m', 'tcp', '-p', String(port), '-a', '3', '-t', '4', '-0', '-r', '0', '-c', '10', '-1', '127.0.0.1']);
    expect(read.code, read.stdout + read.stderr).toBe(0);
    const values = [...read.stdout.matchAll(/^\[(\d+)\]:\s+(-?\d+)/gm)].map((m) => [Number(m[1]), Number(m[2]) & 0xffff]);
    expect(values).toEqual(Array.from({ length: 10 }, (_, i) => [i, expected(i)]));
    const write = await run('mbpoll', ['-m', 'tcp', '-p', String(port), '-a', '1', '-t', '4', '-0', '-r', '0', '-1', '127.0.0.1', '55']);
    expect(write.code, write.stdout + write.stderr).toBe(0);
    expect(write.stdout).toMatch(/Written 1 references/);
  });

  test.skipIf(!hasPymodbus)(`pymodbus's client reads 10 registers and writes one, as unit 17${hasPymodbus ? '' : ` — skipped: ${NO_PYMODBUS}`}`, async () => {
    const script = `
import sys, json
from pymodbus.client import ModbusTcpClient
c = ModbusTcpClient('127.0.0.1', port=int(sys.argv[1]))
c.connect()
r = c.read_holding_registers(0, 10, slave=17)
w = c.write_register(0, 55, slave=17)
print(json.dumps({'read': r.registers, 'write': [w.address, w.value], 'unit': r.unit_id}))
c.close()
`;
    const out = await run(PYTHON, ['-c', script, String(port)]);
    expect(out.code, out.stderr).toBe(0);
    const got = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as { read: number[]; write: number[]; unit: number };
    expect(got.read).toEqual(Array.from({ length: 10 }, (_, i) => expected(i)));
    expect(got.write).toEqual([0, 55]);
    expect(got.unit).toBe(17);
  });
});

describe("the harness's requests, answered by pymodbus's server", () => {
  let port = 0;
  let server: ReturnType<typeof spawn> | undefined;
  beforeAll(async () => {
    if (!hasPymodbus) return;
    port = await freePort();
    const script = `
import sys
from pymodbus.server import StartTcpServer
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
store = ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, list(range(1000, 1300))))
StartTcpServer(context=ModbusServerContext(slaves=store, single=True), address=('127.0.0.1', int(sys.argv[1])))
`;
    server = spawn(PYTHON, ['-c', script, String(port)], { stdio: 'ignore' });
    // Ready once it accepts a connection.
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((resolve) => {
        const c = net.connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
        c.on('error', () => resolve(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the pymodbus server did not start');
  });
  afterAll(() => server?.kill('SIGKILL'));

  /** Send each request (one at a time, each in the given parts) and collect its whole reply. */
  async function ask(requests: Buffer[][]): Promise<Buffer[]> {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((r) => socket.once('connect', r));
    let pending = Buffer.alloc(0);
    const replies: Buffer[] = [];
    for (const parts of requests) {
      const whole = new Promise<Buffer>((resolve) => {
        const onData = (d: Buffer) => {
          pending = Buffer.concat([pending, d]);
          if (pending.length >= 6 && pending.length >= 6 + pending.readUInt16BE(4)) {
            socket.off('data', onData);
            const size = 6 + pending.readUInt16BE(4);
            resolve(pending.subarray(0, size));
            pending = pending.subarray(size);
          }
        };
        socket.on('data', onData);
      });
      for (const part of parts) {
        socket.write(part);
        await new Promise((r) => setTimeout(r, 50));
      }
      replies.push(await whole);
    }
    socket.destroy();
    return replies;
  }

  // Whole requests only: pymodbus 3.0.0rc1's server drops a connection whose request arrives cut
  // inside the MBAP header (it fails split-request itself), so it is no oracle for splitting.
  test.skipIf(!hasPymodbus)(`FC03, FC06 and function 0x41 get replies the validator accepts${hasPymodbus ? '' : ` — skipped: ${NO_PYMODBUS}`}`, async () => {
    const read = readHoldingRegisters(0x1a2b, 1, 0, 10);
    const write = writeSingleRegister(0x0203, 1, 3, 777);
    const unknown = encodeFrame({ transactionId: 0x0405, unitId: 1, functionCode: 0x41, data: Buffer.from('0000000a', 'hex') });
    const requests = [[read], [write], [unknown], [readHoldingRegisters(0x0607, 9, 5, 2)]];
    const replies = await ask(requests);
    const verdicts = requests.map((parts, i) => checkReply(Buffer.concat(parts), replies[i]!));
    expect(verdicts.map((v) => [v.ok, v.summary, ...v.details])).toEqual(requests.map(() => [true, 'a correct reply']));
    // And the validator is not blind: pymodbus's FC03 reply with its transaction id altered fails.
    const altered = Buffer.from(replies[0]!);
    altered.writeUInt16BE(0x0001, 0);
    expect(checkReply(read, altered).summary).toBe('transaction id expected 0x1a2b (6699), got 0x0001 (1)');
  });
});
