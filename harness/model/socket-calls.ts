// Kinds of recorded socket calls that more than one step or check asks about.
import type { SocketCall } from './evidence.js';

/** The calls that take data from a socket (the shim records each with its size and first bytes). */
export const RECEIVE_CALLS: ReadonlySet<string> = new Set(['recv', 'recvfrom', 'recv_into', 'recvfrom_into', 'recvmsg']);

/** A receive call that returned data or an empty read (not one that raised). */
export const isReceive = (c: SocketCall): boolean => RECEIVE_CALLS.has(c.call) && !c.error;

/** A UDP receive call that returned a datagram. */
export const isUdpReceive = (c: SocketCall): boolean => c.kind === 'udp' && isReceive(c);
