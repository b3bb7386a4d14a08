// Formats evidence for people: the wire transcript, the program's socket calls, and a one-line
// summary of what the program did.
import type { Evidence, ProgramEvidence } from '../model/evidence.js';
import { describeExit } from '../program/describe.js';
import { formatBytes } from '../report/console.js';
import { duringTeardown } from '../checks/queries.js';

const MAX_LINES = 400;

function rel(e: Evidence, t: number): string {
  return `+${((t - e.startedAt) / 1000).toFixed(3)}s`.padEnd(9);
}

export function formatTranscript(e: Evidence): string {
  const lines: { t: number; text: string }[] = [];
  for (const c of e.connections) {
    const who = `${c.name} (${c.transport}${c.owner === 'driver' ? '' : `, ${c.owner}`})`.padEnd(24);
    for (const ev of c.events) {
      // A program's close after the last step came from the harness stopping it: say so.
      const stopped = (ev.kind === 'program-closed' || ev.kind === 'program-reset') && duringTeardown(e, ev.t) ? ' (when the harness stopped the program)' : '';
      lines.push({ t: ev.t, text: `${who} ${ev.kind}${ev.detail ? ` ${ev.detail}` : ''}${stopped}` });
    }
    for (const k of c.chunks) {
      const arrow = k.dir === 'to-program' ? '→ program' : '← program';
      lines.push({ t: k.t, text: `${who} ${arrow} ${k.remote ? `(${k.remote}) ` : ''}${formatBytes(k.data)}` });
    }
  }
  lines.sort((a, b) => a.t - b.t);
  const shown = lines.slice(0, MAX_LINES).map((l) => `${rel(e, l.t)} ${l.text}`);
  if (lines.length > MAX_LINES) shown.push(`… ${lines.length - MAX_LINES} more lines in the JSON evidence`);
  return shown.join('\n');
}

export function formatSocketCalls(e: Evidence): string {
  const out: string[] = [];
  for (const p of Object.values(e.programs)) {
    if (!p.traced) {
      out.push(`[${p.name}] socket calls not recorded (not a Python program under the shim)`);
      continue;
    }
    const calls = p.socketCalls;
    for (const c of calls.slice(0, MAX_LINES)) {
      const parts = [c.call, c.kind, c.fd >= 0 ? `fd=${c.fd}` : '', c.addr ?? '', c.requestedPort ? `(asked for port ${c.requestedPort})` : '', c.local ? `local=${c.local}` : '', c.size !== undefined ? `${c.size} B` : '', c.detail ?? '', c.error ? `→ ${c.error}` : ''];
      out.push(`${rel(e, c.t)} [${p.name} pid ${c.pid}] ${parts.filter(Boolean).join(' ')}`);
    }
    if (calls.length > MAX_LINES) out.push(`… ${calls.length - MAX_LINES} more socket calls`);
  }
  return out.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function programSummary(p: ProgramEvidence | undefined): string {
  if (!p) return 'not started';
  if (p.spawnError) return `could not be started: ${p.spawnError}`;
  const parts: string[] = [];
  if (p.traced) {
    const count = (names: string[]) => p.socketCalls.filter((c) => names.includes(c.call) && !c.error);
    const accepted = count(['accept']).length;
    const connected = count(['connect', 'connect_ex']).length;
    const sent = count(['send', 'sendall', 'sendto', 'sendfile']).reduce((s, c) => s + (c.size ?? 0), 0);
    const received = count(['recv', 'recv_into', 'recvfrom', 'recvfrom_into']).reduce((s, c) => s + (c.size ?? 0), 0);
    if (accepted) parts.push(`accepted ${plural(accepted, 'connection')}`);
    if (connected) parts.push(`connected ${connected === 1 ? 'once' : `${connected} times`}`);
    parts.push(`sent ${plural(sent, 'byte')}`, `received ${plural(received, 'byte')}`);
  }
  const printed = p.stdout.split('\n').filter((l) => l.length > 0).length;
  parts.push(`printed ${plural(printed, 'line')}`);
  if (p.stderr.trim()) parts.push(`wrote ${plural(p.stderr.trim().split('\n').length, 'line')} to stderr`);
  parts.push(describeExit(p));
  return parts.join(', ');
}
