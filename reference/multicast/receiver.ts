// Reference multicast receiver (multicast_recv.py): binds the group port with SO_REUSEADDR (so
// several receivers share it), joins the group, prints every message and answers its sender 'ACK'.
// It binds 0.0.0.0 whatever host it is given: a socket bound to one unicast address is never handed
// a datagram sent to a group.
import { z } from 'zod';
import type { ReferencePeer } from '../peer.js';
import { startSharedPortReceiver } from '../shared-port-receiver.js';

export const multicastReceiver: ReferencePeer<{ group: string; ack: string }> = {
  id: 'multicast:server',
  summary: "joins 224.0.0.255, prints every message and answers its sender 'ACK'",
  port: 'group',
  options: z.object({ group: z.string().default('224.0.0.255'), ack: z.string().default('ACK') }).strict(),
  start(ctx, options) {
    return startSharedPortReceiver(ctx, 'reference multicast:server', {
      bound(s) {
        s.socket.addMembership(options.group);
        ctx.log(`joined ${options.group}, listening on port ${ctx.port}/udp`);
      },
      datagram(s, data, rinfo) {
        ctx.log(`Received '${data.toString('utf8')}' from (${rinfo.address}, ${rinfo.port})`);
        void s.sendTo(Buffer.from(options.ack, 'utf8'), rinfo.address, rinfo.port);
      },
    });
  },
};
