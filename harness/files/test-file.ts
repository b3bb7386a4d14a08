// Test files for the file-transfer labs: random bytes that come from the run's seed, so a failing
// run reruns identically. A file is described by a small fact (name, size, SHA-256 and the key its
// bytes derive from); a check regenerates the bytes from the key only when it must show where a
// received copy differs, so the evidence never has to carry the expected content.
import { createCipheriv, createHash } from 'node:crypto';
import { z } from 'zod';

/** A file as a scenario declares it: `{ id: f1, name: sample.bin, size: 102400 }`. */
export const FileSpec = z
  .object({
    /** The name facts and checks use for it (`file.<id>`). */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    /** The bare file name typed to the program (no folders; may hold spaces and Korean). */
    name: z.string().min(1).refine((n) => !/[\\/]/.test(n), 'a bare file name, without folders'),
    size: z.number().int().nonnegative(),
  })
  .strict();
export type FileSpec = z.infer<typeof FileSpec>;

/** What the evidence keeps about a test file (as the fact `file.<id>`, or `<peer>.file.<id>`). */
export interface TestFile {
  id: string;
  name: string;
  size: number;
  sha256: string;
  /** 32 hex digits: the AES-128-CTR key its bytes derive from. */
  key: string;
}

export const fileFact = (id: string): string => `file.${id}`;

/** `size` pseudo-random bytes derived from `key` (AES-128-CTR over zeros: fast, 5 MiB in a few ms). */
export function fileBytes(key: string, size: number): Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.from(key, 'hex'), Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Draw a key from the run's random numbers and make the file. */
export function makeTestFile(spec: FileSpec, random: () => number): { file: TestFile; data: Buffer } {
  let key = '';
  for (let i = 0; i < 4; i++) key += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  const data = fileBytes(key, spec.size);
  return { file: { ...spec, key, sha256: sha256(data) }, data };
}

/** Read a TestFile fact back from the evidence (undefined when the run never made it). */
export function testFileFact(facts: Record<string, unknown>, key: string): TestFile | undefined {
  const f = facts[key] as TestFile | undefined;
  return f && typeof f.sha256 === 'string' ? f : undefined;
}
