// Reference ARQ clients: arq-udp:client (errorcontrol_UDP_client.py) and arq-nak-udp:client
// (exercise 11-7). Ten messages 'Hello message <i>', stop-and-wait: each is sent, then the reply is
// awaited 0.1 s, doubling the wait after each silence (0.1, 0.2, 0.4, 0.8, 1.6 s) and giving up on
// the message once the wait would pass 2 s (5 sends). The NAK client resends the message on 'NAK'.
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { answerOnTime } from './on-time.js';

const MESSAGES = 10;
const FIRST_WAIT_S = 0.1;
const WAIT_LIMIT_S = 2.0;

function run(id: string, ctx: PeerContext, resendOnNak: boolean): RunningPeer {
  const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
  let socket: RecordedUdp | undefined;
  answerOnTime();
  const done = (async () => {
    socket = await RecordedUdp.bind('udp', `reference ${id}`, '0.0.0.0');
    ctx.record(socket.record);
    const host = ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host;
    for (let i = 0; i < MESSAGES; i++) {
      const data = Buffer.from(`Hello message ${i}`);
      let wait = FIRST_WAIT_S;
      for (;;) {
        print(`Sending: ${data.toString()}`);
        const before = socket.datagramsReceived;
        await socket.sendTo(data, host, ctx.port);
        if (!(await socket.waitForDatagrams(before + 1, wait * 1000))) {
          print('No response!!!');
          wait *= 2;
          if (wait > WAIT_LIMIT_S) {
            print('The server seems to be down');
            break;
          }
          continue;
        }
        const reply = socket.record.chunks.filter((c) => c.dir === 'from-program')[before]!.data.toString('utf8');
        print(`${reply} received`);
        if (resendOnNak && reply.trim() === 'NAK') continue;
        break;
      }
    }
    socket.close();
  })();
  return { ready: Promise.resolve(), done, stop: async () => socket?.close() };
}

export const arqClient: ReferencePeer<Record<string, never>> = {
  id: 'arq-udp:client',
  summary: "sends 10 messages stop-and-wait, resending after 0.1, 0.2, 0.4, 0.8, 1.6 s of silence, then giving up on the message",
  port: 'arq',
  options: z.object({}).strict(),
  start: (ctx: PeerContext) => run('arq-udp:client', ctx, false),
};

export const arqNakClient: ReferencePeer<Record<string, never>> = {
  id: 'arq-nak-udp:client',
  summary: "sends 10 messages stop-and-wait; 'NAK' brings the same message again, 'ACK' the next (timeouts as arq-udp)",
  port: 'arq',
  options: z.object({}).strict(),
  start: (ctx: PeerContext) => run('arq-nak-udp:client', ctx, true),
};
