// Small questions asked of the evidence, shared by the checks.
import type { ConnectionRecord, Evidence, ProgramEvidence, WireChunk } from '../model/evidence.js';

export function connection(e: Evidence, name: string): ConnectionRecord | undefined {
  return e.connections.find((c) => c.name === name);
}

/** The connections a reference peer named `peer` in the scenario had (recorded as "<peer>#<n>"). */
export function peerConnections(e: Evidence, peer: string): ConnectionRecord[] {
  return e.connections.filter((c) => c.name.startsWith(`${peer}#`));
}

export function program(e: Evidence, name = 'program'): ProgramEvidence | undefined {
  return e.programs[name];
}

export function chunks(c: ConnectionRecord | undefined, dir: WireChunk['dir']): WireChunk[] {
  return c ? c.chunks.filter((k) => k.dir === dir) : [];
}

export function bytes(c: ConnectionRecord | undefined, dir: WireChunk['dir']): Buffer {
  return Buffer.concat(chunks(c, dir).map((k) => k.data));
}

export function eventTime(c: ConnectionRecord | undefined, kind: string): number | undefined {
  return c?.events.find((ev) => ev.kind === kind)?.t;
}

/** Text as it should appear in a message: decoded UTF-8, newlines shown. */
export function show(text: string, max = 200): string {
  const s = JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text);
  return s;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Why connection `name` never carried a conversation (never opened, or connect failed), if so. */
export function notConnected(e: Evidence, name: string): string | undefined {
  const c = connection(e, name);
  if (!c) return `connection ${name} was never opened (the run stopped before; see the steps)`;
  const failed = c.events.find((ev) => ev.kind === 'connect-failed');
  return failed ? `could not connect to the program at ${c.remote}: ${failed.detail}` : undefined;
}

/** Did this happen after the last step, while the harness was stopping the programs? A socket that
 *  closed then was closed by that stop, not by the program. */
export function duringTeardown(e: Evidence, t: number): boolean {
  const last = e.steps.at(-1);
  return last !== undefined && t >= last.t1 && Object.values(e.programs).some((p) => p.exit?.stoppedByHarness);
}
