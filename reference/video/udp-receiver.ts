// Reference video-udp receiver (video-udp:server, as video_UDP_server.py): records every datagram
// for the checks, and (standalone) says which frames arrived whole and whether they are camera frames.
//
// A sender's 20 datagrams of 46 KB come in a burst: the receive buffer asked for is large
// (`recvBufferBytes`, 8 MiB) so the kernel keeps a burst while the event loop is busy. Linux caps
// SO_RCVBUF at net.core.rmem_max (a host-wide setting, not one per network namespace, so labcheck
// leaves it alone); the size actually given is kept as the fact `recvBufferBytes`, and the checks
// judge only frames that arrived whole.
import dgram from 'node:dgram';
import { z } from 'zod';
import { now } from '../../harness/model/clock.js';
import type { ConnectionRecord } from '../../harness/model/evidence.js';
import type { ReferencePeer } from '../peer.js';
import { frameNumber, syntheticFrame } from '../../harness/formats/video/synthetic-frame.js';
import { CHUNK_BYTES, CHUNKS_PER_FRAME, LAST_INDEX } from './udp-video-protocol.js';
import { answerOnTime } from '../arq/on-time.js';

const QUIET_MS = 100;
const QUIET_LIMIT_MS = 2000;

const VideoReceiverOptions = z.object({ recvBufferBytes: z.number().int().positive().default(8 * 1024 * 1024) }).strict();

export const videoUdpReceiver: ReferencePeer<z.infer<typeof VideoReceiverOptions>> = {
  id: 'video-udp:server',
  summary: 'records every datagram; places chunks by their index byte and reports each frame at index 19',
  port: 'video',
  options: VideoReceiverOptions,
  start(ctx, options) {
    // A burst must be read while it still fits the receive buffer: the worker's event loop must
    // not wait for the CPU behind the machine's other work (root only, as the ARQ peers do).
    answerOnTime();
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: options.recvBufferBytes });
    let record: ConnectionRecord | undefined;
    let chunks = new Map<number, Buffer>();
    let frames = 0;
    let lastDatagram = 0;
    socket.on('message', (data, rinfo) => {
      lastDatagram = Date.now();
      const remote = `${rinfo.address}:${rinfo.port}`;
      if (!record) {
        const a = socket.address();
        record = { name: 'receiver', transport: 'udp', owner: 'reference video-udp:server', local: `${a.address}:${a.port}`, remote, events: [{ t: now(), kind: 'connected', detail: 'first datagram' }], chunks: [] };
        ctx.record(record);
      }
      record.chunks.push({ t: now(), dir: 'from-program', remote, data });
      // Standalone, it tells the student how each frame arrived; in a scenario the checks do.
      if (!ctx.stdout || data.length === 0) return;
      chunks.set(data[0]!, data.subarray(1));
      if (data[0] === LAST_INDEX) {
        ctx.log(describeFrame(frames++, chunks));
        chunks = new Map();
      }
    });
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(ctx.port, ctx.host, () => {
        const size = socket.getRecvBufferSize();
        ctx.fact('recvBufferBytes', size);
        ctx.log(`listening on ${ctx.host}:${ctx.port}/udp (receive buffer ${size} bytes)`);
        resolve();
      });
    });
    let stopped: () => void = () => {};
    const done = new Promise<void>((r) => (stopped = r));
    return {
      ready,
      done,
      stop: async () => {
        // Datagrams still queued in the socket when the scenario ends (a sender that exits right
        // after its last frame) are recorded before it closes: wait until it has been quiet 100 ms.
        const until = Date.now() + QUIET_LIMIT_MS;
        while (Date.now() - lastDatagram < QUIET_MS && Date.now() < until) await new Promise((r) => setTimeout(r, QUIET_MS / 4));
        try {
          socket.close();
        } catch {
          /* already closed */
        }
        stopped();
      },
    };
  },
};

/** "frame 3: 20 chunks of 46080 bytes, camera frame k=3" (standalone progress). */
function describeFrame(n: number, chunks: Map<number, Buffer>): string {
  const whole = chunks.size === CHUNKS_PER_FRAME && [...chunks].every(([i, c]) => i < CHUNKS_PER_FRAME && c.length === CHUNK_BYTES);
  if (!whole) return `frame ${n}: ${chunks.size} chunks (indices ${[...chunks.keys()].sort((a, b) => a - b).join(',')}), not a whole frame`;
  const frame = Buffer.concat(Array.from({ length: CHUNKS_PER_FRAME }, (_, i) => chunks.get(i)!));
  const k = frameNumber(frame) ?? -1;
  const camera = k >= 0 && k < 2 ** 40 && frame.equals(syntheticFrame(k));
  return `frame ${n}: 20 chunks of ${CHUNK_BYTES} bytes, ${camera ? `camera frame k=${k}` : 'not a camera frame'}`;
}
