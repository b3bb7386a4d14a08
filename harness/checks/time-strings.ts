// `sends-ctime`: each connection receives a ctime/asctime string ("Wed Feb  2 14:24:35 2022");
// with `clock` (the default), within a tolerance of the clock as the program's time zone shows it
// (programs run with TZ=UTC, recorded in the evidence). `serves-again` counts strings of the form
// only: their accuracy is judged by `sends-ctime` alone.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { bytes, chunks, connection, notConnected, show } from './queries.js';
import { ctime, parseCtime } from '../formats/ctime.js';
import { utcOffsetName, zoneOffsetMs } from '../formats/time-zone.js';

const QUARTER_HOUR_S = 900;

export const sendsCtime = defineCheck({
  name: 'sends-ctime',
  summary: 'each connection receives a ctime string (close to the current time, unless clock is false)',
  args: z.object({ conns: z.array(z.string()).min(1), toleranceS: z.number().positive().default(5), clock: z.boolean().default(true) }).strict(),
  requirement: ({ toleranceS, clock }) =>
    clock
      ? `each connection gets the current time as a ctime string ("Wed Feb  2 14:24:35 2022"), within ${toleranceS} s of the clock in the program's time zone`
      : 'each connection gets a time string of the ctime form ("Wed Feb  2 14:24:35 2022")',
  run(e, { conns, toleranceS, clock }) {
    const zone = e.timeZone ?? 'UTC';
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
      if (!clock) continue;
      const zoneOffset = zoneOffsetMs(zone, first.t) ?? 0;
      const shown = first.t + zoneOffset; // the program's clock, as its zone writes it
      const offS = (t - shown) / 1000;
      // ctime drops the milliseconds: allow one more second.
      if (Math.abs(offS) > toleranceS + 1) {
        return fail(`${label}: a time within ${toleranceS} s of the clock in the program's time zone (${zone}): ${ctime(new Date(shown))}`, `received ${show(text)}, ${describeOffset(offS, zoneOffset, zone, toleranceS)}`);
      }
    }
    return pass([`${conns.length} time strings${clock ? ` (time zone ${zone})` : ''}`]);
  },
});

/** "9 h ahead: the time of UTC+09:00, not of the program's time zone (UTC)", or "42 s behind". */
function describeOffset(offS: number, zoneOffsetMs: number, zone: string, toleranceS: number): string {
  const way = offS > 0 ? 'ahead' : 'behind';
  const quarters = Math.round(offS / QUARTER_HOUR_S);
  if (quarters !== 0 && Math.abs(offS - quarters * QUARTER_HOUR_S) <= toleranceS + 1) {
    const hours = Math.abs(quarters) / 4;
    return `${hours} h ${way}: the time of ${utcOffsetName(zoneOffsetMs + quarters * QUARTER_HOUR_S * 1000)}, not of the program's time zone (${zone})`;
  }
  return `${Math.abs(offS).toFixed(0)} s ${way}`;
}
