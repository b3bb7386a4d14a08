// Event-driven waiting: resolve as soon as a condition holds, re-checked whenever the watched
// emitter reports a change; give up after a timeout. No polling, no sleeps.
import { EventEmitter } from 'node:events';

/** `signal` ends the wait early, like the timeout: with whether the condition holds then. */
export function waitFor(emitter: EventEmitter, event: string, condition: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  if (condition() || signal?.aborted) return Promise.resolve(condition());
  return new Promise((resolve) => {
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      emitter.off(event, onChange);
      signal?.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onChange = () => {
      if (condition()) finish(true);
    };
    const onAbort = () => finish(condition());
    const timer = setTimeout(() => finish(condition()), timeoutMs);
    emitter.on(event, onChange);
    signal?.addEventListener('abort', onAbort);
  });
}
