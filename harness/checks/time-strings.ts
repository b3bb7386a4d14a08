// `sends-ctime`: each connection receives a ctime/asctime string ("Wed Feb  2 14:24:35 2022")
// within a tolerance of the harness's clock (programs run with TZ=UTC).
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { bytes, chunks, connection, notConnected, show } from './queries.js';
import { parseCtime } from '../formats/ctime.js';

export const sendsCtime = defineCheck({
  name: 'sends-ctime',
  summary: 'each connection receives a ctime string close to the current time',
  args: z.object({ conns: z.array(z.string()).min(1), toleranceS: z.number().positive().default(5) }).strict(),
  requirement: ({ toleranceS }) => `each connection gets the current time as a ctime string ("Wed Feb  2 14:24:35 2022"), within ${toleranceS} s of the clock`,
  run(e, { conns, toleranceS }) {
    for (const [i, name] of conns.entries()) {
      const missing = notConnected(e, name);
      if (missing) return fail(`connection ${i + 1} of ${conns.length} receives a time string`, missing);
      const c = connection(e, name);
      const text = bytes(c, 'from-program').toString('utf8');
      const first = chunks(c, 'from-program')[0];
      const label = `connection ${i + 1} of ${conns.length}`;
      if (!c || !first) return fail(`${label} receives a time string`, c ? 'it received nothing' : 'it was never opened');
      const t = parseCtime(text);
      if (t === undefined) return fail(`${label}: a ctime string such as "Wed Feb  2 14:24:35 2022"`, `received ${show(text)}`);
      const off = Math.abs(t - first.t) / 1000;
      if (off > toleranceS + 1) return fail(`${label}: a time within ${toleranceS} s of the clock (${new Date(first.t).toUTCString()})`, `received ${show(text)}, ${off.toFixed(0)} s off (UTC)`);
    }
    return pass([`${conns.length} time strings`]);
  },
});
