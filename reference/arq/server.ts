// Reference ARQ servers: arq-udp:server (errorcontrol_UDP_server.py: 'ACK', or silence on a
// simulated loss) and arq-nak-udp:server (exercise 11-7: 'NAK' on a simulated error, else 'ACK').
// Faults are injected here, inside the peer: each datagram's fate comes from reply-plan.ts, the
// random ones from the peer's own fault stream, and every one applied is recorded as a fault.
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { decideReply, ReplyRules } from './reply-plan.js';
import { answerOnTime } from './on-time.js';

const NO_RULE = { datagrams: [], probability: 0 };

function serve(id: string, ctx: PeerContext, rules: ReplyRules): RunningPeer {
  answerOnTime();
  const random = ctx.faultRandom();
  const perClient = new Map<string, number>();
  let socket: RecordedUdp | undefined;
  const ready = RecordedUdp.bind('udp', `reference ${id}`, ctx.host, ctx.port).then((s) => {
    socket = s;
    ctx.record(s.record);
    ctx.log(`listening on ${ctx.host}:${ctx.port}/udp`);
    s.socket.on('message', (data, rinfo) => {
      const remote = `${rinfo.address}:${rinfo.port}`;
      const n = (perClient.get(remote) ?? 0) + 1;
      perClient.set(remote, n);
      const decision = decideReply(rules, n, random);
      const text = JSON.stringify(data.toString('utf8'));
      if (decision.kind === 'drop' || decision.kind === 'withhold') {
        ctx.fault({ dir: 'from-program', kind: decision.kind, index: n, detail: `${text} from ${remote}: ${decision.why}` });
        ctx.log(`Packet ${text} from ${remote} lost!!! (${decision.why})`);
        return;
      }
      const reply = decision.kind === 'nak' ? 'NAK' : 'ACK';
      if (decision.kind === 'nak') ctx.fault({ dir: 'from-program', kind: 'nak', index: n, detail: `${text} from ${remote}: ${decision.why}` });
      ctx.log(`Message is ${text} from ${remote}: ${reply}`);
      void s.sendTo(Buffer.from(reply), rinfo.address, rinfo.port);
    });
  });
  let stopped: () => void = () => {};
  const done = new Promise<void>((r) => (stopped = r));
  return { ready, done, stop: async () => { socket?.close(); stopped(); } };
}

export const arqServer: ReferencePeer<ReplyRules> = {
  id: 'arq-udp:server',
  summary: "answers 'ACK' to each datagram, except the ones it loses on purpose (30 % by default, like the seed)",
  port: 'arq',
  options: ReplyRules,
  start: (ctx, rules) => serve('arq-udp:server', ctx, rules),
};

export const arqNakServer: ReferencePeer<ReplyRules> = {
  id: 'arq-nak-udp:server',
  summary: "answers 'NAK' on a simulated error (30 % by default) and 'ACK' otherwise (exercise 11-7)",
  port: 'arq',
  options: ReplyRules.extend({
    drop: ReplyRules.shape.drop.unwrap().default(NO_RULE),
    nak: ReplyRules.shape.nak.unwrap().default({ datagrams: [], probability: 0.3 }),
  }),
  start: (ctx, rules) => serve('arq-nak-udp:server', ctx, rules),
};
