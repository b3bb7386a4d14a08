// What the reference ARQ server does with the n-th datagram from one client address: ACK it, drop
// it (no reply, as the seed server's simulated loss), withhold the reply (the client hears nothing
// during its back-off window) or NAK it (exercise 11-7). Pure, so the rules are unit-tested.
import { z } from 'zod';

export const ReplyRules = z
  .object({
    /** Datagrams lost on purpose: exact 1-based numbers per client address, and/or a probability
     *  drawn from the peer's own fault stream. Standalone default: 30 %, like the seed. */
    drop: z
      .object({ datagrams: z.array(z.number().int().positive()).default([]), probability: z.number().min(0).max(1).default(0) })
      .strict()
      .default({ datagrams: [], probability: 0.3 }),
    /** Withhold the replies to a client's first `first` datagrams (its back-off window). */
    withhold: z.object({ first: z.number().int().nonnegative() }).strict().default({ first: 0 }),
    /** Answer 'NAK' instead of 'ACK' (exercise 11-7): exact datagram numbers and/or a probability. */
    nak: z
      .object({ datagrams: z.array(z.number().int().positive()).default([]), probability: z.number().min(0).max(1).default(0) })
      .strict()
      .default({ datagrams: [], probability: 0 }),
  })
  .strict();
export type ReplyRules = z.infer<typeof ReplyRules>;

export type ReplyDecision = { kind: 'ack' } | { kind: 'nak'; why: string } | { kind: 'drop'; why: string } | { kind: 'withhold'; why: string };

/**
 * The decision for datagram `n` (1-based, per client address). A probability rule draws from
 * `random` exactly once per datagram for each rule that has one, whatever the outcome, so that
 * one datagram's fate never shifts the draws of the next.
 */
export function decideReply(rules: ReplyRules, n: number, random: () => number): ReplyDecision {
  const dropDraw = rules.drop.probability > 0 ? random() : 1;
  const nakDraw = rules.nak.probability > 0 ? random() : 1;
  if (n <= rules.withhold.first) return { kind: 'withhold', why: `reply withheld: the first ${rules.withhold.first} datagrams hear nothing` };
  if (rules.drop.datagrams.includes(n)) return { kind: 'drop', why: `datagram #${n} is on the drop list` };
  if (dropDraw < rules.drop.probability) return { kind: 'drop', why: `random loss (${Math.round(rules.drop.probability * 100)} %)` };
  if (rules.nak.datagrams.includes(n)) return { kind: 'nak', why: `datagram #${n} is on the NAK list` };
  if (nakDraw < rules.nak.probability) return { kind: 'nak', why: `simulated error (${Math.round(rules.nak.probability * 100)} %)` };
  return { kind: 'ack' };
}
