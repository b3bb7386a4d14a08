// Time limits of the end-to-end tests, scaled for slow or busy machines: LABCHECK_TEST_TIMEOUT_SCALE
// (default 1) multiplies vitest's time limits and is passed on to every labcheck run as part of
// its --timeout-scale, so a slower machine gets more time, never a different verdict rule.
export const testTimeoutScale = parseScale(process.env.LABCHECK_TEST_TIMEOUT_SCALE);

/** vitest's limit for one test: a labcheck run over all scenarios of a role, or a CPU-bound unit
 *  test on a machine so busy that it gets a tenth of a core. */
export const testTimeoutMs = Math.round(60_000 * testTimeoutScale);

function parseScale(text: string | undefined): number {
  if (text === undefined || text === '') return 1;
  const scale = Number(text);
  if (!(scale > 0)) throw new Error(`LABCHECK_TEST_TIMEOUT_SCALE must be a positive number, got ${text}`);
  return scale;
}

/** Options of a `labcheck test` with their --timeout-scale (1 when absent) multiplied by `scale`. */
export function withTimeoutScale(options: string[], scale = testTimeoutScale): string[] {
  if (scale === 1) return options;
  const dash = options.indexOf('--');
  const own = dash >= 0 ? options.slice(0, dash) : options;
  const programArgs = dash >= 0 ? options.slice(dash) : [];
  const at = own.indexOf('--timeout-scale');
  if (at < 0) return [...own, '--timeout-scale', String(scale), ...programArgs];
  return [...own.slice(0, at + 1), String(Number(own[at + 1]) * scale), ...own.slice(at + 2), ...programArgs];
}
