// Every check a scenario file may name.
import type { CheckDefinition } from './check.js';
import { echoes } from './tcp-echo.js';
import { replies } from './replies.js';
import { closesConnection } from './connection-close.js';
import { noBusyLoop, noTraceback } from './program-health.js';
import { prints } from './output.js';
import { sendsCtime } from './time-strings.js';
import { countsConnections } from './visitor-count.js';
import { datagramEchoes } from './udp-echo.js';
import { endsAfterServerClose, quitsOnInput } from './client-exit.js';
import { clientRoundTrip } from './client-round-trip.js';
import { moduleApi } from './module-api.js';
import { readyFirst, savesFile, sendsFile } from './file-transfer.js';
import { acksEachChunk, sendsFileUdp, stopAndWait } from './udp-file.js';
import { clientConverts, converts } from './bin-dec.js';
import { frameFormat } from './frame-format.js';
import { framesSent } from './frames-sent.js';
import { recoversMessage } from './recovers-message.js';
import { masterRequest, modbusReply, printsRegisters } from './modbus.js';

import { acks, acksOrNaks, lossRate } from './arq-server.js';
import { reassemblesFrames } from './video-udp.js';
import { sendsFrameChunks } from './video-udp-sender.js';
import { backsOff, givesUp, resendsOnNak, retransmitsUnchanged, stopAndWaitMessages } from './arq-client.js';
import { everyCopyPrints } from './broadcast-receiver.js';
import { reachesEveryReceiver } from './broadcast-sender.js';
import { groupAcks, ignoresOtherGroups } from './multicast-receiver.js';
import { printsAcks, reachesGroup } from './multicast-sender.js';
import { playsAudio, streamsWav } from './audio-stream.js';
import { videoFramesSent, videoFramesShown } from './video-frames.js';

export const CHECKS: Record<string, CheckDefinition> = Object.fromEntries(
  [echoes, replies, closesConnection, noTraceback, noBusyLoop, prints, sendsCtime, countsConnections, datagramEchoes, quitsOnInput, endsAfterServerClose, clientRoundTrip, moduleApi, sendsFile, savesFile, readyFirst, sendsFileUdp, acksEachChunk, stopAndWait, converts, clientConverts,
    frameFormat, framesSent, recoversMessage,
    modbusReply, masterRequest, printsRegisters,
    acks, lossRate, acksOrNaks, stopAndWaitMessages, retransmitsUnchanged, backsOff, givesUp, resendsOnNak,
    everyCopyPrints, reachesEveryReceiver,
    groupAcks, ignoresOtherGroups, reachesGroup, printsAcks,
    reassemblesFrames, sendsFrameChunks,
    streamsWav, playsAudio,
    videoFramesSent, videoFramesShown,
  ].map((c) => [c.name, c as CheckDefinition]),
);
