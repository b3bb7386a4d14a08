// The reference ARQ server's decision per datagram: exact schedules, seeded probabilities, withheld
// replies, NAKs; and the fault stream is drawn the same way whatever the outcome.
import { describe, expect, test } from 'vitest';
import { decideReply, ReplyRules } from '../../reference/arq/reply-plan.js';
import { arqNakServer, arqServer } from '../../reference/arq/server.js';
import { seededRandom } from '../../harness/engine/random.js';

const kinds = (rules: unknown, n: number, random = seededRandom(1, 'x')) => Array.from({ length: n }, (_, i) => decideReply(ReplyRules.parse(rules), i + 1, random).kind);

describe('reply plan', () => {
  test('exact datagram numbers are dropped, the rest ACKed', () => {
    expect(kinds({ drop: { datagrams: [3] } }, 5)).toEqual(['ack', 'ack', 'drop', 'ack', 'ack']);
  });

  test('withhold: the first n datagrams hear nothing, then ACKs', () => {
    expect(kinds({ drop: { datagrams: [] }, withhold: { first: 5 } }, 7)).toEqual(['withhold', 'withhold', 'withhold', 'withhold', 'withhold', 'ack', 'ack']);
  });

  test('a NAK schedule with two in a row', () => {
    expect(kinds({ drop: { datagrams: [] }, nak: { datagrams: [2, 4, 5] } }, 6)).toEqual(['ack', 'nak', 'ack', 'nak', 'nak', 'ack']);
  });

  test('a probability drops about that share, the same datagrams for the same seed', () => {
    const a = kinds({ drop: { probability: 0.3 } }, 10000, seededRandom(7, 's'));
    const b = kinds({ drop: { probability: 0.3 } }, 10000, seededRandom(7, 's'));
    expect(a).toEqual(b);
    const share = a.filter((k) => k === 'drop').length / a.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
  });

  test('one draw per probability rule per datagram, whatever the outcome (a withheld datagram still draws)', () => {
    const plain = kinds({ drop: { probability: 0.5 } }, 20, seededRandom(3, 's'));
    const withheld = kinds({ drop: { probability: 0.5 }, withhold: { first: 4 } }, 20, seededRandom(3, 's'));
    expect(withheld.slice(4)).toEqual(plain.slice(4));
  });

  test('standalone defaults: arq-udp:server loses 30 %, arq-nak-udp:server NAKs 30 % and drops nothing', () => {
    expect(arqServer.options.parse({})).toMatchObject({ drop: { probability: 0.3 }, nak: { probability: 0 } });
    expect(arqNakServer.options.parse({})).toMatchObject({ drop: { probability: 0 }, nak: { probability: 0.3 } });
  });
});
