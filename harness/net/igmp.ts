// The multicast groups joined in the current network namespace, read from /proc/net/igmp (Linux):
// the kernel's own view, so it covers programs the Python shim does not trace. Each group of an
// interface is listed with the number of sockets that joined it ("Users").
import { readFileSync } from 'node:fs';

export interface JoinedGroup {
  device: string;
  group: string;
  users: number;
}

/** /proc/net/igmp prints a group as the hex of its network-order bytes read as a native
 *  (little-endian) word: 224.0.0.255 is "FF0000E0". */
function groupFromHex(hex: string): string {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(parseInt(hex, 16) >>> 0, 0);
  return [...b].join('.');
}

export function parseIgmp(text: string): JoinedGroup[] {
  const groups: JoinedGroup[] = [];
  let device = '';
  for (const line of text.split('\n').slice(1)) {
    const dev = /^\d+\s+(\S+)\s*:/.exec(line);
    if (dev) {
      device = dev[1]!;
      continue;
    }
    const g = /^\s+([0-9A-Fa-f]{8})\s+(\d+)/.exec(line);
    if (g && device) groups.push({ device, group: groupFromHex(g[1]!), users: Number(g[2]) });
  }
  return groups;
}

/** Groups joined here, except 224.0.0.1 (all hosts), which every multicast interface is in. */
export function joinedGroups(): JoinedGroup[] {
  if (process.platform !== 'linux') return [];
  try {
    return parseIgmp(readFileSync('/proc/net/igmp', 'utf8')).filter((g) => g.group !== '224.0.0.1');
  } catch {
    return [];
  }
}
