// Python's time.ctime() format: "Wed Feb  2 14:24:35 2022" (day padded with a space).
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function ctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

/** ex 11-3's format: "2022 Feb 2 (Wed) 14:24:35". */
export function courseFormat(ctimeText: string): string | undefined {
  const m = /^(\w{3}) (\w{3}) +(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})$/.exec(ctimeText.trim());
  return m ? `${m[5]} ${m[2]} ${Number(m[3])} (${m[1]}) ${m[4]}` : undefined;
}

/** A seeded date well away from now (1995-2015), so a client printing the current time is caught. */
export function pastDate(random: () => number): Date {
  const from = Date.UTC(1995, 0, 1);
  const to = Date.UTC(2015, 0, 1);
  return new Date(Math.floor((from + random() * (to - from)) / 1000) * 1000);
}
