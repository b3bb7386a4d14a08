// Time zones for clock checks: what a zone's clock reads at an instant, and how an offset from
// UTC is written ("UTC+09:00").

/** The zone's offset from UTC at instant `t` (ms), or undefined for a zone Intl does not know. */
export function zoneOffsetMs(zone: string, t: number): number | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(t));
    const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
    return wall - Math.floor(t / 1000) * 1000;
  } catch {
    return undefined;
  }
}

export function utcOffsetName(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
