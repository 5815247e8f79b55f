import fc from 'fast-check';
import { type Agreement, type AgreementTerms, BE_VAT_BP, REVERSE_CHARGE_MENTION } from '../agreements/agreement';
import {
  type AllocationFacts,
  type LedgerTransaction,
  type PaymentFacts,
  type TierLookup,
  allocationTransaction,
  balanceKey,
  balancesOf,
  feeTransaction,
  isBalanced,
  receivedTransaction,
  reversalOf,
} from './ledger';
import { splitByLargestRemainder } from './split';

const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  currency: 'EUR',
  commission: { tieredBy: 'none', bands: [{ from: 0n, rates: { principalBp: 1500, interestBp: 2000, costsBp: 5000 } }] },
  fees: { caseOpened: 2500n, letter: 150n, registeredLetter: 850n, call: 300n, success: 0n },
  monthlyMinimum: 0n,
  collectionCostsKeptBy: 'client',
  remittancePeriod: 'monthly',
  payoutIban: 'BE68539007547034',
  vat: { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber: null },
  ...over,
});
const agreement = (t: AgreementTerms, clientId = 'c1'): Agreement => ({
  id: 'ag1',
  clientId,
  version: 1,
  status: 'approved',
  validFrom: '2026-01-01',
  validTo: null,
  terms: t,
  createdBy: 'admin',
  approvedBy: 'admin',
});
const noTiers: TierLookup = { claim: () => null, case: null };
const payment = (amountMinor: bigint, direct = false, clientId = 'c1'): PaymentFacts => ({
  paymentId: 'p1',
  caseId: 'k1',
  clientId,
  amountMinor,
  currency: 'EUR',
  receivedOn: '2026-02-10',
  direct,
});
const amountOf = (tx: LedgerTransaction, account: string) =>
  tx.entries.filter((e) => e.account === account).reduce((s, e) => s + e.amountMinor, 0n);

describe('splitByLargestRemainder', () => {
  it('gives the leftover cents to the largest remainders', () => {
    expect(splitByLargestRemainder(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitByLargestRemainder(10n, [1n, 2n, 7n])).toEqual([1n, 2n, 7n]);
    expect(splitByLargestRemainder(-5n, [1n, 1n])).toEqual([-3n, -2n]);
    expect(splitByLargestRemainder(7n, [0n, 0n])).toEqual([7n, 0n]);
  });
  it('always sums back to the whole, each part within one cent of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = splitByLargestRemainder(total, weights);
          expect(parts.reduce((a, p) => a + p, 0n)).toBe(total);
          const sum = weights.reduce((a, w) => a + w, 0n);
          if (sum > 0n)
            parts.forEach((p, i) => {
              const exactTimesSum = total * (weights[i] ?? 0n);
              expect(p * sum >= exactTimesSum - sum && p * sum <= exactTimesSum + sum).toBe(true);
            });
        },
      ),
    );
  });
});

describe('a payment in trust, worked example', () => {
  // €1,000 principal, €50 interest, €40 costs kept by the client, €10 paid too much.
  const allocation: AllocationFacts = {
    principal: [
      { claimId: 'x', amountMinor: 60000n },
      { claimId: 'y', amountMinor: 40000n },
    ],
    interestMinor: 5000n,
    costsMinor: 4000n,
    unallocatedMinor: 1000n,
  };
  const p = payment(110000n);
  const received = receivedTransaction(p, 'e1')!;
  const allocated = allocationTransaction(p, allocation, agreement(terms()), noTiers, 'e2');

  it('takes the money into trust, then out of suspense to the client, the agency and the debtor', () => {
    expect(received.entries.map((e) => [e.account, e.amountMinor])).toEqual([
      ['trust_bank', 110000n],
      ['suspense', -110000n],
    ]);
    // commission: 15 % of 1000 = 150, 20 % of 50 = 10, 50 % of 40 = 20 → 180; VAT 21 % = 37.80
    expect(amountOf(allocated, 'commission_revenue')).toBe(-18000n);
    expect(amountOf(allocated, 'vat_payable')).toBe(-3780n);
    expect(amountOf(allocated, 'refunds_owed')).toBe(-1000n);
    expect(amountOf(allocated, 'client_payable')).toBe(-(109000n - 18000n - 3780n));
    expect(amountOf(allocated, 'trust_bank')).toBe(-(18000n + 3780n));
    expect(allocated.entries.filter((e) => e.account === 'commission_revenue').map((e) => [e.part, e.claimId, e.amountMinor])).toEqual([
      ['principal', 'x', -9000n],
      ['principal', 'y', -6000n],
      ['interest', null, -1000n],
      ['costs', null, -2000n],
    ]);
    expect(isBalanced(received) && isBalanced(allocated)).toBe(true);
  });

  it('keeps costs as the agency’s own revenue, without VAT, when the agreement says so', () => {
    const kept = allocationTransaction(p, allocation, agreement(terms({ collectionCostsKeptBy: 'agency' })), noTiers, 'e2');
    expect(amountOf(kept, 'costs_revenue')).toBe(-4000n);
    expect(amountOf(kept, 'commission_revenue')).toBe(-16000n);
    expect(amountOf(kept, 'vat_payable')).toBe(-3360n);
  });

  it('charges no VAT under reverse charge', () => {
    const rc = terms({ vat: { kind: 'reverse_charge', country: 'DE', vatNumber: 'DE136695976', mention: REVERSE_CHARGE_MENTION } });
    expect(amountOf(allocationTransaction(p, allocation, agreement(rc), noTiers, 'e2'), 'vat_payable')).toBe(0n);
  });

  it('books a direct payment’s commission as the client’s debt, moving no trust money', () => {
    const direct = payment(110000n, true);
    expect(receivedTransaction(direct, 'e1')).toBeNull();
    const tx = allocationTransaction(direct, allocation, agreement(terms()), noTiers, 'e2');
    expect(tx.entries.map((e) => e.account)).not.toContain('trust_bank');
    expect(amountOf(tx, 'client_receivable')).toBe(18000n + 3780n);
  });

  it('a reversal mirrors what was posted to the cent', () => {
    const back = [reversalOf(allocated, 'allocation_reversed', 'r1', 'undone'), reversalOf(received, 'payment_reversed', 'r2', 'undone')];
    const all = balancesOf([received, allocated, ...back]);
    expect([...all.values()].every((v) => v === 0n)).toBe(true);
    expect(back[0]?.reverses).toBe('e2');
  });

  it('rates by tier: each claim at its band, interest at the case’s', () => {
    const tiered = terms({
      commission: {
        tieredBy: 'claim_amount',
        bands: [
          { from: 0n, rates: { principalBp: 1000, interestBp: 1000, costsBp: 0 } },
          { from: 50000n, rates: { principalBp: 2000, interestBp: 3000, costsBp: 0 } },
        ],
      },
    });
    const facts: TierLookup = {
      claim: (id) => ({ ageAtPlacementDays: 10, principalMinor: id === 'x' ? 60000n : 40000n }),
      case: { ageAtPlacementDays: 10, principalMinor: 100000n },
    };
    const tx = allocationTransaction(p, allocation, agreement(tiered), facts, 'e2');
    // x 20 % of 600 = 120, y 10 % of 400 = 40, interest 30 % of 50 = 15
    expect(tx.entries.filter((e) => e.account === 'commission_revenue').map((e) => e.amountMinor)).toEqual([-12000n, -4000n, -1500n]);
  });

  it('charges a fee with its VAT to the client, and nothing for a nil fee', () => {
    const fee = feeTransaction({ kind: 'caseOpened', clientId: 'c1', caseId: 'k1', bookedOn: '2026-02-01' }, agreement(terms()), 'f1')!;
    expect(fee.entries.map((e) => [e.account, e.amountMinor])).toEqual([
      ['client_receivable', 3025n],
      ['fee_revenue', -2500n],
      ['vat_payable', -525n],
    ]);
    expect(feeTransaction({ kind: 'success', clientId: 'c1', caseId: 'k1', bookedOn: '2026-02-01' }, agreement(terms()), 'f2')).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated agreements and payments.

const bp = fc.integer({ min: 0, max: 10000 });
const rates = fc.record({ principalBp: bp, interestBp: bp, costsBp: bp });
const arbTerms: fc.Arbitrary<AgreementTerms> = fc
  .record({
    tieredBy: fc.constantFrom('none' as const, 'claim_age_days' as const, 'claim_amount' as const),
    bands: fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 100000n }), rates), { minLength: 0, maxLength: 3 }),
    first: rates,
    keptBy: fc.constantFrom('agency' as const, 'client' as const),
    reverse: fc.boolean(),
    fee: fc.bigInt({ min: 0n, max: 100000n }),
  })
  .map(({ tieredBy, bands, first, keptBy, reverse, fee }) => {
    let from = 0n;
    const more = tieredBy === 'none' ? [] : bands.map(([step, r]) => ({ from: (from += step), rates: r }));
    return terms({
      commission: { tieredBy, bands: [{ from: 0n, rates: first }, ...more] },
      collectionCostsKeptBy: keptBy,
      fees: { caseOpened: fee, letter: fee, registeredLetter: fee, call: fee, success: fee },
      vat: reverse
        ? { kind: 'reverse_charge', country: 'NL', vatNumber: 'NL004495445B01', mention: REVERSE_CHARGE_MENTION }
        : { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber: null },
    });
  });
const part = fc.bigInt({ min: 0n, max: 10n ** 9n });
const arbPayment = fc.record({
  clientId: fc.constantFrom('c1', 'c2', 'c3'),
  direct: fc.boolean(),
  principal: fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z'), part), { maxLength: 4 }),
  interestMinor: part,
  costsMinor: part,
  unallocatedMinor: fc.oneof(fc.constant(0n), part),
  reversed: fc.boolean(),
  age: fc.integer({ min: 0, max: 2000 }),
});

describe('ledger properties', () => {
  it('every transaction balances; per client share + commission + VAT + kept costs + refunds = collected; trust = payables + refunds + suspense', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('c1', 'c2', 'c3'), arbTerms),
        fc.array(arbPayment, { maxLength: 25 }),
        (agreements, payments) => {
          const txs: LedgerTransaction[] = [];
          const collected = new Map<string, bigint>();
          payments.forEach((g, i) => {
            const a: AllocationFacts = {
              principal: g.principal.map(([claimId, amountMinor]) => ({ claimId, amountMinor })),
              interestMinor: g.interestMinor,
              costsMinor: g.costsMinor,
              unallocatedMinor: g.direct ? 0n : g.unallocatedMinor,
            };
            const amount = a.principal.reduce((s, l) => s + l.amountMinor, 0n) + a.interestMinor + a.costsMinor + a.unallocatedMinor;
            if (amount === 0n) return;
            const p = { ...payment(amount, g.direct, g.clientId), paymentId: `p${i}` };
            const terms = agreements[g.clientId];
            const tiers: TierLookup = {
              claim: (id) => ({ ageAtPlacementDays: g.age, principalMinor: BigInt(id.charCodeAt(0)) * 1000n }),
              case: null,
            };
            const posted = [
              receivedTransaction(p, `r${i}`),
              allocationTransaction(p, a, terms ? agreement(terms, g.clientId) : null, tiers, `a${i}`),
            ];
            const mine = posted.filter((t): t is LedgerTransaction => t !== null);
            txs.push(...mine);
            if (g.reversed) txs.push(...mine.map((t) => reversalOf(t, 'payment_reversed', `x${t.key}`, 'undone')));
            else if (!g.direct) collected.set(g.clientId, (collected.get(g.clientId) ?? 0n) + amount);

            const alloc = mine[mine.length - 1]!;
            const agencyAndClient =
              -amountOf(alloc, 'client_payable') -
              amountOf(alloc, 'commission_revenue') -
              amountOf(alloc, 'vat_payable') -
              amountOf(alloc, 'costs_revenue') -
              amountOf(alloc, 'refunds_owed');
            // in trust the client's share is in its payable; paid directly it is what the client kept (collected − its debt)
            if (!g.direct) expect(agencyAndClient).toBe(amount);
            else
              expect(amountOf(alloc, 'client_receivable')).toBe(
                -(amountOf(alloc, 'commission_revenue') + amountOf(alloc, 'vat_payable') + amountOf(alloc, 'costs_revenue')),
              );
          });
          for (const tx of txs) expect(isBalanced(tx)).toBe(true);

          const b = balancesOf(txs);
          const get = (k: string) => b.get(k) ?? 0n;
          const payables = ['c1', 'c2', 'c3'].reduce((s, c) => s + get(balanceKey('client_payable', c)), 0n);
          expect(get('trust_bank')).toBe(-(payables + get('refunds_owed') + get('suspense')));
          for (const c of ['c1', 'c2', 'c3']) {
            const perClient = balancesOf(
              txs.filter((t) => t.clientId === c && t.entries.some((e) => e.account === 'client_payable' || e.account === 'suspense')),
            );
            const taken = ['client_payable', 'commission_revenue', 'vat_payable', 'costs_revenue', 'refunds_owed'].reduce(
              (s, acc) => s - (perClient.get(acc === 'client_payable' ? balanceKey('client_payable', c) : acc) ?? 0n),
              0n,
            );
            expect(taken).toBe(collected.get(c) ?? 0n);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
