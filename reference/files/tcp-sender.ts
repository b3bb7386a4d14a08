// Reference TCP file senders: file-tcp:server (TCP_sendfile.py: listens, waits for the ready
// message, sends the typed file) and file-tcp-upload:client (the 과제 with roles swapped: connects,
// then does the same). In a scenario they send seeded test files (`files`, one per connection in
// turn); standalone they send the file whose name is typed, from the working folder.
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { FileSpec, fileFact, makeTestFile } from '../../harness/files/test-file.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { serveTcp } from '../tcp-server.js';
import { sendFile } from './tcp-file-protocol.js';
import { readLine, readTypedFile } from './file-store.js';

const SenderOptions = z
  .object({
    /** Seeded files to send, the k-th connection gets the k-th (the last one again after that). */
    files: z.array(FileSpec).default([]),
    /** Pause between name and content (LABS.md: about 0.3 s, as the seed's sender leaves). */
    pauseMs: z.number().int().nonnegative().default(300),
    coalesce: z.boolean().default(false),
    readyWaitMs: z.number().int().nonnegative().default(2000),
  })
  .strict();
type SenderOptions = z.infer<typeof SenderOptions>;

/** What to send: the scenario's seeded files, or the typed file (standalone). */
function fileSource(ctx: PeerContext, options: SenderOptions): (index: number) => Promise<{ name: string; data: Buffer }> {
  if (options.files.length > 0) {
    const made = options.files.map((spec) => makeTestFile(spec, ctx.random));
    for (const m of made) ctx.fact(fileFact(m.file.id), m.file);
    return async (index) => {
      const m = made[Math.min(index, made.length - 1)]!;
      return { name: m.file.name, data: m.data };
    };
  }
  const typed = readLine(ctx.stdin ?? process.stdin, ctx.stdout, 'File name to send: ').then(async (name) => ({ name: name.trim().replace(/^"|"$/g, ''), data: await readTypedFile(name) }));
  return () => typed;
}

export const tcpFileSender: ReferencePeer<SenderOptions> = {
  id: 'file-tcp:server',
  summary: 'waits for the ready message, sends the file name, pauses 0.3 s, sends the file and closes',
  port: 'file',
  options: SenderOptions,
  start(ctx, options) {
    const source = fileSource(ctx, options);
    let finish: () => void = () => {};
    const standaloneDone = new Promise<void>((r) => (finish = r));
    const server = serveTcp(ctx, 'reference file-tcp:server', (conn, index) => {
      void (async () => {
        const { name, data } = await source(index - 1);
        ctx.log(`sending ${JSON.stringify(name)} (${data.length} bytes)`);
        await sendFile(conn, name, data, options);
        ctx.log('sending complete');
        if (options.files.length === 0) finish();
      })().catch((err: Error) => {
        ctx.log(`error: ${err.message}`);
        conn.destroy();
        if (options.files.length === 0) finish();
      });
    });
    if (options.files.length > 0) return server;
    // Standalone, like the seed: one transfer, then it ends.
    const done = standaloneDone.then(() => new Promise<void>((r) => setTimeout(r, 200))).then(() => server.stop());
    return { ready: server.ready, done, stop: server.stop } satisfies RunningPeer;
  },
};

export const tcpFileUploader: ReferencePeer<SenderOptions> = {
  id: 'file-tcp-upload:client',
  summary: 'connects, waits for the ready message, sends the typed file name, pauses 0.3 s, sends the file and closes',
  port: 'file',
  options: SenderOptions,
  start(ctx, options) {
    const source = fileSource(ctx, options);
    const run = (async () => {
      const { name, data } = await source(0);
      const conn = await RecordedTcp.connect('upload', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      await sendFile(conn, name, data, options);
      await conn.waitForClose(2000);
      conn.destroy();
      ctx.stdout?.write(`Sent ${JSON.stringify(name)} (${data.length} bytes)\n`);
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};
