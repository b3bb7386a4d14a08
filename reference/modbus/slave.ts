// Reference Modbus/TCP slave (the modbus-slave.py of the course, done strictly): serves any
// number of connections at once; on each, delimits requests by their Length field, so a request
// split over several segments, or several requests in one segment, are each answered in full.
// A frame whose protocol id is not 0 is not Modbus: it is logged and not answered (as libmodbus).
import { z } from 'zod';
import { hex, parseFrame } from '../../harness/formats/modbus/frame.js';
import type { ReferencePeer } from '../peer.js';
import { serveTcp } from '../tcp-server.js';
import { registerTable } from './register-table.js';
import { slaveReply } from './slave-replies.js';

export const modbusSlave: ReferencePeer<Record<string, never>> = {
  id: 'modbus:server',
  summary: 'a Modbus/TCP slave: FC03 returns seeded registers (distinct, >= 256), FC06 is echoed, other functions get exception 01',
  port: 'modbus',
  options: z.object({}).strict(),
  start(ctx) {
    const register = registerTable(ctx.random);
    return serveTcp(ctx, 'reference modbus:server', (conn) => {
      let pending = Buffer.alloc(0);
      conn.socket.on('data', (data: Buffer) => {
        pending = Buffer.concat([pending, data]);
        for (;;) {
          if (pending.length >= 6 && pending.readUInt16BE(4) < 2) {
            ctx.log(`a Length of ${pending.readUInt16BE(4)} cannot hold a unit id and a function code: closing (${hex(pending)})`);
            conn.closeGraceful();
            return;
          }
          const frame = parseFrame(pending);
          if (!frame) return;
          const bytes = pending.subarray(0, 6 + frame.length);
          pending = pending.subarray(6 + frame.length);
          ctx.log(`request  ${hex(bytes)}`);
          if (frame.protocolId !== 0) {
            ctx.log(`protocol id ${frame.protocolId} is not 0 (not Modbus): no reply`);
            continue;
          }
          const reply = slaveReply(frame, bytes, register);
          ctx.log(`reply    ${hex(reply)}`);
          void conn.send(reply);
        }
      });
      conn.socket.on('end', () => conn.closeGraceful());
    });
  },
};
