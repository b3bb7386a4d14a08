// labcheck as a user gets it: packed with `npm pack` (from the built tree: the e2e suite runs
// after `npm run build`, so the pack skips the prepare script's build) and installed globally
// into a private prefix, offline (the tarball bundles its npm dependencies).
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { root } from './paths.js';

export async function packLabcheck(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-pack-'));
  const r = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root });
  const [info] = JSON.parse(r.stdout) as { filename: string }[];
  return path.join(dir, info!.filename);
}

/** `npm install -g --offline --prefix <new folder> <tarball>`; returns the prefix (bin/labcheck in it). */
export async function installGlobally(tarball: string): Promise<string> {
  const prefix = await mkdtemp(path.join(os.tmpdir(), 'labcheck-prefix-'));
  await chmod(prefix, 0o755); // readable by another user (the non-root runs)
  await execa('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], { cwd: os.tmpdir() });
  return prefix;
}
