// Linux-only fallback for programs not run under the Python shim: find the ports a process
// group listens on (TCP) or is bound to (UDP) by reading /proc, without connecting to them.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

function socketInodesOfGroup(pgid: number): Set<string> {
  const inodes = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: pgrp
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        const link = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m) inodes.add(m[1]!);
      }
    } catch {
      /* the process ended while we looked */
    }
  }
  return inodes;
}

/** Ports the process group `pgid` listens on (tcp) or is bound to (udp). */
export function boundPorts(pgid: number, kind: 'tcp' | 'udp'): number[] {
  if (process.platform !== 'linux') return [];
  const inodes = socketInodesOfGroup(pgid);
  const ports: number[] = [];
  for (const table of kind === 'tcp' ? ['tcp', 'tcp6'] : ['udp', 'udp6']) {
    let text = '';
    try {
      text = readFileSync(`/proc/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const state = cols[3];
      if (kind === 'tcp' && state !== '0A') continue; // 0A = LISTEN
      if (!inodes.has(cols[9]!)) continue;
      ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
