// sends-frame-chunks (video-udp:client/chunking): each frame a sender sends is 20 datagrams of
// 1 index byte + 46080 bytes, indices 0..19 each once, whose payloads in index order are the
// camera frame it read. Frames must be camera frames k0, k0+1, ... (any start k0: a sender may
// read a frame before its first send).
//
// A frame is the run of datagrams whose index byte keeps rising; a new frame starts where it does
// not. Judged from two records:
//  - the shape (count, sizes, index bytes) from the program's own sendto calls as the shim saw
//    them, which no kernel drop can change (untraced: from the datagrams that arrived);
//  - the content from the datagrams that reached the reference receiver, for frames that arrived
//    whole. The kernel may drop a datagram of a burst even with a large receive buffer: a frame
//    that lost one is not judged, and too few whole frames leave the check unable to judge.
import { z } from 'zod';
import type { SocketCall } from '../model/evidence.js';
import { cannotJudge, defineCheck, fail, pass } from './check.js';
import { connection, program } from './queries.js';
import { frameNumber, syntheticFrame } from '../formats/video/synthetic-frame.js';
import { CHUNK_BYTES, CHUNKS_PER_FRAME, DATAGRAM_BYTES } from '../../reference/video/udp-video-protocol.js';

/** One datagram: its index byte and size, the first bytes (shim) or all of them (receiver). */
interface Datagram {
  index: number;
  size: number;
  head: string;
  data?: Buffer;
}

const SENDS = new Set(['sendto', 'send', 'sendall', 'sendmsg']);
const HEAD_BYTES = 32;

function sentByProgram(calls: SocketCall[]): Datagram[] {
  return calls
    .filter((c) => c.kind === 'udp' && SENDS.has(c.call) && !c.error && c.size !== undefined)
    .map((c) => ({ index: c.size! > 0 && c.head ? parseInt(c.head.slice(0, 2), 16) : -1, size: c.size!, head: c.head ?? '' }));
}

function received(data: Buffer): Datagram {
  return { index: data.length > 0 ? data[0]! : -1, size: data.length, head: data.subarray(0, HEAD_BYTES).toString('hex'), data };
}

/** Split datagrams into frames: a frame goes on while the index byte rises. */
export function splitFrames<T extends { index: number }>(datagrams: T[]): T[][] {
  const frames: T[][] = [];
  for (const d of datagrams) {
    const current = frames.at(-1);
    if (current && d.index > current.at(-1)!.index) current.push(d);
    else frames.push([d]);
  }
  return frames;
}

/** "46081×19 + 1" */
export function sizeSummary(sizes: number[]): string {
  const runs: [number, number][] = [];
  for (const s of sizes) {
    const last = runs.at(-1);
    if (last && last[0] === s) last[1]++;
    else runs.push([s, 1]);
  }
  return runs.map(([s, n]) => (n > 1 ? `${s}×${n}` : `${s}`)).join(' + ');
}

/** "0..18, 20" */
export function indexSummary(indices: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j > i ? `${indices[i]}..${indices[j]}` : `${indices[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** What is wrong with a frame's shape, or undefined when it is 20 × 46081 bytes, indices 0..19. */
export function shapeProblem(frame: Datagram[]): string | undefined {
  const sizes = frame.map((d) => d.size);
  const indices = frame.map((d) => d.index);
  const seen = `${frame.length} datagram${frame.length === 1 ? '' : 's'}, sizes ${sizeSummary(sizes)}, indices ${indexSummary(indices)}`;
  const unexpected = indices.filter((i) => i < 0 || i >= CHUNKS_PER_FRAME);
  const missing = Array.from({ length: CHUNKS_PER_FRAME }, (_, i) => i).filter((i) => !indices.includes(i));
  const wrongSize = sizes.find((s) => s !== DATAGRAM_BYTES);
  const why: string[] = [];
  if (frame.length !== CHUNKS_PER_FRAME) why.push(`${frame.length} datagrams instead of ${CHUNKS_PER_FRAME}`);
  if (wrongSize !== undefined) why.push(`a datagram of ${wrongSize} bytes (${wrongSize - 1}-byte chunk) instead of ${DATAGRAM_BYTES} (1 + ${CHUNK_BYTES})`);
  if (unexpected.length > 0) why.push(`index ${indexSummary(unexpected)} unexpected`);
  if (missing.length > 0) why.push(`index ${indexSummary(missing)} missing`);
  return why.length > 0 ? `${seen}: ${why.join('; ')}` : undefined;
}

/**
 * Pair each datagram the program sent with the one that arrived, in order (loopback keeps the
 * order; the kernel may drop some): arrived[i] for sent[i], or undefined for a dropped one.
 */
function pairArrivals(sent: Datagram[], arrived: Datagram[]): (Datagram | undefined)[] {
  let next = 0;
  return sent.map((s) => {
    const a = arrived[next];
    if (a && a.size === s.size && a.head.startsWith(s.head)) {
      next++;
      return a;
    }
    return undefined;
  });
}

export const sendsFrameChunks = defineCheck({
  name: 'sends-frame-chunks',
  summary: 'each frame is 20 datagrams of 1 + 46080 bytes, indices 0..19, reassembling to the camera frame',
  args: z.object({ peer: z.string().default('receiver'), program: z.string().default('program'), minFrames: z.number().int().positive().default(3) }).strict(),
  requirement: () => 'each frame is 20 datagrams of 1 + 46080 bytes, indices 0..19, reassembling to the camera frame',
  run(e, args) {
    const c = connection(e, `${args.peer}#1`);
    const arrived = (c?.chunks ?? []).filter((k) => k.dir === 'from-program').map((k) => received(k.data));
    const p = program(e, args.program);
    const traced = p?.traced === true;
    const sent = traced ? sentByProgram(p!.socketCalls) : arrived;
    if (sent.length === 0) return fail('camera frames sent as datagrams', traced ? 'the program sent no UDP datagram' : 'no datagram reached the receiver');
    if (arrived.length === 0) {
      const to = p?.socketCalls.find((k) => k.kind === 'udp' && SENDS.has(k.call) && !k.error)?.addr;
      return fail(`the datagrams at the receiver's port ${e.ports.video ?? ''}`.trim(), `none of the ${sent.length} datagrams reached it${to ? ` (sent to ${to})` : ''}`);
    }
    const frames = splitFrames(sent);
    // A frame cut short because the harness stopped the program is not the program's doing.
    if (p?.exit?.stoppedByHarness && frames.length > 1 && shapeProblem(frames.at(-1)!)) frames.pop();
    // Untraced, what was sent is known only from what arrived: a frame missing some datagrams
    // (right sizes, indices in order) may be the kernel's loss, and is not judged.
    const partial = (frame: Datagram[]) => !traced && frame.length < CHUNKS_PER_FRAME && frame.every((d) => d.size === DATAGRAM_BYTES && d.index < CHUNKS_PER_FRAME);
    for (const [n, frame] of frames.entries()) {
      const problem = shapeProblem(frame);
      if (problem && !partial(frame)) return fail(`frame ${n}: ${CHUNKS_PER_FRAME} datagrams of ${DATAGRAM_BYTES} bytes, indices 0..${CHUNKS_PER_FRAME - 1}`, `frame ${n}: ${problem}`, [`${frames.length} frame${frames.length === 1 ? '' : 's'} sent${traced ? " (the program's sendto calls)" : ' (datagrams received; the program is not traced)'}`]);
    }
    // Content: frames whose every datagram arrived.
    const arrivals = traced ? pairArrivals(sent, arrived) : arrived;
    let at = 0;
    const whole: { n: number; datagrams: Datagram[] }[] = [];
    for (const [n, frame] of frames.entries()) {
      const got = arrivals.slice(at, at + frame.length);
      at += frame.length;
      if (got.every((d) => d?.data) && !partial(frame)) whole.push({ n, datagrams: got as Datagram[] });
    }
    const lost = frames.length - whole.length;
    const judged = `judged: ${whole.length} of ${frames.length} frames, those that reached the receiver whole${lost > 0 ? ` (${lost} lost ${traced ? 'a datagram in the kernel' : 'datagrams (the program is not traced: lost in the kernel or never sent)'}${bufferNote(e.facts[`${args.peer}.recvBufferBytes`])})` : ''}`;
    if (whole.length < args.minFrames) {
      return cannotJudge(`at least ${args.minFrames} frames arriving whole`, `${whole.length} of ${frames.length} frames arrived whole: the kernel dropped datagrams of the others${bufferNote(e.facts[`${args.peer}.recvBufferBytes`])}`);
    }
    let k0: number | undefined;
    for (const { n, datagrams } of whole) {
      const image = Buffer.alloc(CHUNK_BYTES * CHUNKS_PER_FRAME);
      for (const d of datagrams) d.data!.copy(image, d.index * CHUNK_BYTES, 1);
      const k = frameNumber(image) ?? -1;
      if (k < 0 || k >= 2 ** 32) return fail(`frame ${n}: the payloads in index order are a camera frame`, `its first 8 bytes (${image.subarray(0, 8).toString('hex')}) are no camera frame number: not a camera frame`, [judged]);
      k0 ??= k - n;
      const expectedK = k0 + n;
      const expected = `frame ${n}: the payloads in index order are camera frame k=${expectedK}${n > 0 ? ` (frames k=${k0}, ${k0 + 1}, ... in the order read)` : ''}`;
      if (k !== expectedK || expectedK < 0) return fail(expected, `frame ${n}'s first 8 bytes say k=${k}${k === expectedK - 1 ? ' (the previous frame sent again)' : ''}`, [judged]);
      const camera = syntheticFrame(k);
      if (!image.equals(camera)) {
        const offset = firstDifference(image, camera);
        return fail(expected, `frame ${n} differs from camera frame k=${k} from byte ${offset} on (chunk ${Math.floor(offset / CHUNK_BYTES)})`, [judged]);
      }
    }
    return pass([judged, `frames k=${k0}..${k0! + frames.length - 1} from the camera, each 20 datagrams of ${DATAGRAM_BYTES} bytes, indices 0..19`]);
  },
});

function firstDifference(a: Buffer, b: Buffer): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return Math.min(a.length, b.length);
}

function bufferNote(size: unknown): string {
  return typeof size === 'number' ? `; receive buffer ${size} bytes` : '';
}
