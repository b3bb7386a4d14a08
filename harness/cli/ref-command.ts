// `labcheck ref <lab>:<role>`: a reference peer in the foreground, as the course does with two
// terminals: e.g. `labcheck ref echo:server` then run your TCP_client.py against it.
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import { findReference } from '../../reference/registry.js';
import { parseTarget, UsageError } from './usage.js';

export async function refCommand(argv: string[], catalog: Catalog): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, options: { type: 'string' } },
    strict: true,
  });
  const { lab, role } = parseTarget(positionals[0]);
  const peer = findReference(`${lab}:${role}`);
  const labSpec = catalog.labs.get(lab);
  if (!peer || !labSpec) throw new UsageError(`there is no reference peer ${lab}:${role} (see labcheck list)`);
  const port = values.port !== undefined ? Number(values.port) : labSpec.ports[peer.port];
  if (!port || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`invalid port ${values.port}`);
  let options: unknown;
  try {
    options = peer.options.parse(JSON.parse(values.options ?? '{}'));
  } catch (err) {
    throw new UsageError(`invalid --options for ${peer.id}: ${(err as Error).message}`);
  }
  const isServer = role === 'server';
  const host = values.host ?? (isServer ? '0.0.0.0' : '127.0.0.1');
  const running = peer.start(
    {
      host,
      port,
      record: () => {},
      fact: () => {},
      random: Math.random,
      fault: (f) => process.stderr.write(`fault: ${f.kind}${f.index !== undefined ? ` of #${f.index}` : ''}${f.detail ? ` (${f.detail})` : ''}\n`),
      faultRandom: () => Math.random,
      log: (line) => (isServer ? process.stdout.write(`${line}\n`) : process.stderr.write(`${line}\n`)),
      stdin: process.stdin,
      stdout: process.stdout,
    },
    options,
  );
  try {
    await running.ready;
    if (isServer) process.stderr.write(`reference ${peer.id} on ${host}:${port} — ${peer.summary}. Ctrl-C stops it.\n`);
    await running.done;
    return 0;
  } catch (err) {
    process.stderr.write(`labcheck ref ${peer.id}: ${(err as Error).message}\n`);
    return 1;
  }
}
