// Reference TCP echo server (TCP_echoserver.py, and ex 11-4: it serves any number of clients).
// Option closeAfter: echo that many messages, then close (for echo:client/server-closes).
import { z } from 'zod';
import type { ReferencePeer } from '../peer.js';
import { closeWhenProgramCloses, onMessages, serveTcp } from '../tcp-server.js';

const Options = z.object({ closeAfter: z.number().int().positive().optional() }).strict();

export const echoServer: ReferencePeer<z.infer<typeof Options>> = {
  id: 'echo:server',
  summary: 'echoes every message back; with closeAfter, closes after that many',
  port: 'echo',
  options: Options,
  start(ctx, options) {
    return serveTcp(ctx, 'reference echo:server', (conn) => {
      let echoed = 0;
      onMessages(conn, (data) => {
        if (options.closeAfter !== undefined && echoed >= options.closeAfter) return;
        echoed++;
        ctx.log(`echo ${JSON.stringify(data.toString('utf8'))}`);
        void conn.send(data).then(() => {
          if (options.closeAfter !== undefined && echoed >= options.closeAfter) conn.closeGraceful();
        });
      });
      closeWhenProgramCloses(conn);
    });
  },
};
