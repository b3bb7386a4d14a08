// Reference TCP file receivers: file-tcp:client (TCP_receivefile.py: connects, sends the ready
// message, saves the file under the name received) and file-tcp-upload:server (roles swapped:
// listens, and does the same for each connection). In a scenario the receiver knows the typed
// names (`files`) and splits a first read that starts with one; otherwise the first read is the name.
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { FileSpec } from '../../harness/files/test-file.js';
import type { PeerContext, ReferencePeer } from '../peer.js';
import { closeWhenProgramCloses, serveTcp } from '../tcp-server.js';
import { READY_MESSAGE, splitNameAndContent } from './tcp-file-protocol.js';
import { saveReceivedFile } from './file-store.js';

const ReceiverOptions = z
  .object({
    /** The names the scenario types to the sender (to split a first read that starts with one). */
    files: z.array(FileSpec).default([]),
    readyMessage: z.string().default(READY_MESSAGE),
    /** How long one transfer may take before the receiver gives up on it. */
    timeoutMs: z.number().int().positive().default(30000),
  })
  .strict();
type ReceiverOptions = z.infer<typeof ReceiverOptions>;

async function receiveFile(ctx: PeerContext, conn: RecordedTcp, options: ReceiverOptions): Promise<void> {
  await conn.send(Buffer.from(options.readyMessage, 'utf8'));
  await conn.waitForClose(options.timeoutMs);
  const reads = conn.record.chunks.filter((c) => c.dir === 'from-program').map((c) => c.data);
  const { name, content } = splitNameAndContent(reads, options.files.map((f) => f.name));
  const size = content.reduce((n, c) => n + c.length, 0);
  ctx.log(`received ${JSON.stringify(name)} (${size} bytes)`);
  // In a scenario the evidence holds the bytes; standalone (or as a program under test) save the file.
  if (options.files.length === 0) {
    const where = await saveReceivedFile(name, content);
    ctx.stdout?.write(`Download complete in ${where}\n`);
  }
}

export const tcpFileReceiver: ReferencePeer<ReceiverOptions> = {
  id: 'file-tcp:client',
  summary: 'connects, sends "I am ready", saves the file under the name received',
  port: 'file',
  options: ReceiverOptions,
  start(ctx, options) {
    const run = (async () => {
      const conn = await RecordedTcp.connect('download', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      await receiveFile(ctx, conn, options);
      conn.destroy();
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};

export const tcpUploadReceiver: ReferencePeer<ReceiverOptions> = {
  id: 'file-tcp-upload:server',
  summary: 'for each connection: sends "I am ready", saves the file under the name received',
  port: 'file',
  options: ReceiverOptions,
  start(ctx, options) {
    return serveTcp(ctx, 'reference file-tcp-upload:server', (conn) => {
      closeWhenProgramCloses(conn);
      receiveFile(ctx, conn, options).catch((err: Error) => ctx.log(`error: ${err.message}`));
    });
  },
};
