// The network a lab declares (scenarios/<lab>.yaml `network:`), made inside the scenario's own
// namespace just before the run. Broadcast and multicast then work on loopback alone: the course's
// '<broadcast>' (255.255.255.255) and its groups (224.0.0.255) route to lo, and every socket of the
// namespace (program, reference peers, harness) hears them; nothing leaves the namespace.
import { spawnSync } from 'node:child_process';
import type { LabNetwork } from '../scenario/schema.js';

/** The `ip` commands that give loopback what the lab needs. */
export function labNetworkCommands(network: LabNetwork | undefined): string[][] {
  if (!network?.multicast) return [];
  return [
    ['link', 'set', 'lo', 'multicast', 'on'],
    // src: datagrams then come from 127.0.0.1, an address a reply can go back to (else 0.0.0.0).
    ['route', 'add', '224.0.0.0/4', 'dev', 'lo', 'src', '127.0.0.1'],
    ['route', 'add', '255.255.255.255/32', 'dev', 'lo', 'src', '127.0.0.1'],
  ];
}

/** Makes the lab's network in the current (private) namespace; returns why it could not, or undefined. */
export function makeLabNetwork(network: LabNetwork | undefined): string | undefined {
  for (const args of labNetworkCommands(network)) {
    const r = spawnSync('ip', args, { encoding: 'utf8' });
    if (r.status !== 0) return `could not set up the lab's network (ip ${args.join(' ')}): ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return undefined;
}
