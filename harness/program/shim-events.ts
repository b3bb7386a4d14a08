// Parses the JSON lines the Python shim writes to its events pipe (see harness/shim/README.md).
import type { DeviceEvent, SocketCall } from '../model/evidence.js';

export type ShimEvent =
  | { type: 'socket'; call: SocketCall }
  /** `printed`: for a bare input(), the last line the program printed before it (the question). */
  | { type: 'input'; t: number; pid: number; prompt: string; detail?: string; printed?: string; since?: string }
  /** `detail`: "thread <name>" for an exception that ended a thread, not the program. */
  | { type: 'exception'; t: number; pid: number; error: string; detail?: string }
  | { type: 'device'; event: DeviceEvent }
  | { type: 'other'; t: number; pid: number; call: string; raw: Record<string, unknown> };

const SOCKET_CALLS = new Set([
  'socket', 'bind', 'listen', 'accept', 'connect', 'connect_ex', 'send', 'sendall', 'sendto', 'sendfile',
  'recv', 'recv_into', 'recvfrom', 'recvfrom_into', 'sendmsg', 'recvmsg', 'setsockopt', 'settimeout', 'setblocking', 'shutdown', 'close', 'detach',
]);

export function parseShimLine(line: string): ShimEvent | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const t = Number(raw.t ?? Date.now());
  const pid = Number(raw.pid ?? 0);
  const call = String(raw.call ?? '');
  if (call === 'input') {
    return { type: 'input', t, pid, prompt: String(raw.prompt ?? ''), ...(raw.detail ? { detail: String(raw.detail) } : {}), ...(typeof raw.printed === 'string' ? { printed: raw.printed } : {}), ...(typeof raw.since === 'string' ? { since: raw.since } : {}) };
  }
  if (call === 'device') return { type: 'device', event: deviceEvent(t, pid, raw) };
  if (call === 'exception') return { type: 'exception', t, pid, error: String(raw.error ?? ''), ...(raw.detail ? { detail: String(raw.detail) } : {}) };
  if (SOCKET_CALLS.has(call)) {
    const sc: SocketCall = { t, pid, call, fd: Number(raw.fd ?? -1), kind: String(raw.kind ?? 'other') };
    for (const key of ['addr', 'local', 'head', 'detail', 'error'] as const) if (raw[key] !== undefined && raw[key] !== null) sc[key] = String(raw[key]);
    if (raw.size !== undefined && raw.size !== null) sc.size = Number(raw.size);
    if (raw.requestedPort !== undefined && raw.requestedPort !== null) sc.requestedPort = Number(raw.requestedPort);
    if (typeof raw.out === 'number') sc.printedBefore = raw.out;
    if (raw.newFd !== undefined) sc.detail = sc.detail ?? `newFd=${raw.newFd}`;
    return { type: 'socket', call: sc };
  }
  return { type: 'other', t, pid, call, raw };
}

const DEVICE_STRINGS = ['window', 'file', 'dtype', 'sha256', 'error'] as const;
const DEVICE_NUMBERS = ['k', 'n', 'bytes'] as const;
const DEVICE_COMMON = new Set(['t', 'pid', 'call', 'device', 'op', 'shape', 'ok', ...DEVICE_STRINGS, ...DEVICE_NUMBERS]);

/** A device stand-in's event (harness/shim/devices/labcheck_devices.py emit()). */
function deviceEvent(t: number, pid: number, raw: Record<string, unknown>): DeviceEvent {
  const event: DeviceEvent = { t, pid, device: String(raw.device ?? ''), op: String(raw.op ?? '') };
  for (const key of DEVICE_STRINGS) if (typeof raw[key] === 'string') event[key] = raw[key] as string;
  for (const key of DEVICE_NUMBERS) if (typeof raw[key] === 'number') event[key] = raw[key] as number;
  if (Array.isArray(raw.shape)) event.shape = raw.shape.map(Number);
  if (typeof raw.ok === 'boolean') event.ok = raw.ok;
  const extra = Object.fromEntries(Object.entries(raw).filter(([key]) => !DEVICE_COMMON.has(key)));
  if (Object.keys(extra).length > 0) event.extra = extra;
  return event;
}

/** The shim's lines are short (data heads are cut to 32 bytes); a longer one is not the shim's. */
export const MAX_EVENT_LINE = 1 << 20;

/**
 * Splits a byte stream into lines, keeping the incomplete tail for the next chunk. The program
 * inherits the events pipe and may write anything to it: a line longer than `maxLine` is dropped
 * (up to its newline) rather than kept growing in the harness's memory.
 */
export class LineSplitter {
  private tail = '';
  private discarding = false;
  constructor(private readonly maxLine = MAX_EVENT_LINE) {}

  push(chunk: string): string[] {
    if (this.discarding) {
      const end = chunk.indexOf('\n');
      if (end < 0) return [];
      chunk = chunk.slice(end + 1); // the rest of the overlong line is gone
      this.discarding = false;
    }
    // Only text up to the last newline is split; the work per chunk stays proportional to it.
    const last = chunk.lastIndexOf('\n');
    const complete = last < 0 ? '' : this.tail + chunk.slice(0, last);
    this.tail = last < 0 ? this.tail + chunk : chunk.slice(last + 1);
    if (this.tail.length > this.maxLine) {
      this.tail = '';
      this.discarding = true;
    }
    if (last < 0) return [];
    return complete.split('\n').filter((l) => l.length > 0 && l.length <= this.maxLine);
  }
}

export function portOf(address: string | undefined): number | undefined {
  if (!address) return undefined;
  const m = /:(\d+)$/.exec(address);
  return m ? Number(m[1]) : undefined;
}
