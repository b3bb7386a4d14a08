// The course's UDP file protocol (UDP_file_sr.py, and exercise 11-8's flow control), sender side:
// the file name in one datagram, wait for 'OK' (any case), the content in chunks of at most
// 8192 bytes, then an empty datagram. Without flow control the sender paces the chunks (the seed
// sleeps 0.02 s); with it, it waits for an ACK after each chunk. Used by the reference sender
// and by the harness's own `send-file-udp` step.
import type { RecordedUdp } from '../../harness/net/recorded-udp.js';
import { sleep } from './tcp-file-protocol.js';

export const CHUNK_BYTES = 8192;

export interface UdpSendOptions {
  chunkBytes: number;
  /** Pause after each chunk when not waiting for ACKs (the seed's 0.02 s). */
  paceMs: number;
  /** Wait for an acknowledgement after each chunk (exercise 11-8). */
  ackEach: boolean;
  /** How long to wait for 'OK', and for each ACK. */
  okTimeoutMs: number;
  ackTimeoutMs: number;
}

export interface UdpSendOutcome {
  ok: boolean;
  /** Chunks sent (the end datagram not counted). */
  chunks: number;
  /** Set when an ACK did not come: from then on the sender paced instead of waiting. */
  missingAck?: number;
}

export async function sendFileUdp(socket: RecordedUdp, host: string, port: number, name: string, content: Buffer, options: UdpSendOptions): Promise<UdpSendOutcome> {
  let seen = socket.datagramsReceived;
  await socket.sendTo(Buffer.from(name, 'utf8'), host, port);
  const ok = await socket.waitForDatagrams(seen + 1, options.okTimeoutMs);
  seen = socket.datagramsReceived;
  if (!ok) return { ok: false, chunks: 0 };
  // The seed sends to the address the 'OK' came from.
  const reply = socket.record.chunks.filter((c) => c.dir === 'from-program').at(-1)!;
  const [replyHost, replyPort] = splitAddress(reply.remote, host, port);
  let chunks = 0;
  let waitForAcks = options.ackEach;
  let missingAck: number | undefined;
  for (let at = 0; at < content.length; at += options.chunkBytes) {
    await socket.sendTo(content.subarray(at, at + options.chunkBytes), replyHost, replyPort);
    chunks++;
    if (waitForAcks) {
      if (await socket.waitForDatagrams(seen + 1, options.ackTimeoutMs)) seen = socket.datagramsReceived;
      else {
        missingAck = chunks;
        waitForAcks = false;
      }
    } else await sleep(options.paceMs);
  }
  await socket.sendTo(Buffer.alloc(0), replyHost, replyPort);
  return { ok: true, chunks, ...(missingAck !== undefined ? { missingAck } : {}) };
}

function splitAddress(remote: string | undefined, host: string, port: number): [string, number] {
  const m = remote ? /^(.*):(\d+)$/.exec(remote) : null;
  return m ? [m[1]!, Number(m[2])] : [host, port];
}
