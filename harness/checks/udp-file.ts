// Checks of the UDP file labs (UDP_file_sr.py, exercise 11-8), on the datagrams of one transfer.
//   sends-file-udp:  name first, content only after 'OK', chunks of at most 8192 bytes, an empty
//                    datagram at the end, the content byte-identical.
//   acks-each-chunk: a receiver answers each chunk (an 'ACK') before the harness sends the next.
//   stop-and-wait:   a sender never has two chunks unacknowledged.
import { z } from 'zod';
import { compareWithFile } from '../files/compare.js';
import type { WireChunk } from '../model/evidence.js';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { fileOf } from './file-transfer.js';
import { connection, show } from './queries.js';

const isAck = (d: Buffer) => /ack/i.test(d.toString('utf8'));

export const sendsFileUdp = defineCheck({
  name: 'sends-file-udp',
  summary: "name, then after 'OK' chunks of at most chunkBytes, an empty datagram at the end, the content byte-identical",
  args: z.object({ conn: z.string(), file: z.string(), chunkBytes: z.number().int().positive().default(8192) }).strict(),
  requirement: ({ chunkBytes }) => `the file name, then after 'OK' the file in datagrams of at most ${chunkBytes} bytes, then an empty datagram`,
  run(e, args) {
    const file = fileOf(e, args.file);
    if (!file) return fail('a test file', `the run stopped before ${args.file} was made`);
    const c = connection(e, args.conn);
    const sent = c?.chunks.filter((k) => k.dir === 'from-program') ?? [];
    if (!c || sent.length === 0) return fail(`the file name ${show(file.name)} in a datagram`, 'no datagram reached the receiver');
    const [first, ...rest] = sent;
    if (first!.data.toString('utf8') !== file.name) return fail(`the file name ${show(file.name)} first`, `the first datagram was ${formatBytes(first!.data)}`);
    const ok = c.chunks.find((k) => k.dir === 'to-program');
    const early = rest.find((k) => !ok || k.t < ok.t);
    if (early) return fail("content only after the receiver's 'OK'", `a datagram of ${early.data.length} bytes came before the 'OK' (the receiver answered late on purpose)`);
    const endAt = rest.findIndex((k) => k.data.length === 0);
    const data = endAt < 0 ? rest : rest.slice(0, endAt);
    const big = data.find((k) => k.data.length > args.chunkBytes);
    if (big) return fail(`datagrams of at most ${args.chunkBytes} bytes`, `a datagram of ${big.data.length} bytes (the receiver's recvfrom(${args.chunkBytes}) cuts it)`);
    const { same, details } = compareWithFile(file, Buffer.concat(data.map((k) => k.data)));
    if (!same) return fail(`${file.size} bytes with SHA-256 ${file.sha256.slice(0, 16)}…`, details[0]!, details.slice(1));
    if (endAt < 0) return fail('an empty datagram at the end (the receiver waits for it)', `the file came in ${data.length} datagrams, and no empty one followed`);
    return pass([`${show(file.name)}, ${data.length} chunks, ${details[0]}`]);
  },
});

export const acksEachChunk = defineCheck({
  name: 'acks-each-chunk',
  summary: "an 'ACK' for each chunk, before the next one is sent",
  args: z.object({ socket: z.string(), ackTimeoutMs: z.number().int().positive().default(1000) }).strict(),
  requirement: () => "the receiver answers each chunk with 'ACK' after saving it",
  run(e, args) {
    const c = connection(e, args.socket);
    const toProgram = c?.chunks.filter((k) => k.dir === 'to-program') ?? [];
    const chunks = toProgram.slice(1).filter((k) => k.data.length > 0);
    if (!c || chunks.length === 0) return fail('chunks sent to the program', 'the run stopped before any was sent');
    const replies = c.chunks.filter((k) => k.dir === 'from-program').slice(1); // after the 'OK'
    for (const [i, chunk] of chunks.entries()) {
      const next = toProgram[toProgram.indexOf(chunk) + 1];
      const answer = replies.find((r) => r.t >= chunk.t && (!next || r.t <= next.t));
      if (!answer) return fail(`an ACK for chunk ${i + 1} of ${chunks.length} within ${(args.ackTimeoutMs / 1000).toFixed(1)} s`, 'no datagram came back');
      if (!isAck(answer.data)) return fail(`'ACK' for chunk ${i + 1}`, `the answer was ${formatBytes(answer.data)}`);
    }
    return pass([`${chunks.length} chunks, each acknowledged before the next`]);
  },
});

export const stopAndWait = defineCheck({
  name: 'stop-and-wait',
  summary: 'never two chunks unacknowledged: each chunk only after the previous one was ACKed',
  args: z.object({ conn: z.string(), ackHoldMs: z.number().int().nonnegative() }).strict(),
  requirement: () => 'the sender sends each chunk only after the ACK of the previous one',
  run(e, args) {
    const c = connection(e, args.conn);
    const all: WireChunk[] = c?.chunks ?? [];
    if (!c || all.length === 0) return fail('a file transfer', 'no datagram reached the receiver');
    let unacked = 0;
    let chunk = 0;
    let named = false;
    for (const k of all) {
      if (k.dir === 'to-program') {
        if (isAck(k.data)) unacked = Math.max(0, unacked - 1);
        continue;
      }
      if (!named) {
        named = true;
        continue;
      }
      if (k.data.length === 0) continue; // the end datagram needs no ACK
      chunk++;
      unacked++;
      if (unacked > 1) {
        return fail(`chunk ${chunk} only after the ACK of chunk ${chunk - 1}`, `chunk ${chunk} came while ${unacked - 1} chunk${unacked > 2 ? 's were' : ' was'} unacknowledged (the receiver held each ACK ${args.ackHoldMs} ms)`);
      }
    }
    if (chunk < 2) return fail('at least two chunks to judge', `${chunk} chunk${chunk === 1 ? '' : 's'} arrived`);
    return pass([`${chunk} chunks, each sent after the previous ACK (ACKs held ${args.ackHoldMs} ms)`]);
  },
});
