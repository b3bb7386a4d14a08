// Reference visitor-count server (ex 11-2): the k-th connection is told it is visitor k.
import { z } from 'zod';
import type { ReferencePeer } from '../peer.js';
import { serveTcp } from '../tcp-server.js';

export const visitorCountServer: ReferencePeer<Record<string, never>> = {
  id: 'visitor-count:server',
  summary: 'tells the k-th connection "당신은 k번째 접속자입니다", then closes it',
  port: 'time',
  options: z.object({}).strict(),
  start(ctx) {
    return serveTcp(ctx, 'reference visitor-count:server', (conn, k) => {
      void conn.send(Buffer.from(`당신은 ${k}번째 접속자입니다`, 'utf8')).then(() => conn.closeGraceful());
    });
  },
};
