// Every step kind a scenario may use, by the name it is written with (`- start: {...}`), mapped to
// the function that carries it out. A new step kind is a file exporting its zod schema (added to
// the Step union in harness/scenario/schema.ts) and its function, plus a line here; the engine
// itself never changes. A test checks that the schema and this table name the same kinds.
import type { RunContext, StepOutcome } from '../context.js';
import * as programSteps from './program-steps.js';
import * as tcpSteps from './tcp-steps.js';
import * as udpSteps from './udp-steps.js';
import { peer } from './peer-steps.js';
import { awaitFile, writeFile } from './file-steps.js';
import { fetchFile, sendFileStep } from './tcp-file-steps.js';
import { sendFileUdpStep } from './udp-file-steps.js';
import { awaitClose } from './await-close-step.js';
import { relay } from './relay-step.js';
import { modbusRequest } from './modbus-request-step.js';
import { sendNumbered } from './send-numbered-step.js';
import { startCopy } from './start-copy-step.js';
import { broadcast } from './broadcast-step.js';
import { awaitDatagrams } from './await-datagrams-step.js';
import { multicastSend } from './multicast-send-step.js';
import { awaitInput } from './await-input-step.js';
import { sendVideoUdp } from './send-video-udp-step.js';
import { awaitPlayback, receiveAudio, writeWav } from './audio-steps.js';
import { awaitFrames, devicesQuit } from './device-steps.js';

// The arguments were validated by the scenario schema when the file was loaded.
type StepFunction = (ctx: RunContext, args: any) => Promise<StepOutcome>;

export const STEPS: Record<string, StepFunction> = {
  start: programSteps.start,
  await: programSteps.awaitProgram,
  stop: programSteps.stop,
  peer,
  connect: tcpSteps.connect,
  send: tcpSteps.send,
  receive: tcpSteps.receive,
  exchange: tcpSteps.exchange,
  close: tcpSteps.close,
  udp: udpSteps.udp,
  sendto: udpSteps.sendto,
  'write-file': writeFile,
  'await-file': awaitFile,
  'fetch-file': fetchFile,
  'send-file': sendFileStep,
  'send-file-udp': sendFileUdpStep,
  'await-close': awaitClose,
  relay,
  'modbus-request': modbusRequest,
  'send-numbered': sendNumbered,
  'start-copy': startCopy,
  broadcast,
  'await-datagrams': awaitDatagrams,
  'multicast-send': multicastSend,
  'await-input': awaitInput,
  'send-video-udp': sendVideoUdp,
  'write-wav': writeWav,
  'receive-audio': receiveAudio,
  'await-playback': awaitPlayback,
  'devices-quit': devicesQuit,
  'await-frames': awaitFrames,
};
