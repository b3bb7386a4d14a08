// Python's time.ctime() format, "Wed Feb  2 14:24:35 2022" (day padded with a space): made by the
// reference time server, read by the sends-ctime check, reformatted as ex 11-3 asks.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const CTIME = /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})/;

/** Parse the first ctime string in `text` as UTC epoch milliseconds. */
export function parseCtime(text: string): number | undefined {
  const m = CTIME.exec(text);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[7]), MONTHS.indexOf(m[2]!), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  // ctime's weekday always agrees with its date; a hand-built string may not.
  return DAYS[new Date(t).getUTCDay()] === m[1] ? t : undefined;
}

export function ctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

/** ex 11-3's format: "2022 Feb 2 (Wed) 14:24:35". */
export function courseFormat(ctimeText: string): string | undefined {
  const m = /^(\w{3}) (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})$/.exec(ctimeText.trim());
  return m ? `${m[5]} ${m[2]} ${Number(m[3])} (${m[1]}) ${m[4]}` : undefined;
}
