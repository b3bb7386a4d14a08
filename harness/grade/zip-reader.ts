// Unpacks a zip file (an LMS download, a student's submission) with Node's own zlib, so grading
// needs no unzip program (Gradescope images, Windows and macOS laptops differ in what they have).
// Guards: an entry whose path leaves the target folder (zip-slip: "../x", "/etc/x", "C:\x") is
// refused, and so is an archive that would unpack to more than `maxBytes` (a zip bomb): each
// entry is inflated with a cap, before anything is written. Stored and deflated entries only
// (what every zip tool writes by default); zip64 and encrypted archives are refused with the reason.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

export const DEFAULT_MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipError extends Error {}

function centralDirectory(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65535 bytes (its comment may follow it).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new ZipError('zip64 archives are not supported');
  if (count > MAX_ENTRIES) throw new ZipError(`too many entries (${count}; at most ${MAX_ENTRIES})`);
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== 0x02014b50) throw new ZipError('broken central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const flags = zip.readUInt16LE(offset + 8);
    // Bit 11: the name is UTF-8; otherwise it is CP437, of which ASCII is the common part.
    const rawName = zip.subarray(offset + 46, offset + 46 + nameLength);
    const name = flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1');
    entries.push({
      name,
      flags,
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localOffset: zip.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's path inside `target`, or a ZipError when it would land outside. */
export function safeEntryPath(target: string, name: string): string {
  const normal = name.replace(/\\/g, '/');
  if (normal.startsWith('/') || /^[a-zA-Z]:/.test(normal) || normal.split('/').includes('..')) {
    throw new ZipError(`the entry ${JSON.stringify(name)} would be written outside the folder (refused)`);
  }
  const full = path.resolve(target, normal);
  if (full !== target && !full.startsWith(target + path.sep)) throw new ZipError(`the entry ${JSON.stringify(name)} would be written outside the folder (refused)`);
  return full;
}

function entryData(zip: Buffer, entry: ZipEntry, budget: number): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw new ZipError(`broken local header of ${entry.name}`);
  if (entry.flags & 0x1) throw new ZipError(`${entry.name} is encrypted`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  const tooBig = () => new ZipError(`it unpacks to more than ${Math.round(budget / 1024 / 1024)} MiB left of the limit (a zip bomb?)`);
  if (entry.method === 0) {
    if (raw.length > budget) throw tooBig();
    return Buffer.from(raw);
  }
  if (entry.method !== 8) throw new ZipError(`${entry.name} uses compression method ${entry.method} (only stored and deflated are supported)`);
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|too large/i.test((e as Error).message)) throw tooBig();
    throw new ZipError(`${entry.name} cannot be inflated: ${(e as Error).message}`);
  }
}

/** Unpacks `zipFile` into `target` (created). Everything is checked and inflated before the
 *  first file is written, so a refused archive leaves nothing behind. Returns the files written. */
export async function unzip(zipFile: string, target: string, maxBytes = DEFAULT_MAX_UNPACKED_BYTES): Promise<string[]> {
  const zip = await readFile(zipFile);
  const root = path.resolve(target);
  const files: { full: string; data: Buffer }[] = [];
  const dirs: string[] = [];
  let total = 0;
  for (const entry of centralDirectory(zip)) {
    const full = safeEntryPath(root, entry.name);
    if (entry.name.endsWith('/') || entry.name.endsWith('\\')) {
      dirs.push(full);
      continue;
    }
    const data = entryData(zip, entry, maxBytes - total);
    total += data.length;
    files.push({ full, data });
  }
  await mkdir(root, { recursive: true });
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  for (const f of files) {
    await mkdir(path.dirname(f.full), { recursive: true });
    await writeFile(f.full, f.data);
  }
  return files.map((f) => path.relative(root, f.full));
}
