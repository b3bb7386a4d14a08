// What a program's recorded setsockopt calls say about multicast: the groups it joined and the
// TTL it gave its datagrams. The shim records a call as "IPPROTO_IP/IP_ADD_MEMBERSHIP=<value>",
// bytes as hex (b'\x02' -> "02"), an int in decimal (2 -> "2").
import type { ProgramEvidence, SocketCall } from '../model/evidence.js';

export interface Membership {
  /** The group joined, dotted (224.0.0.255), or undefined when the option value could not be read. */
  group?: string;
  /** The exception the call raised (a join that failed). */
  error?: string;
  t: number;
  fd: number;
}

const JOIN = /^IPPROTO_IP\/(IP_ADD_MEMBERSHIP|MCAST_JOIN_GROUP|IP_ADD_SOURCE_MEMBERSHIP|MCAST_JOIN_SOURCE_GROUP)=(.*)$/;
const TTL = /^IPPROTO_IP\/IP_MULTICAST_TTL=(.*)$/;

const dotted = (b: Buffer, at: number): string | undefined => (b.length >= at + 4 ? [...b.subarray(at, at + 4)].join('.') : undefined);
const isHexBytes = (v: string) => /^([0-9a-fA-F]{2})+$/.test(v);

/** The group of a join option's value: ip_mreq/ip_mreqn/ip_mreq_source start with it; group_req
 *  (MCAST_JOIN_GROUP) holds a sockaddr_in at offset 8 (after the interface index and padding), the
 *  address at offset 12. */
function groupOf(option: string, value: string): string | undefined {
  if (!isHexBytes(value)) return undefined;
  const b = Buffer.from(value, 'hex');
  if (option === 'IP_ADD_MEMBERSHIP') return dotted(b, 0);
  if (option === 'IP_ADD_SOURCE_MEMBERSHIP') return dotted(b, 0);
  return dotted(b, 12);
}

/** Every group join the program asked for (IP_ADD_MEMBERSHIP and its relatives), in order. */
export function memberships(p: ProgramEvidence): Membership[] {
  return p.socketCalls.flatMap((c) => {
    const m = c.call === 'setsockopt' ? JOIN.exec(c.detail ?? '') : null;
    if (!m) return [];
    const group = groupOf(m[1]!, m[2]!);
    return [{ t: c.t, fd: c.fd, ...(group ? { group } : {}), ...(c.error ? { error: c.error } : {}) }];
  });
}

/** A TTL option value as the kernel reads it: one byte, or a native (little-endian) int. */
export function ttlValue(value: string): number | undefined {
  // An int is printed in decimal without leading zeros; bytes as an even number of hex digits.
  // (An int such as 10 reads as the byte 0x10: only the value 2 matters to the lab, and no other
  // int or bytes value reads as 2.)
  if (/^[0-9]$/.test(value) || (/^[1-9][0-9]*$/.test(value) && !isHexBytes(value))) return Number(value);
  if (!isHexBytes(value)) return undefined;
  const b = Buffer.from(value, 'hex');
  if (b.length === 1) return b[0];
  if (b.length === 4) return b.readInt32LE(0);
  return undefined;
}

/** The multicast TTL in force for a datagram the program sent with `send`: the last successful
 *  IP_MULTICAST_TTL on that socket before it; `default` (1) when it never set one. */
export function multicastTtl(p: ProgramEvidence, send: SocketCall): { ttl: number | undefined; set: boolean; detail?: string } {
  const set = p.socketCalls.filter((c) => c.call === 'setsockopt' && !c.error && c.fd === send.fd && c.t <= send.t && TTL.test(c.detail ?? '')).at(-1);
  if (!set) return { ttl: 1, set: false };
  const value = TTL.exec(set.detail!)![1]!;
  return { ttl: ttlValue(value), set: true, detail: set.detail! };
}
