// Reference broadcast receiver (broadcast_server.py): bound to ('', 10000) with SO_REUSEADDR, so
// two of them (or one and a student's) share the port; prints every message it receives.
import { z } from 'zod';
import type { ReferencePeer } from '../peer.js';
import { startSharedPortReceiver, type DatagramCounter } from '../shared-port-receiver.js';
import type { RunningPeer } from '../peer.js';

export const broadcastReceiver: ReferencePeer<Record<string, never>> = {
  id: 'broadcast:server',
  summary: "prints every datagram it receives on the port, bound with SO_REUSEADDR like broadcast_server.py (run two, then broadcast to them)",
  port: 'broadcast',
  options: z.object({}).strict(),
  start(ctx): RunningPeer & DatagramCounter {
    return startSharedPortReceiver(ctx, 'reference broadcast:server', {
      bound: () => ctx.log(`listening on 0.0.0.0:${ctx.port}/udp (SO_REUSEADDR)`),
      datagram: (_udp, data, from) => ctx.log(`${data.toString('utf8')}    (from ${from.address}:${from.port})`),
    });
  },
};
