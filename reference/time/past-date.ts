// Time values the reference time server sends.

/** A seeded date well away from now (1995-2015), so a client printing the current time is caught. */
export function pastDate(random: () => number): Date {
  const from = Date.UTC(1995, 0, 1);
  const to = Date.UTC(2015, 0, 1);
  return new Date(Math.floor((from + random() * (to - from)) / 1000) * 1000);
}
