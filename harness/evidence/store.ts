// Saving and loading a run's evidence, so every verdict can be re-judged later (`labcheck judge`).
//
// One folder per run of one lab:role, holding that run alone:
//   run.json               the manifest: the request, isolation, times, and each saved scenario run
//   <scenario>.json        the evidence of a scenario's first (or only) run
//   <scenario>.run2.json   ... of its second run (--repeat), and so on
//
//   blobs/<sha256>         byte strings of 64 KiB or more (a 5 MiB file transfer), once each
//
// An evidence file is {format, scenario: {id, repetition, durationMs, rerun}, evidence}. Bytes are
// written as {"$bytes": "<base64>"}, or, when large, as {"$blob": "<sha256>", "size": n} with the
// bytes in blobs/<sha256>, and read back as Buffers, exactly. Only encodeBytes and decodeBytes
// know those forms, and only this module calls them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { ensureFolder } from '../fs/ensure-folder.js';
import path from 'node:path';
import type { Evidence } from '../model/evidence.js';
import type { RunResult } from '../model/result.js';
import type { RunRequest } from '../run/rerun.js';

export const EVIDENCE_FORMAT = 'labcheck-evidence/1';
export const RUN_MANIFEST_FORMAT = 'labcheck-run/1';
export const MANIFEST_FILE = 'run.json';

/** What judging needs besides the evidence: which scenario, which repetition, its rerun command. */
export interface SavedScenarioRun {
  /** Full scenario id, e.g. "echo:server/echo-bytes". */
  id: string;
  /** 1 for the first run of the scenario, 2 for the second (--repeat), ... */
  repetition: number;
  durationMs: number;
  rerun: string;
}

export interface EvidenceFile {
  format: typeof EVIDENCE_FORMAT;
  scenario: SavedScenarioRun;
  evidence: Evidence;
}

/** run.json: the RunResult's own fields and the request, so a judged run reports like the test run did. */
export interface RunManifest {
  format: typeof RUN_MANIFEST_FORMAT;
  request: RunRequest;
  isolation: RunResult['isolation'];
  command: string;
  startedAt: string;
  durationMs: number;
  interrupted?: string;
  /** How the program was contained (what this machine could not apply). */
  sandbox?: RunResult['sandbox'];
  /** Evidence files of this run, in the order the scenarios ran (names relative to the folder). */
  files: string[];
}

// ---------------------------------------------------------------------------------------------
// Bytes

const BYTES_KEY = '$bytes';
const BLOB_KEY = '$blob';
/** Byte strings this long or longer are kept as files beside the evidence, not as base64 inside it. */
export const BLOB_MIN_BYTES = 64 * 1024;
export const BLOBS_FOLDER = 'blobs';

/** Large byte strings waiting to be written to blobs/, by hash. */
type Blobs = Map<string, Buffer>;

function encodeBytes(bytes: Uint8Array, blobs?: Blobs): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (blobs && buffer.length >= BLOB_MIN_BYTES) {
    const sha = createHash('sha256').update(buffer).digest('hex');
    blobs.set(sha, buffer);
    return { [BLOB_KEY]: sha, size: buffer.length };
  }
  return { [BYTES_KEY]: buffer.toString('base64') };
}

function isBlobReference(value: unknown): value is { [BLOB_KEY]: string; size: number } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return Object.keys(v).length === 2 && typeof v[BLOB_KEY] === 'string' && typeof v.size === 'number';
}

function readBlob(ref: { [BLOB_KEY]: string; size: number }, folder: string | undefined, where: string): Buffer {
  const sha = ref[BLOB_KEY];
  if (!/^[0-9a-f]{64}$/.test(sha)) throw new EvidenceError(`${where} names a payload file that is not a SHA-256: ${sha}`);
  const file = folder ? path.join(folder, BLOBS_FOLDER, sha) : undefined;
  if (!file || !existsSync(file)) throw new EvidenceError(`${where} needs ${BLOBS_FOLDER}/${sha} (${ref.size} bytes), which is missing`);
  const bytes = readFileSync(file);
  if (createHash('sha256').update(bytes).digest('hex') !== sha) throw new EvidenceError(`${file} does not match its SHA-256: it was changed`);
  return bytes;
}

function isEncodedBytes(value: unknown): value is Record<typeof BYTES_KEY, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BYTES_KEY && typeof (value as Record<string, unknown>)[BYTES_KEY] === 'string';
}

function decodeBytes(value: Record<typeof BYTES_KEY, string>): Buffer {
  return Buffer.from(value[BYTES_KEY], 'base64');
}

/**
 * JSON text of an evidence file; every Buffer / Uint8Array anywhere in it becomes {"$bytes": base64},
 * or, when `blobs` is given and it is large, a reference to a payload file (added to `blobs`).
 */
export function evidenceFileText(file: EvidenceFile, blobs?: Blobs): string {
  return JSON.stringify(encodeAll(file, blobs), null, 1) + '\n';
}

/** The inverse of evidenceFileText: Buffers are Buffers again (large ones read from `folder`/blobs). */
export function parseEvidenceFile(text: string, where = 'evidence', folder?: string): EvidenceFile {
  let data: unknown;
  try {
    data = JSON.parse(text, (_key, value) => (isEncodedBytes(value) ? decodeBytes(value) : isBlobReference(value) ? readBlob(value, folder, where) : value));
  } catch (e) {
    if (e instanceof EvidenceError) throw e;
    throw new EvidenceError(`${where} is not valid JSON: ${(e as Error).message}`);
  }
  const file = data as Partial<EvidenceFile> | null;
  if (!file || file.format !== EVIDENCE_FORMAT || !file.scenario || !file.evidence) {
    throw new EvidenceError(`${where} is not a labcheck evidence file (format ${EVIDENCE_FORMAT})`);
  }
  return file as EvidenceFile;
}

/** Replaces binary values before JSON.stringify sees them (Buffer.toJSON would make arrays of numbers). */
function encodeAll(value: unknown, blobs?: Blobs): unknown {
  if (value instanceof Uint8Array) return encodeBytes(value, blobs);
  if (Array.isArray(value)) return value.map((v) => encodeAll(v, blobs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeAll(v, blobs);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Saving

/** A saved evidence folder or file that cannot be read as one. */
export class EvidenceError extends Error {}

/** The file name of one scenario run: "echo-bytes.json", "echo-bytes.run2.json". */
export function evidenceFileName(scenarioName: string, repetition: number): string {
  return repetition === 1 ? `${scenarioName}.json` : `${scenarioName}.run${repetition}.json`;
}

/** The evidence folder of one run, written as the run goes. */
export class EvidenceFolder {
  private readonly files: string[] = [];

  private constructor(readonly dir: string) {}

  /**
   * Opens `dir` for a new run: the files an earlier run left there (its manifest and evidence
   * files) are removed first, so the folder holds this run alone. Other files are left alone.
   */
  static async open(dir: string): Promise<EvidenceFolder> {
    await ensureFolder(dir);
    for (const name of await readdir(dir)) {
      if (name.endsWith('.json') || name === BLOBS_FOLDER) await rm(path.join(dir, name), { force: true, recursive: true });
    }
    return new EvidenceFolder(dir);
  }

  /** Saves one scenario run's evidence; returns the file's path. */
  async save(run: SavedScenarioRun, evidence: Evidence): Promise<string> {
    const name = evidenceFileName(run.id.split('/').pop()!, run.repetition);
    const file = path.join(this.dir, name);
    const blobs: Blobs = new Map();
    const text = evidenceFileText({ format: EVIDENCE_FORMAT, scenario: run, evidence }, blobs);
    if (blobs.size > 0) await ensureFolder(path.join(this.dir, BLOBS_FOLDER));
    for (const [sha, bytes] of blobs) {
      const blob = path.join(this.dir, BLOBS_FOLDER, sha);
      if (!existsSync(blob)) await writeFile(blob, bytes);
    }
    await writeFile(file, text);
    this.files.push(name);
    return file;
  }

  /** Writes run.json (again after every scenario, so an interrupted run can still be judged). */
  async writeManifest(request: RunRequest, run: Pick<RunResult, 'isolation' | 'command' | 'startedAt' | 'durationMs' | 'interrupted' | 'sandbox'>): Promise<void> {
    const manifest: RunManifest = {
      format: RUN_MANIFEST_FORMAT,
      request,
      isolation: run.isolation,
      command: run.command,
      startedAt: run.startedAt,
      durationMs: run.durationMs,
      ...(run.interrupted ? { interrupted: run.interrupted } : {}),
      ...(run.sandbox ? { sandbox: run.sandbox } : {}),
      files: [...this.files],
    };
    await writeFile(path.join(this.dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Loading

export interface LoadedScenarioRun extends EvidenceFile {
  /** Path of the file it was read from. */
  path: string;
}

export async function loadEvidenceFile(file: string): Promise<LoadedScenarioRun> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new EvidenceError(`cannot read ${file}: ${(e as Error).message}`);
  }
  return { ...parseEvidenceFile(text, file, path.dirname(file)), path: file };
}

/** The manifest of the run whose folder is `dir`, or undefined when there is none. */
export async function loadManifest(dir: string): Promise<RunManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  let manifest: Partial<RunManifest> | null;
  try {
    manifest = JSON.parse(text) as Partial<RunManifest> | null;
  } catch (e) {
    throw new EvidenceError(`${path.join(dir, MANIFEST_FILE)} is not valid JSON: ${(e as Error).message}`);
  }
  if (!manifest || manifest.format !== RUN_MANIFEST_FORMAT || !manifest.request || !Array.isArray(manifest.files)) {
    throw new EvidenceError(`${path.join(dir, MANIFEST_FILE)} is not a labcheck run manifest (format ${RUN_MANIFEST_FORMAT})`);
  }
  return manifest as RunManifest;
}

/** A whole run folder: its manifest and every scenario run it lists, in order. */
export async function loadRunFolder(dir: string): Promise<{ manifest: RunManifest; runs: LoadedScenarioRun[] }> {
  const manifest = await loadManifest(dir);
  if (!manifest) throw new EvidenceError(`${dir} holds no ${MANIFEST_FILE}: it is not the evidence folder of a labcheck run`);
  const runs: LoadedScenarioRun[] = [];
  for (const name of manifest.files) runs.push(await loadEvidenceFile(path.join(dir, name)));
  return { manifest, runs };
}
