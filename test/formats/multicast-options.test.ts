import { describe, expect, test } from 'vitest';
import { memberships, multicastTtl, ttlValue } from '../../harness/formats/multicast-options.js';
import { evidence } from '../checks/evidence-builder.js';

const join = (hex: string, error?: string) => ({ call: 'setsockopt', kind: 'udp', detail: `IPPROTO_IP/IP_ADD_MEMBERSHIP=${hex}`, ...(error ? { error } : {}) });

describe('memberships', () => {
  test("reads the group of the seed's struct.pack('4sl', inet_aton(g), INADDR_ANY) (16 bytes on 64-bit Linux)", () => {
    const e = evidence().program('program', (p) => p.socketCall(join('e00000ff000000000000000000000000'))).build();
    expect(memberships(e.programs.program!).map((m) => m.group)).toEqual(['224.0.0.255']);
  });

  test('reads inet_aton(group) + inet_aton(0.0.0.0), keeps a failed join with its error, ignores other options', () => {
    const e = evidence()
      .program('program', (p) =>
        p
          .socketCall({ call: 'setsockopt', kind: 'udp', detail: 'SOL_SOCKET/SO_REUSEADDR=1' })
          .socketCall(join('e00000fa00000000'))
          .socketCall(join('ef010203', 'OSError: [Errno 22] Invalid argument')),
      )
      .build();
    expect(memberships(e.programs.program!).map(({ group, error }) => ({ group, error }))).toEqual([
      { group: '224.0.0.250', error: undefined },
      { group: '239.1.2.3', error: 'OSError: [Errno 22] Invalid argument' },
    ]);
  });

  test('reads the group of MCAST_JOIN_GROUP (a group_req: the sockaddr_in at offset 8)', () => {
    const groupReq = '00000000' + '00000000' + '0200' + '0000' + 'e00000ff' + '00'.repeat(120);
    const e = evidence().program('program', (p) => p.socketCall({ call: 'setsockopt', kind: 'udp', detail: `IPPROTO_IP/MCAST_JOIN_GROUP=${groupReq}` })).build();
    expect(memberships(e.programs.program!)[0]!.group).toBe('224.0.0.255');
  });
});

describe('multicast TTL', () => {
  test('one byte, a 4-byte native int, or an int argument', () => {
    expect(ttlValue('02')).toBe(2);
    expect(ttlValue('02000000')).toBe(2);
    expect(ttlValue('2')).toBe(2);
    expect(ttlValue('01')).toBe(1);
    expect(ttlValue('100')).toBe(100);
    expect(ttlValue('zz')).toBeUndefined();
  });

  test('the last IP_MULTICAST_TTL on the sending socket before the send; 1 (the default) when none', () => {
    const e = evidence()
      .program('program', (p) =>
        p
          .socketCall({ call: 'setsockopt', kind: 'udp', fd: 4, detail: 'IPPROTO_IP/IP_MULTICAST_TTL=02' })
          .socketCall({ call: 'setsockopt', kind: 'udp', fd: 3, detail: 'IPPROTO_IP/IP_MULTICAST_TTL=05' })
          .socketCall({ call: 'setsockopt', kind: 'udp', fd: 3, detail: 'IPPROTO_IP/IP_MULTICAST_TTL=01' })
          .socketCall({ call: 'sendto', kind: 'udp', fd: 3, addr: '224.0.0.255:5005' })
          .socketCall({ call: 'sendto', kind: 'udp', fd: 7, addr: '224.0.0.255:5005' }),
      )
      .build();
    const p = e.programs.program!;
    const [first, second] = p.socketCalls.filter((c) => c.call === 'sendto');
    expect(multicastTtl(p, first!)).toMatchObject({ ttl: 1, set: true });
    expect(multicastTtl(p, second!)).toEqual({ ttl: 1, set: false });
  });
});
