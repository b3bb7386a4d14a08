// Reference Modbus/TCP master (exercise 11-10): connects to the slave, reads 10 holding registers
// from address 0 (FC03) and prints them, then writes 55 to register 0 (FC06) and prints the reply.
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { frameSize, hex, parseFrame, readHoldingRegisters, writeSingleRegister } from '../../harness/formats/modbus/frame.js';
import type { ReferencePeer } from '../peer.js';

export const modbusMaster: ReferencePeer<{ unit: number }> = {
  id: 'modbus:client',
  summary: 'a Modbus/TCP master: reads 10 holding registers from 0 (FC03), prints them, then writes 55 to register 0 (FC06)',
  port: 'modbus',
  options: z.object({ unit: z.number().int().min(0).max(255).default(1) }).strict(),
  start(ctx, options) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const conn = await RecordedTcp.connect('master', ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`cannot connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      const ask = async (request: Buffer) => {
        const before = conn.totalReceived;
        print(`request  ${hex(request)}`);
        await conn.send(request);
        const complete = (got: Buffer) => frameSize(got) !== undefined && got.length >= frameSize(got)!;
        if (!(await conn.waitForAnswer(before, complete, 5000))) throw new Error('no complete reply from the slave');
        const reply = conn.receivedData().subarray(before);
        print(`reply    ${hex(reply)}`);
        return parseFrame(reply)!;
      };
      const read = await ask(readHoldingRegisters(1, options.unit, 0, 10));
      if (read.functionCode & 0x80) print(`exception ${read.data[0]}`);
      else for (let i = 0; i < (read.data.length - 1) / 2; i++) print(`register ${i} = ${read.data.readUInt16BE(1 + 2 * i)}`);
      const write = await ask(writeSingleRegister(2, options.unit, 0, 55));
      print(write.functionCode & 0x80 ? `exception ${write.data[0]}` : `register ${write.data.readUInt16BE(0)} written: ${write.data.readUInt16BE(2)}`);
      conn.closeGraceful();
      await conn.waitForClose(2000);
    })();
    return { ready: Promise.resolve(), done: run, stop: async () => {} };
  },
};
