// Evidence timestamps: epoch milliseconds with sub-millisecond precision (the Python shim
// reports time.time() * 1000 on the same clock).
import { performance } from 'node:perf_hooks';

export function now(): number {
  return performance.timeOrigin + performance.now();
}
