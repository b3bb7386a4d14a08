import { expect, test } from 'vitest';
import { parseIgmp } from '../../harness/net/igmp.js';

test('/proc/net/igmp: groups per device with their number of sockets, in dotted form', () => {
  const text = [
    'Idx\tDevice    : Count Querier\tGroup    Users Timer\tReporter',
    '1\tlo        :     2      V3',
    '\t\t\t\tFF0000E0     2 0:00000000\t\t0',
    '\t\t\t\t010000E0     1 0:00000000\t\t0',
    '4\teth0      :     1      V3',
    '\t\t\t\t030201EF     1 0:00000000\t\t0',
    '',
  ].join('\n');
  expect(parseIgmp(text)).toEqual([
    { device: 'lo', group: '224.0.0.255', users: 2 },
    { device: 'lo', group: '224.0.0.1', users: 1 },
    { device: 'eth0', group: '239.1.2.3', users: 1 },
  ]);
});
