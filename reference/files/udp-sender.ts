// Reference UDP file senders: file-udp:client (UDP_file_sr.py s: paced chunks) and
// file-udp-flow:client (exercise 11-8: waits for each ACK). The file name is typed; the file is
// read from the working folder.
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';
import { readLine, readTypedFile } from './file-store.js';
import { CHUNK_BYTES, sendFileUdp } from './udp-file-protocol.js';

const UdpSenderOptions = z.object({ paceMs: z.number().int().nonnegative().default(20) }).strict();

function udpFileSender(id: string, ackEach: boolean): ReferencePeer<z.infer<typeof UdpSenderOptions>> {
  return {
    id,
    summary: ackEach ? "sends the typed file's name, waits for 'OK', then each 8192-byte chunk after the previous one's ACK, then an empty datagram" : "sends the typed file's name, waits for 'OK', then 8192-byte chunks 0.02 s apart and an empty datagram",
    port: 'file',
    options: UdpSenderOptions,
    start(ctx, options) {
      const run = (async () => {
        const name = (await readLine(ctx.stdin ?? process.stdin, ctx.stdout, 'File name to send: ')).trim();
        const content = await readTypedFile(name);
        const socket = await RecordedUdp.bind('sender', `reference ${id}`, '0.0.0.0');
        ctx.record(socket.record);
        const host = ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host;
        const outcome = await sendFileUdp(socket, host, ctx.port, name, content, { chunkBytes: CHUNK_BYTES, paceMs: options.paceMs, ackEach, okTimeoutMs: 10000, ackTimeoutMs: 5000 });
        socket.close();
        if (!outcome.ok) throw new Error("no 'OK' came back for the file name");
        ctx.stdout?.write(`Sent ${JSON.stringify(name)}: ${content.length} bytes in ${outcome.chunks} chunks\n`);
      })();
      return { ready: Promise.resolve(), done: run, stop: async () => {} };
    },
  };
}

export const udpFileSenderPeer = udpFileSender('file-udp:client', false);
export const udpFlowSenderPeer = udpFileSender('file-udp-flow:client', true);
