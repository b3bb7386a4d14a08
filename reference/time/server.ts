// Reference time server (time_server.py): each connection gets the time as a ctime string,
// then the server closes it. Options choose which time strings it sends.
import { z } from 'zod';
import type { ReferencePeer } from '../peer.js';
import { serveTcp } from '../tcp-server.js';
import { ctime } from '../../harness/formats/ctime.js';
import { pastDate } from './past-date.js';

const Options = z
  .object({
    /** now: the current time; past: a seeded date long ago; fixed: `times` in turn. */
    send: z.enum(['now', 'past', 'fixed']).default('now'),
    times: z.array(z.string()).default([]),
  })
  .strict();

export const timeServer: ReferencePeer<z.infer<typeof Options>> = {
  id: 'time:server',
  summary: 'sends the time as a ctime string to each connection, then closes it',
  port: 'time',
  options: Options,
  start(ctx, options) {
    return serveTcp(ctx, 'reference time:server', (conn, k) => {
      const text =
        options.send === 'fixed' ? (options.times[(k - 1) % Math.max(1, options.times.length)] ?? ctime(new Date())) : ctime(options.send === 'past' ? pastDate(ctx.random) : new Date());
      ctx.fact(`sent${k}`, text);
      ctx.log(`sent ${JSON.stringify(text)}`);
      void conn.send(Buffer.from(text, 'utf8')).then(() => conn.closeGraceful());
    });
  },
};
