// Standalone reference peers read the file to send from, and save what they receive to, the
// working folder (under its bare name, as the course's programs do with 'd:/' + name).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function readTypedFile(name: string): Promise<Buffer> {
  return readFile(path.resolve(name.trim().replace(/^"|"$/g, '')));
}

export async function saveReceivedFile(name: string, parts: Buffer[]): Promise<string> {
  const target = path.resolve(path.basename(name.replace(/\\/g, '/')) || 'received.bin');
  await writeFile(target, Buffer.concat(parts));
  return target;
}

/** The first line typed on `stdin` (prompting when it is a terminal). */
export async function readLine(stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream | undefined, prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: stdin, terminal: false });
  if (stdout && (stdin as { isTTY?: boolean }).isTTY) stdout.write(prompt);
  for await (const line of rl) {
    rl.close();
    return line;
  }
  rl.close();
  throw new Error('no file name was typed');
}
