// The scenario file format (scenarios/<lab>.yaml), validated with zod.
// A scenario is data: a list of steps that drive the run, and a list of named checks that
// judge the recorded evidence afterwards. See scenarios/README.md for the vocabulary.
import { z } from 'zod';
import { LimitsOverride } from '../sandbox/limits.js';
import { AwaitFileStep, WriteFileStep } from '../engine/steps/file-steps.js';
import { FetchFileStep, SendFileStep } from '../engine/steps/tcp-file-steps.js';
import { SendFileUdpStep } from '../engine/steps/udp-file-steps.js';
import { AwaitCloseStep } from '../engine/steps/await-close-step.js';
import { RelayStep } from '../engine/steps/relay-step.js';
import { ModbusRequestStep } from '../engine/steps/modbus-request-step.js';
import { SendNumberedStep } from '../engine/steps/send-numbered-step.js';
import { StartCopyStep } from '../engine/steps/start-copy-step.js';
import { BroadcastStep } from '../engine/steps/broadcast-step.js';
import { AwaitDatagramsStep } from '../engine/steps/await-datagrams-step.js';
import { MulticastSendStep } from '../engine/steps/multicast-send-step.js';
import { AwaitInputStep } from '../engine/steps/await-input-step.js';
import { SendVideoUdpStep } from '../engine/steps/send-video-udp-step.js';
import { AwaitPlaybackStep, ReceiveAudioStep, WriteWavStep } from '../engine/steps/audio-steps.js';
import { AwaitFramesStep, DevicesOption, DevicesQuitStep } from '../engine/steps/device-steps.js';

const name = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

/** Bytes to send: text (UTF-8), hex, a pickled tuple, or a value drawn from the run's seed (exactly
 *  one). Drawn values are probes no student table and no hard-coded answer can expect. */
const payloadFields = {
  text: z.string().optional(),
  hex: z.string().regex(/^([0-9a-fA-F]{2})*$/).optional(),
  /** Seeded random printable ASCII of this many bytes. */
  randomText: z.number().int().positive().optional(),
  /** pickle.dumps(tuple(...)) (protocol 4, Python's default): whole numbers are ints, text is str. */
  pickle: z.array(z.union([z.number().int(), z.string()])).optional(),
  /** Seeded random lower-case ASCII letters, this many. */
  randomWord: z.number().int().positive().optional(),
  /** A seeded random whole number in [min, max], in decimal. */
  randomInt: z.object({ min: z.number().int(), max: z.number().int() }).strict().optional(),
  /** Seeded random Hangul syllables, this many (e.g. an unknown name). */
  randomHangul: z.number().int().positive().optional(),
};
const PAYLOAD_KEYS = ['text', 'hex', 'randomText', 'pickle', 'randomWord', 'randomInt', 'randomHangul'] as const;
const exactlyOnePayload = (p: Partial<Record<(typeof PAYLOAD_KEYS)[number], unknown>>) => PAYLOAD_KEYS.filter((k) => p[k] !== undefined).length === 1;
const onePayload = { message: `give exactly one of ${PAYLOAD_KEYS.join(', ')}` };

/** How a program's stdin is scripted. */
export const StdinScript = z
  .object({
    /** Lines typed, one per read of stdin (input() or readline()). */
    lines: z.array(z.string()).default([]),
    /** Prompts matching this regex (case-insensitive) are answered with an empty line (the default)
     *  without using up a line: "Server IP(default: 127.0.0.1): ", "port: ". */
    defaults: z.string().optional(),
    /** Answers chosen by what the program asks (harness/program/prompt-answers.ts): the first rule
     *  whose `match` (a regex, case-insensitive) fits the question, else the output printed since the
     *  last read, is typed, `$1` replaced by the first group; `once` rules answer one time only;
     *  `fallback` rules are tried last, on the question alone.
     *  A read no rule answers (and no address question) takes the next of `lines`, or end of file. */
    answers: z.array(z.object({ match: z.string(), answer: z.string(), once: z.boolean().optional(), fallback: z.boolean().optional() }).strict()).optional(),
    /** Close stdin after the last line (true), or keep it open so a further read blocks (false). */
    eof: z.boolean().default(true),
  })
  .strict();
export type StdinScript = z.infer<typeof StdinScript>;

const ms = z.number().int().positive();

export const Step = z.union([
  /** Start the program under test (or the role's driver). */
  z.object({
    start: z
      .object({
        program: name.default('program'),
        ready: z.enum(['tcp-listening', 'udp-bound', 'none']).default('none'),
        stdin: StdinScript.optional(),
        args: z.array(z.string()).optional(),
        timeoutMs: ms.optional(),
        /** Device stand-ins (camera, display, clip, sound card) and what they do; see device-steps.ts. */
        devices: DevicesOption.optional(),
      })
      .strict(),
  }).strict(),
  /** Start a reference peer (a server the program connects to). */
  z.object({
    peer: z
      .object({
        name: name,
        ref: z.string().regex(/^[a-z0-9-]+:(server|client)$/),
        /** Which of the lab's ports it listens on. */
        port: z.string(),
        options: z.record(z.string(), z.unknown()).default({}),
      })
      .strict(),
  }).strict(),
  /** Open a TCP connection from the harness to the program's listening port. */
  z.object({ connect: z.object({ conn: name, program: name.default('program') }).strict() }).strict(),
  /** Send one message on a connection (one write). */
  z.object({ send: z.object({ conn: name, ...payloadFields }).strict().refine(exactlyOnePayload, onePayload) }).strict(),
  /** Wait for bytes from the program on a connection. */
  z.object({
    receive: z
      .object({
        conn: name,
        /** echo: as many bytes as the last message sent; close: until the program closes the
         *  connection; message: the program's whole message, i.e. until it closes the connection,
         *  `complete` matches what arrived, or the deadline passes (silence never ends a message). */
        until: z.enum(['echo', 'close', 'message']).or(z.object({ bytes: z.number().int().positive() }).strict()),
        /** For `until: message`: a regular expression that, once it matches the text received, makes
         *  the message complete without waiting for the close (e.g. a whole ctime string). */
        complete: z.string().optional(),
        /** The deadline (default 5 s, scaled by --timeout-scale). */
        timeoutMs: ms.optional(),
      })
      .strict(),
  }).strict(),
  /** Send each message and wait for its answer before the next one. */
  z.object({
    exchange: z
      .object({
        conn: name,
        /** Each message may name the reply the lab expects (checked by `replies`). */
        messages: z.array(z.object({ ...payloadFields, reply: z.string().optional() }).strict().refine(exactlyOnePayload, onePayload)).min(1),
        /** echo: wait until the bytes sent came back; reply: until the expected reply arrived (with
         *  any surrounding whitespace); any: for at least one byte (the program answered at all).
         *  The wait ends early when the answer can no longer become right, or the program closes. */
        await: z.enum(['echo', 'reply', 'any']),
        /** The deadline per message (default 5 s, scaled by --timeout-scale). */
        timeoutMs: ms.optional(),
        /** false: a set-up exchange of a scenario that tests something else; an answer that does not
         *  come is fine and the run goes on. */
        required: z.boolean().default(true),
      })
      .strict()
      .refine((x) => x.await !== 'reply' || x.messages.every((m) => m.reply !== undefined), { message: 'await: reply needs a reply on every message' }),
  }).strict(),
  /** Close a connection: graceful (FIN) or reset (RST). */
  z.object({ close: z.object({ conn: name, how: z.enum(['graceful', 'reset']).default('graceful') }).strict() }).strict(),
  /** A UDP socket of the harness, bound to a fresh port. */
  z.object({ udp: z.object({ socket: name }).strict() }).strict(),
  /** Send one datagram to the program's bound UDP port and (optionally) wait for the answer. */
  z.object({
    sendto: z
      .object({
        socket: name,
        program: name.default('program'),
        ...payloadFields,
        /** reply: wait for one datagram back on this socket before the next step. */
        await: z.enum(['reply', 'none']).default('reply'),
        timeoutMs: ms.optional(),
      })
      .strict()
      .refine(exactlyOnePayload, onePayload),
  }).strict(),
  /** Wait for something the program does. */
  z.object({
    await: z
      .object({
        program: name.default('program'),
        /** exit: the program ends; output: a line matching `pattern` is printed;
         *  settled: it exits, closes a socket, prints, or `timeoutMs` passes (used after a close/reset to give it time to react). */
        event: z.enum(['exit', 'output', 'settled']),
        pattern: z.string().optional(),
        timeoutMs: ms.optional(),
        /** false: waiting in vain is fine (e.g. a client need not exit for its output to be judged);
         *  the run goes on. true (default): the scenario cannot pass without it. */
        required: z.boolean().default(true),
      })
      .strict(),
  }).strict(),
  /** Stop the program (SIGTERM, then SIGKILL). */
  z.object({ stop: z.object({ program: name.default('program') }).strict() }).strict(),
  WriteFileStep,
  AwaitFileStep,
  FetchFileStep,
  SendFileStep,
  SendFileUdpStep,
  AwaitCloseStep,
  RelayStep,
  ModbusRequestStep,
  SendNumberedStep,
  StartCopyStep,
  BroadcastStep,
  AwaitDatagramsStep,
  MulticastSendStep,
  AwaitInputStep,
  SendVideoUdpStep,
  WriteWavStep,
  ReceiveAudioStep,
  AwaitPlaybackStep,
  DevicesQuitStep,
  AwaitFramesStep,
]);
export type Step = z.infer<typeof Step>;

/** A named check with its arguments: `- echoes: {conn: c1}`. */
export const CheckRef = z.record(z.string(), z.record(z.string(), z.unknown()).nullable()).refine((o) => Object.keys(o).length === 1, {
  message: 'a check is written as `- <check-name>: {args}`',
});
export type CheckRef = z.infer<typeof CheckRef>;

export const ScenarioSpec = z
  .object({
    description: z.string(),
    /** The requirement in one sentence, shown with every failure. */
    requirement: z.string(),
    strict: z.boolean().default(false),
    /** Resource limits raised (or lowered) for this scenario; see harness/sandbox/limits.ts. */
    limits: LimitsOverride.optional(),
    steps: z.array(Step).min(1),
    checks: z.array(CheckRef).min(1),
  })
  .strict();
export type ScenarioSpec = z.infer<typeof ScenarioSpec>;

export const RoleSpec = z
  .object({
    /** The course's example programs for this role. */
    seeds: z.array(z.string()).default([]),
    /** For importable code: a Python driver (harness/drivers/<file>) run with the entry as argument. */
    driver: z.string().optional(),
    scenarios: z.record(name, ScenarioSpec),
  })
  .strict();
export type RoleSpec = z.infer<typeof RoleSpec>;

/** The network a lab's scenarios need beyond a private loopback. It exists only in a scenario's own
 *  network namespace (netns isolation): elsewhere the lab's scenarios are skipped, with the reason. */
export const LabNetwork = z
  .object({
    /** Loopback carries broadcast and multicast: `ip link set lo multicast on` and routes for
     *  224.0.0.0/4 and 255.255.255.255/32 on lo, so `'<broadcast>'` and group addresses work. */
    multicast: z.boolean().default(false),
  })
  .strict();
export type LabNetwork = z.infer<typeof LabNetwork>;

/** Python modules the lab's programs import that are not in the standard library (numpy). labcheck
 *  looks for an interpreter that has them (harness/run/python-with-modules.ts); where none has them,
 *  the lab's scenarios are skipped with that reason, never failed. */
export const LabPython = z.object({ modules: z.array(z.string().regex(/^[A-Za-z_][\w.]*$/)).min(1) }).strict();
export type LabPython = z.infer<typeof LabPython>;

export const LabSpec = z
  .object({
    lab: name,
    title: z.string(),
    /** Ports the course's programs hard-code, by name. */
    ports: z.record(z.string(), z.number().int().min(1).max(65535)),
    network: LabNetwork.optional(),
    python: LabPython.optional(),
    roles: z.partialRecord(z.enum(['server', 'client', 'module']), RoleSpec),
  })
  .strict();
export type LabSpec = z.infer<typeof LabSpec>;
