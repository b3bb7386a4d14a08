// Why a multicast receiver was (or was not) handed a group's datagram, told from what was recorded:
// its bind and setsockopt calls and the datagrams its recvfrom returned (Python shim), or, for a
// program the shim does not trace, the kernel's list of joined groups when the datagram went.
import type { Evidence, ProgramEvidence, SocketCall } from '../model/evidence.js';
import type { JoinedGroup } from '../net/igmp.js';
import { memberships } from '../formats/multicast-options.js';
import { show } from './queries.js';
import { isUdpReceive } from '../model/socket-calls.js';


const portOf = (addr: string | undefined) => Number(/:(\d+)$/.exec(addr ?? '')?.[1]);

/** The datagrams the program's receives returned (their first bytes as text, and the sender). */
export function datagramsShown(p: ProgramEvidence): { text: string; from?: string; call: SocketCall }[] {
  return p.socketCalls
    .filter((c) => isUdpReceive(c) && c.head !== undefined)
    .map((c) => ({ text: Buffer.from(c.head!, 'hex').toString('utf8'), ...(c.addr ? { from: c.addr } : {}), call: c }));
}

/** Was the message (its head, as the shim records it) returned by one of the program's receives? */
export function wasShown(p: ProgramEvidence, message: Buffer): boolean {
  return p.socketCalls.some((c) => isUdpReceive(c) && c.head !== undefined && c.size === message.length && message.toString('hex').startsWith(c.head));
}

/** Why receiver `p` cannot have been handed a datagram sent to `group`:`port`, or undefined when
 *  nothing recorded rules it out. */
export function whyNotDelivered(e: Evidence, p: ProgramEvidence, group: string, port: number, groupsJoined: JoinedGroup[] | undefined): string | undefined {
  if (!p.traced) {
    if (!groupsJoined) return undefined;
    const inGroup = groupsJoined.find((g) => g.group === group);
    if (inGroup) return undefined;
    const others = groupsJoined.map((g) => g.group);
    return `when the datagram went, no socket had joined ${group} (the kernel's list of joined groups: ${others.length ? others.join(', ') : 'none'}); the program is not run under the Python shim, so its own calls are not known`;
  }
  const binds = p.socketCalls.filter((c) => c.kind === 'udp' && c.call === 'bind');
  const failedBind = binds.find((c) => c.error);
  if (failedBind && !binds.some((c) => !c.error && portOf(c.local ?? c.addr) === port)) {
    const reuse = p.socketCalls.some((c) => c.call === 'setsockopt' && !c.error && /SO_REUSE(ADDR|PORT)=/.test(c.detail ?? '') && c.t <= failedBind.t);
    return `its bind to port ${port}${failedBind.addr ? ` (${failedBind.addr})` : ''} failed: ${failedBind.error}${reuse ? '' : ' (it set no SO_REUSEADDR before bind, so a second receiver cannot share the port)'}`;
  }
  const bound = binds.filter((c) => !c.error);
  if (bound.length === 0) return 'it never bound a UDP socket';
  if (!bound.some((c) => portOf(c.local ?? c.addr) === port)) return `it bound ${bound.map((c) => c.addr ?? c.local).join(', ')}, not port ${port}`;
  const joins = memberships(p);
  if (joins.length === 0) return `it never joined ${group} (no IP_ADD_MEMBERSHIP call): the datagram to the group was never delivered to it`;
  if (joins.some((j) => j.group === group && !j.error)) return undefined;
  const failed = joins.find((j) => j.group === group && j.error);
  if (failed) return `its IP_ADD_MEMBERSHIP of ${group} failed: ${failed.error}`;
  const joined = [...new Set(joins.filter((j) => !j.error).map((j) => j.group ?? 'a group it could not be read from'))];
  if (joined.length === 0) return `every IP_ADD_MEMBERSHIP call failed (${joins[0]!.error}): it is in no group`;
  return `it joined ${joined.join(', ')}, not ${group}: the datagram to ${group} was never delivered to it`;
}

/** One line naming the datagrams the program's receives returned, for the details. */
export function shownLine(p: ProgramEvidence): string {
  if (!p.traced) return `${p.name}: not run under the Python shim (what it received is not recorded)`;
  const shown = datagramsShown(p);
  return `${p.name} received ${shown.length ? shown.map((d) => `${show(d.text, 40)}${d.from ? ` from ${d.from}` : ''}`).join(', ') : 'no datagram'}`;
}

/** One line naming the groups the program joined, for the details. */
export function joinsLine(p: ProgramEvidence): string {
  if (!p.traced) return `${p.name}: its setsockopt calls are not recorded (not run under the Python shim)`;
  const joins = memberships(p);
  return `${p.name} joined ${joins.length ? joins.map((j) => `${j.group ?? '?'}${j.error ? ` (failed: ${j.error})` : ''}`).join(', ') : 'no group (no IP_ADD_MEMBERSHIP call)'}`;
}
