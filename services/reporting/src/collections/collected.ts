import type { CalendarDate } from '@amicus/calendar';

/**
 * What reporting counts as collected for a case: the allocations of its payments, split into
 * principal (per claim), interest and costs. A payment's allocation can be replaced (the engine
 * allocates it again when an earlier-dated payment is recorded or undone: `reallocated: true`)
 * and a payment can be reversed. Each payment is a register that keeps only its latest
 * allocation (by the instant it was made, the event id breaking a tie) and a tombstone once
 * reversed, so the figures are the same whatever order the facts arrive in and however often:
 * a payment is never counted twice, and after its reversal the case counts what it did before
 * the payment. Money the engine could not allocate (an overpayment, to be refunded) is not
 * collected.
 */

/** One claim's share of a payment's principal, in minor units. */
export interface ClaimPart {
  claimId: string;
  amountMinor: bigint;
}

/** A payment's allocation as the legal engine made it. */
export interface AllocationParts {
  costsMinor: bigint;
  interestMinor: bigint;
  principal: ClaimPart[];
}

/** One allocation of a payment: when it was made (the event's instant and id), the day the money came in, and its parts. */
export interface AllocationVersion {
  at: string;
  eventId: string;
  receivedOn: CalendarDate;
  parts: AllocationParts;
}

/** What reporting keeps of one payment. */
export interface PaymentRecord {
  latest: AllocationVersion | null;
  reversed: boolean;
}

export const UNSEEN_PAYMENT: PaymentRecord = { latest: null, reversed: false };

export type PaymentFact = { kind: 'allocated'; version: AllocationVersion } | { kind: 'reversed' };

/** Collected money, in minor units. */
export interface Collected {
  principalMinor: bigint;
  interestMinor: bigint;
  costsMinor: bigint;
}

export const NOTHING_COLLECTED: Collected = { principalMinor: 0n, interestMinor: 0n, costsMinor: 0n };

/** Whether allocation `a` was made after `b`: the later instant, or at the same instant the larger event id. */
export function madeAfter(a: Pick<AllocationVersion, 'at' | 'eventId'>, b: Pick<AllocationVersion, 'at' | 'eventId'>): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  return ta !== tb ? ta > tb : a.eventId > b.eventId;
}

/** How one payment fact changes its record: the latest allocation wins; a reversal is final. */
export function applyPaymentFact(r: PaymentRecord, fact: PaymentFact): PaymentRecord {
  switch (fact.kind) {
    case 'allocated':
      return !r.latest || madeAfter(fact.version, r.latest) ? { ...r, latest: fact.version } : r;
    case 'reversed':
      return { ...r, reversed: true };
  }
}

/** What a payment counts for: its latest allocation, nothing once reversed or before it is allocated. */
export function countedOf(r: PaymentRecord): { collected: Collected; principal: ClaimPart[]; receivedOn: CalendarDate | null } {
  if (r.reversed || !r.latest) return { collected: NOTHING_COLLECTED, principal: [], receivedOn: null };
  const p = r.latest.parts;
  return {
    collected: {
      principalMinor: p.principal.reduce((s, c) => s + c.amountMinor, 0n),
      interestMinor: p.interestMinor,
      costsMinor: p.costsMinor,
    },
    principal: p.principal.filter((c) => c.amountMinor !== 0n),
    receivedOn: r.latest.receivedOn,
  };
}

/** By how much a payment's change moves the figures: counted after minus counted before. */
export function collectedDelta(before: PaymentRecord, after: PaymentRecord): Collected {
  const b = countedOf(before).collected;
  const a = countedOf(after).collected;
  return {
    principalMinor: a.principalMinor - b.principalMinor,
    interestMinor: a.interestMinor - b.interestMinor,
    costsMinor: a.costsMinor - b.costsMinor,
  };
}

export function addCollected(a: Collected, b: Collected): Collected {
  return {
    principalMinor: a.principalMinor + b.principalMinor,
    interestMinor: a.interestMinor + b.interestMinor,
    costsMinor: a.costsMinor + b.costsMinor,
  };
}

export function totalCollected(c: Collected): bigint {
  return c.principalMinor + c.interestMinor + c.costsMinor;
}

/** The facts of a stream, folded per payment: what every payment counts for, summed. */
export function collectedFrom(facts: { paymentId: string; fact: PaymentFact }[]): Collected {
  const records = new Map<string, PaymentRecord>();
  for (const { paymentId, fact } of facts) records.set(paymentId, applyPaymentFact(records.get(paymentId) ?? UNSEEN_PAYMENT, fact));
  return [...records.values()].reduce((sum, r) => addCollected(sum, countedOf(r).collected), NOTHING_COLLECTED);
}
