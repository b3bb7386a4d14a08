// The distribution of the class's totals as an inline SVG bar chart (no script, no image file).
import { roundPoints } from '../../grade/points.js';
import { text } from './escape.js';

const BINS = 10;

/** Counts of totals in `BINS` equal ranges of 0..max (the last one includes max). */
export function binTotals(totals: readonly number[], max: number): { from: number; to: number; count: number }[] {
  if (max <= 0) return [{ from: 0, to: 0, count: totals.length }];
  const width = max / BINS;
  const bins = Array.from({ length: BINS }, (_, i) => ({ from: roundPoints(i * width), to: roundPoints((i + 1) * width), count: 0 }));
  for (const t of totals) bins[Math.min(BINS - 1, Math.max(0, Math.floor(t / width)))]!.count++;
  return bins;
}

export function totalsHistogram(totals: readonly number[], max: number): string {
  const bins = binTotals(totals, max);
  const highest = Math.max(1, ...bins.map((b) => b.count));
  const [barW, gap, chartH, labelH] = [56, 6, 140, 34];
  const width = bins.length * (barW + gap) + gap;
  const bars = bins.map((b, i) => {
    const h = Math.round((chartH * b.count) / highest);
    const x = gap + i * (barW + gap);
    const range = bins.length === 1 ? `${b.from}` : i === bins.length - 1 ? `${b.from}–${b.to}` : `${b.from}–<${b.to}`;
    return `<g><title>${text(`${b.count} students with a total in ${range}`)}</title>
<rect x="${x}" y="${chartH - h + 14}" width="${barW}" height="${h}" fill="#4ac26b"></rect>
<text x="${x + barW / 2}" y="${chartH - h + 10}" text-anchor="middle" font-size="11">${b.count}</text>
<text x="${x + barW / 2}" y="${chartH + 28}" text-anchor="middle" font-size="10" fill="#57606a">${text(range)}</text></g>`;
  });
  return `<svg class="histogram" role="img" aria-label="distribution of totals" width="${width}" height="${chartH + labelH + 14}" viewBox="0 0 ${width} ${chartH + labelH + 14}" xmlns="http://www.w3.org/2000/svg">
<line x1="0" y1="${chartH + 14}" x2="${width}" y2="${chartH + 14}" stroke="#d0d7de"></line>
${bars.join('\n')}
</svg>
<p class="meta">totals out of ${roundPoints(max)} points, ${totals.length} students</p>`;
}
