// Reference audio client (audio_client.py done right): connects, reads the pickled chunks whatever
// their TCP segmentation, and "plays" them. Standalone it saves what it got as received.wav
// (16-bit stereo 44100 Hz, the seed's stream format). Run as the program under test of the client
// role (LABCHECK_DEVICES set), it plays into the audio device stand-in's file as pyaudio would.
import { appendFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { describeChunkSizes } from '../../harness/formats/audio/pickled-chunks.js';
import { wavFile } from '../../harness/formats/audio/wav.js';
import type { ReferencePeer } from '../peer.js';
import { receiveAudioStream } from './audio-stream.js';
import { AUDIO_OUT_FILE } from '../../harness/formats/audio/audio-device.js';

const ClientOptions = z
  .object({
    rate: z.number().int().positive().default(44100),
    channels: z.number().int().positive().default(2),
    sampleWidth: z.number().int().min(1).max(4).default(2),
    timeoutMs: z.number().int().positive().default(30000),
  })
  .strict();
type ClientOptions = z.infer<typeof ClientOptions>;

export const audioClient: ReferencePeer<ClientOptions> = {
  id: 'audio-tcp:client',
  summary: 'connects, unpickles the chunks (8-byte "Q" lengths) and saves them as received.wav',
  port: 'audio',
  options: ClientOptions,
  start(ctx, options) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const conn = await RecordedTcp.connect('audio', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      // A sender that keeps sending empty chunks after the end (the seed) is done after 50 of them.
      const { reader, why } = await receiveAudioStream(conn, { graceMs: 300, timeoutMs: options.timeoutMs, maxTrailingEmpty: 50 });
      conn.destroy();
      const audio = Buffer.concat(reader.chunks.map((c) => c.data));
      print(`received ${audio.length} bytes in ${describeChunkSizes(reader.chunks)}; stopped: ${why}`);
      if (reader.problem) print(`the stream broke the format: ${reader.problem}`);
      if (process.env.LABCHECK_DEVICES !== undefined) {
        for (const c of reader.chunks) if (c.data.length > 0) await appendFile(AUDIO_OUT_FILE, c.data);
      } else if (ctx.stdout) {
        await writeFile('received.wav', wavFile(options, audio));
        print('saved received.wav');
      }
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};
