import fc from 'fast-check';
import {
  AllocationVersion,
  NOTHING_COLLECTED,
  PaymentFact,
  PaymentRecord,
  UNSEEN_PAYMENT,
  addCollected,
  applyPaymentFact,
  collectedDelta,
  collectedFrom,
  countedOf,
} from './collected';

const version = (at: string, eventId: string, principal: [string, bigint][], interest = 0n, costs = 0n): AllocationVersion => ({
  at,
  eventId,
  receivedOn: '2026-11-02',
  parts: { costsMinor: costs, interestMinor: interest, principal: principal.map(([claimId, amountMinor]) => ({ claimId, amountMinor })) },
});

describe('a payment counted for collected', () => {
  it('counts its allocation, split into principal, interest and costs', () => {
    const r = applyPaymentFact(UNSEEN_PAYMENT, {
      kind: 'allocated',
      version: version('2026-11-02T10:00:00.000Z', 'e1', [['k1', 30000n]], 1250n, 4000n),
    });
    expect(countedOf(r).collected).toEqual({ principalMinor: 30000n, interestMinor: 1250n, costsMinor: 4000n });
  });

  it('replaces its allocation when it is allocated again, whichever arrives first', () => {
    const first: PaymentFact = { kind: 'allocated', version: version('2026-11-02T10:00:00.000Z', 'e1', [['k1', 30000n]], 0n, 4000n) };
    const again: PaymentFact = {
      kind: 'allocated',
      version: version('2026-11-05T09:00:00.000Z', 'e2', [['k1', 25000n]], 1000n, 8000n),
    };
    const inOrder = applyPaymentFact(applyPaymentFact(UNSEEN_PAYMENT, first), again);
    const outOfOrder = applyPaymentFact(applyPaymentFact(UNSEEN_PAYMENT, again), first);
    expect(countedOf(inOrder).collected).toEqual({ principalMinor: 25000n, interestMinor: 1000n, costsMinor: 8000n });
    expect(outOfOrder).toEqual(inOrder);
  });

  it('counts nothing once reversed, even if an allocation arrives after the reversal', () => {
    const r = applyPaymentFact(applyPaymentFact(UNSEEN_PAYMENT, { kind: 'reversed' }), {
      kind: 'allocated',
      version: version('2026-11-02T10:00:00.000Z', 'e1', [['k1', 30000n]]),
    });
    expect(countedOf(r).collected).toEqual(NOTHING_COLLECTED);
    expect(countedOf(r).principal).toEqual([]);
  });

  it('moves the figures by the difference between what a payment counted for before and after', () => {
    const before = applyPaymentFact(UNSEEN_PAYMENT, {
      kind: 'allocated',
      version: version('2026-11-02T10:00:00.000Z', 'e1', [['k1', 30000n]], 0n, 4000n),
    });
    expect(collectedDelta(before, applyPaymentFact(before, { kind: 'reversed' }))).toEqual({
      principalMinor: -30000n,
      interestMinor: 0n,
      costsMinor: -4000n,
    });
  });
});

/** Generated payments, each allocated one to three times (at increasing instants) and maybe reversed. */
const minor = fc.bigInt({ min: 0n, max: 10n ** 9n });
const payments = fc.array(
  fc.record({
    versions: fc.array(fc.record({ principal: fc.array(minor, { minLength: 1, maxLength: 3 }), interest: minor, costs: minor }), {
      minLength: 1,
      maxLength: 3,
    }),
    reversed: fc.boolean(),
    sameInstant: fc.boolean(),
  }),
  { minLength: 1, maxLength: 6 },
);

type Stream = { paymentId: string; fact: PaymentFact }[];

type Generated = { versions: { principal: bigint[]; interest: bigint; costs: bigint }[]; reversed: boolean; sameInstant: boolean };

function streamOf(ps: Generated[]): Stream {
  return ps.flatMap((p, i) => {
    const facts: Stream = p.versions.map((v, j) => ({
      paymentId: `p${i}`,
      fact: {
        kind: 'allocated',
        // Two allocations made in the same millisecond are told apart by their event id.
        version: version(
          new Date(Date.UTC(2026, 10, 2, 10, 0, p.sameInstant ? 0 : j)).toISOString(),
          `e${i}-${j}`,
          v.principal.map((a, k) => [`k${k}`, a]),
          v.interest,
          v.costs,
        ),
      },
    }));
    return p.reversed ? [...facts, { paymentId: `p${i}`, fact: { kind: 'reversed' } as PaymentFact }] : facts;
  });
}

/** What the figures must be: each payment not reversed counts its last allocation, once. */
function expected(ps: Generated[]) {
  return ps
    .filter((p) => !p.reversed)
    .map((p) => p.versions[p.versions.length - 1]!)
    .reduce(
      (s, v) =>
        addCollected(s, { principalMinor: v.principal.reduce((a, b) => a + b, 0n), interestMinor: v.interest, costsMinor: v.costs }),
      NOTHING_COLLECTED,
    );
}

/** A redelivering, reordering broker: the stream shuffled, some facts told twice. */
const delivery = (stream: Stream) =>
  fc
    .tuple(fc.shuffledSubarray(stream, { minLength: stream.length, maxLength: stream.length }), fc.subarray(stream))
    .chain(([all, again]) => fc.shuffledSubarray([...all, ...again], { minLength: all.length + again.length }));

describe('collected, over generated streams of allocations, reallocations and reversals', () => {
  it('counts each payment once, its last allocation, whatever the order and however often a fact comes', () => {
    fc.assert(
      fc.property(
        payments.chain((ps) => fc.tuple(fc.constant(ps), delivery(streamOf(ps)))),
        ([ps, delivered]) => {
          expect(collectedFrom(delivered)).toEqual(expected(ps));
        },
      ),
    );
  });

  it('keeps the running figures (the sum of each change) equal to a recomputation from scratch', () => {
    fc.assert(
      fc.property(
        payments.chain((ps) => delivery(streamOf(ps))),
        (delivered) => {
          const records = new Map<string, PaymentRecord>();
          let running = NOTHING_COLLECTED;
          delivered.forEach(({ paymentId, fact }, i) => {
            const before = records.get(paymentId) ?? UNSEEN_PAYMENT;
            const after = applyPaymentFact(before, fact);
            records.set(paymentId, after);
            running = addCollected(running, collectedDelta(before, after));
            expect(running).toEqual(collectedFrom(delivered.slice(0, i + 1)));
          });
        },
      ),
    );
  });

  it('after a reversal, shows the figures as they were without the payment', () => {
    fc.assert(
      fc.property(payments, fc.nat(), (ps, pick) => {
        const i = pick % ps.length;
        const undone = ps.map((p, j) => (j === i ? { ...p, reversed: true } : p));
        const without = ps.filter((_, j) => j !== i);
        expect(collectedFrom(streamOf(undone))).toEqual(collectedFrom(streamOf(without)));
        expect(collectedFrom(streamOf(undone))).toEqual(expected(without));
      }),
    );
  });
});
