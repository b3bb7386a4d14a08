// The course's TCP file protocol (TCP_sendfile.py / TCP_receivefile.py), both sides, on a
// recorded connection: the receiver sends a ready message; the sender sends the file name, pauses
// (the seeds need it: without it name and content may arrive in one read), sends the content and
// closes. Used by the reference peers and by the harness's own file steps.
import type { RecordedTcp } from '../../harness/net/recorded-tcp.js';

export const READY_MESSAGE = 'I am ready';

export interface SendOptions {
  /** How long to wait for the receiver's ready message before sending anyway. */
  readyWaitMs: number;
  /** Pause between the name and the content. */
  pauseMs: number;
  /** Send name and content in one write (one segment): the strict `coalesced-name` case. */
  coalesce: boolean;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Send `name` then `content` on `conn`, then close it. Returns whether a ready message came first. */
export async function sendFile(conn: RecordedTcp, name: string, content: Buffer, options: SendOptions): Promise<{ sawReady: boolean }> {
  const sawReady = await conn.waitForTotal(1, options.readyWaitMs);
  const nameBytes = Buffer.from(name, 'utf8');
  // The FIN is queued right behind the content (not after the write completes): a receiver that
  // closes as soon as it has the content then sees our FIN first and closes passively, so its port
  // does not stay in TIME_WAIT (the next copy of a one-shot server must bind it again).
  let sent: Promise<void>;
  if (options.coalesce) sent = conn.send(Buffer.concat([nameBytes, content]));
  else {
    await conn.send(nameBytes);
    await sleep(options.pauseMs);
    sent = content.length > 0 ? conn.send(content) : Promise.resolve();
  }
  conn.closeGraceful();
  await sent;
  return { sawReady };
}

/**
 * Split what a sender sent into the file name and the content. A receiver that knows the typed
 * names splits off a known name at the start, however the bytes were segmented; otherwise the
 * first read is the name (the course's protocol). `readyBytes`: bytes the receiver itself sent
 * are not part of it (only from-program chunks are read).
 */
export function splitNameAndContent(reads: Buffer[], knownNames: string[] = []): { name: string; content: Buffer[] } {
  const first = reads[0] ?? Buffer.alloc(0);
  for (const known of [...knownNames].sort((a, b) => b.length - a.length)) {
    const k = Buffer.from(known, 'utf8');
    const all = startsWith(reads, k);
    if (all) return { name: known, content: skip(reads, k.length) };
  }
  return { name: first.toString('utf8'), content: reads.slice(1) };
}

/** Whether the concatenation of `reads` starts with `prefix` (without concatenating everything). */
function startsWith(reads: Buffer[], prefix: Buffer): boolean {
  let at = 0;
  for (const r of reads) {
    if (at >= prefix.length) break;
    const n = Math.min(r.length, prefix.length - at);
    if (!r.subarray(0, n).equals(prefix.subarray(at, at + n))) return false;
    at += n;
  }
  return at >= prefix.length;
}

/** The reads with the first `count` bytes removed. */
function skip(reads: Buffer[], count: number): Buffer[] {
  const out: Buffer[] = [];
  let left = count;
  for (const r of reads) {
    if (left >= r.length) {
      left -= r.length;
      continue;
    }
    out.push(left > 0 ? r.subarray(left) : r);
    left = 0;
  }
  return out;
}
