// Scenario files are data validated when loaded: a mistake is reported with its place before
// anything runs.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog, loadLabFile } from '../harness/scenario/catalog.js';

async function labFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-yaml-'));
  await writeFile(path.join(dir, name), text);
  return path.join(dir, name);
}

const VALID = `lab: demo
title: Demo
ports: { echo: 2500 }
roles:
  server:
    scenarios:
      echo-bytes:
        description: echoes
        requirement: every message comes back
        steps:
          - start: { ready: tcp-listening }
          - connect: { conn: c1 }
          - exchange: { conn: c1, await: echo, messages: [{ text: hi }] }
        checks:
          - echoes: { conn: c1 }
`;

describe('scenario files', () => {
  test('the bundled files load, with defaults filled in', () => {
    const catalog = loadCatalog();
    const s = catalog.scenarios('echo', 'server').find((x) => x.name === 'graceful-close')!;
    expect(s.id).toBe('echo:server/graceful-close');
    expect(s.spec.strict).toBe(false);
    expect(s.spec.steps[0]).toEqual({ start: { program: 'program', ready: 'tcp-listening' } });
  });

  test('a valid file loads', async () => {
    expect(loadLabFile(await labFile('demo.yaml', VALID)).roles.server?.scenarios['echo-bytes']?.checks).toEqual([{ echoes: { conn: 'c1' } }]);
  });

  test.each([
    ['an unknown check', VALID.replace('- echoes: { conn: c1 }', '- echoes-all: { conn: c1 }'), /unknown check "echoes-all"/],
    ["a check's bad argument", VALID.replace('- echoes: { conn: c1 }', '- echoes: { connection: c1 }'), /demo:server\/echo-bytes: check echoes/],
    ['an unknown step', VALID.replace('- connect: { conn: c1 }', '- dial: { conn: c1 }'), /at roles\.server\.scenarios\.echo-bytes\.steps\.1/],
    ['two payloads in one message', VALID.replace('{ text: hi }', '{ text: hi, hex: "00" }'), /exactly one of text, hex, randomText/],
    ['an unknown reference peer', VALID.replace('- start: { ready: tcp-listening }', '- peer: { name: s, ref: "nolab:server", port: echo }'), /no reference peer nolab:server/],
    ['a port the lab does not have', VALID.replace('- start: { ready: tcp-listening }', '- peer: { name: s, ref: "echo:server", port: web }'), /no port named web/],
    ['a reference option that does not exist', VALID.replace('- start: { ready: tcp-listening }', '- peer: { name: s, ref: "echo:server", port: echo, options: { closeAfterr: 1 } }'), /options of echo:server/],
  ])('rejects %s', async (_what, text, message) => {
    const file = await labFile('demo.yaml', text);
    expect(() => loadLabFile(file)).toThrow(message);
  });

  test('the file name must match the lab', async () => {
    expect(() => loadLabFile(VALID && '') ).toThrow();
    const file = await labFile('other.yaml', VALID);
    expect(() => loadLabFile(file)).toThrow(/must be named demo\.yaml/);
  });
});
