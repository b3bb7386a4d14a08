// Loopback plumbing for the relay tests: a relay started with plain options (no scenario run),
// whose records and faults are collected, and an emitter that fires whenever anything happens, so
// tests wait on events rather than sleeps.
import { EventEmitter } from 'node:events';
import type { ConnectionRecord } from '../../harness/model/evidence.js';
import type { AppliedFault } from '../../harness/faults/applied-fault.js';
import { faultRandom } from '../../harness/faults/applied-fault.js';
import type { RelayOptions } from '../../harness/faults/relay-options.js';
import { waitFor } from '../../harness/net/wait.js';

export class Collected {
  readonly records: ConnectionRecord[] = [];
  readonly faults: AppliedFault[] = [];
  readonly changes = new EventEmitter().setMaxListeners(0);

  changed(): void {
    this.changes.emit('change');
  }

  /** Resolves when `condition` holds (re-checked on every change), or fails the test after 5 s. */
  async until(condition: () => boolean, what: string): Promise<void> {
    if (!(await waitFor(this.changes, 'change', condition, 5000))) throw new Error(`timed out waiting for ${what}`);
  }

  record(name: string): ConnectionRecord | undefined {
    return this.records.find((r) => r.name === name);
  }
}

export function relayOptions<F>(c: Collected, name: string, targetPort: number, faults: F[], seed = 1, programSide: 'client' | 'target' = 'client'): RelayOptions<F> {
  return {
    name,
    listenHost: '127.0.0.1',
    listenPort: 0,
    targetHost: '127.0.0.1',
    targetPort,
    programSide,
    faults,
    random: (path) => faultRandom(seed, 'test:relay/scenario', `relay:${name}/${path}`),
    record: (r) => c.records.push(r),
    fault: (f) => {
      c.faults.push({ t: Date.now(), at: name, ...f });
      c.changed();
    },
  };
}
