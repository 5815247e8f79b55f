import fc from 'fast-check';
import { type Agreement, type AgreementTerms, BE_VAT_BP } from '../agreements/agreement';
import {
  type AllocationFacts,
  type LedgerTransaction,
  allocationTransaction,
  balanceKey,
  balancesOf,
  feeTransaction,
  isBalanced,
  receivedTransaction,
  reversalOf,
} from '../ledger/ledger';
import { periodContaining, periodStartProblem, remit } from './remittance';

const terms = (over: Partial<AgreementTerms> = {}): AgreementTerms => ({
  currency: 'EUR',
  commission: { tieredBy: 'none', bands: [{ from: 0n, rates: { principalBp: 2000, interestBp: 2000, costsBp: 0 } }] },
  fees: { caseOpened: 1000n, letter: 150n, registeredLetter: 850n, call: 300n, success: 0n },
  monthlyMinimum: 0n,
  collectionCostsKeptBy: 'agency',
  remittancePeriod: 'monthly',
  payoutIban: 'BE68539007547034',
  vat: { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber: null },
  ...over,
});
const agreement = (t: AgreementTerms): Agreement => ({
  id: 'ag1',
  clientId: 'c1',
  version: 1,
  status: 'approved',
  validFrom: '2026-01-01',
  validTo: null,
  terms: t,
  createdBy: 'admin',
  approvedBy: 'admin',
});
const noTiers = { claim: () => null, case: null };
const march = periodContaining('2026-03-17', 'monthly');
const april = periodContaining('2026-04-02', 'monthly');

function payment(id: string, caseId: string, principal: bigint, day: string, direct = false, unallocated = 0n): LedgerTransaction[] {
  const p = { paymentId: id, caseId, clientId: 'c1', amountMinor: principal + unallocated, currency: 'EUR', receivedOn: day, direct };
  const a: AllocationFacts = {
    principal: [{ claimId: 'x', amountMinor: principal }],
    interestMinor: 0n,
    costsMinor: 0n,
    unallocatedMinor: unallocated,
  };
  return [receivedTransaction(p, `${id}:r`), allocationTransaction(p, a, agreement(terms()), noTiers, `${id}:a`)].filter(
    (t): t is LedgerTransaction => t !== null,
  );
}

describe('periods', () => {
  it('a month from its first to its last day, a week from Monday to Sunday', () => {
    expect(periodContaining('2026-02-14', 'monthly')).toEqual({ kind: 'monthly', start: '2026-02-01', end: '2026-02-28' });
    expect(periodContaining('2026-12-31', 'monthly')).toEqual({ kind: 'monthly', start: '2026-12-01', end: '2026-12-31' });
    expect(periodContaining('2026-03-05', 'weekly')).toEqual({ kind: 'weekly', start: '2026-03-02', end: '2026-03-08' });
    expect(periodStartProblem('2026-03-03', 'weekly')).toMatch(/Monday/);
    expect(periodStartProblem('2026-03-02', 'monthly')).toMatch(/first of a month/);
    expect(periodStartProblem('2026-03-01', 'monthly')).toBeNull();
  });
});

describe('a remittance, worked example', () => {
  it('pays out what was collected less commission, fees and VAT, per case', () => {
    const items = [
      ...payment('p1', 'k1', 100000n, '2026-03-03'),
      ...payment('p2', 'k2', 50000n, '2026-03-09', false, 2500n),
      feeTransaction({ kind: 'letter', clientId: 'c1', caseId: 'k2', bookedOn: '2026-03-10' }, agreement(terms()), 'f1')!,
    ];
    const r = remit('c1', march, agreement(terms()), items, 'rem');
    // k1: 1000 − 200 commission − 42 VAT = 758; k2: 500 − 100 − 21 − 1.50 letter − 0.32 VAT = 377.18; 25 owed back to the debtor
    expect(
      r.lines.map((l) => [l.caseId, l.collectedMinor, l.commissionMinor, l.feesMinor, l.vatMinor, l.refundsMinor, l.netMinor]),
    ).toEqual([
      ['k1', 100000n, 20000n, 0n, 4200n, 0n, 75800n],
      ['k2', 52500n, 10000n, 150n, 2100n + 32n, 2500n, 37718n],
    ]);
    expect(r).toMatchObject({ payoutMinor: 75800n + 37718n, invoicedMinor: 0n, outcome: 'payout' });
    expect(r.postings.every(isBalanced)).toBe(true);
  });

  it('tops the month up to its minimum, with VAT', () => {
    const items = payment('p1', 'k1', 10000n, '2026-03-03'); // 20.00 commission
    const r = remit('c1', march, agreement(terms({ monthlyMinimum: 5000n })), items, 'rem');
    expect(r.lines.at(-1)).toMatchObject({ caseId: null, feesMinor: 3000n, vatMinor: 630n, netMinor: -3630n });
    expect(r.payoutMinor).toBe(10000n - 2000n - 420n - 3630n);
  });

  it('invoices a client whose debts are more than it is owed (direct payments)', () => {
    const items = payment('p1', 'k1', 100000n, '2026-03-03', true);
    const r = remit('c1', march, agreement(terms()), items, 'rem');
    expect(r).toMatchObject({ payoutMinor: 0n, invoicedMinor: 24200n, outcome: 'invoice' });
  });

  it('deducts a reversal after a remittance from the next one', () => {
    const paid = payment('p1', 'k1', 100000n, '2026-03-03');
    const first = remit('c1', march, agreement(terms()), paid, 'rem-03');
    const back = paid.map((t) => reversalOf(t, 'payment_reversed', `${t.key}:x`, 'bank return', '2026-04-02'));
    const more = payment('p2', 'k2', 200000n, '2026-04-05');
    const second = remit('c1', april, agreement(terms()), [...back, ...more], 'rem-04');
    expect(first.payoutMinor).toBe(75800n);
    expect(second.payoutMinor).toBe(2n * 75800n - 75800n);
  });
});

// ---------------------------------------------------------------------------------------------

const arbEvent = fc.record({
  kind: fc.constantFrom('trust' as const, 'direct' as const, 'fee' as const),
  caseId: fc.constantFrom('k1', 'k2', 'k3'),
  principal: fc.bigInt({ min: 1n, max: 10n ** 8n }),
  unallocated: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 6n })),
  day: fc.integer({ min: 1, max: 59 }),
  reversedOnDay: fc.option(fc.integer({ min: 1, max: 59 })),
});
const arbTerms = fc
  .record({ bp: fc.integer({ min: 0, max: 10000 }), minimum: fc.bigInt({ min: 0n, max: 10n ** 6n }), reverse: fc.boolean() })
  .map(({ bp, minimum, reverse }) =>
    terms({
      commission: { tieredBy: 'none', bands: [{ from: 0n, rates: { principalBp: bp, interestBp: bp, costsBp: bp } }] },
      monthlyMinimum: minimum,
      vat: reverse
        ? { kind: 'reverse_charge', country: 'NL', vatNumber: 'NL1', mention: 'm' }
        : { kind: 'be_standard', rateBp: BE_VAT_BP, vatNumber: null },
    }),
  );
const dayOf = (n: number) => (n <= 31 ? `2026-03-${String(n).padStart(2, '0')}` : `2026-04-${String(n - 31).padStart(2, '0')}`);

describe('remittance properties', () => {
  it('each remittance: net + commission + fees + kept costs + VAT + refunds = collected; payout − invoiced = net; postings balance; trust = what is owed; a period taken twice takes nothing', () => {
    fc.assert(
      fc.property(arbTerms, fc.array(arbEvent, { maxLength: 20 }), (t, events) => {
        const ag = agreement(t);
        const txs: LedgerTransaction[] = [];
        events.forEach((e, i) => {
          const day = dayOf(e.day);
          const posted =
            e.kind === 'fee'
              ? [feeTransaction({ kind: 'call', clientId: 'c1', caseId: e.caseId, bookedOn: day }, ag, `f${i}`)].filter(
                  (x): x is LedgerTransaction => x !== null,
                )
              : (() => {
                  const p = {
                    paymentId: `p${i}`,
                    caseId: e.caseId,
                    clientId: 'c1',
                    amountMinor: e.principal + (e.kind === 'trust' ? e.unallocated : 0n),
                    currency: 'EUR',
                    receivedOn: day,
                    direct: e.kind === 'direct',
                  };
                  const a = {
                    principal: [{ claimId: 'x', amountMinor: e.principal }],
                    interestMinor: 0n,
                    costsMinor: 0n,
                    unallocatedMinor: e.kind === 'trust' ? e.unallocated : 0n,
                  };
                  return [receivedTransaction(p, `p${i}:r`), allocationTransaction(p, a, ag, noTiers, `p${i}:a`)].filter(
                    (x): x is LedgerTransaction => x !== null,
                  );
                })();
          txs.push(...posted);
          if (e.reversedOnDay !== null) {
            const on = dayOf(Math.max(e.day, e.reversedOnDay));
            txs.push(...posted.map((x) => reversalOf(x, 'payment_reversed', `${x.key}:x`, 'undone', on)));
          }
        });
        const taken = new Set<string>();
        const ledger = [...txs];
        for (const [period, key] of [
          [march, 'rem-03'],
          [april, 'rem-04'],
        ] as const) {
          const items = ledger.filter((x) => !taken.has(x.key) && x.bookedOn <= period.end);
          const r = remit('c1', period, ag, items, key);
          const tot = r.total;
          expect(tot.netMinor + tot.commissionMinor + tot.feesMinor + tot.costsKeptMinor + tot.vatMinor + tot.refundsMinor).toBe(
            tot.collectedMinor,
          );
          expect(r.payoutMinor - r.invoicedMinor).toBe(tot.netMinor);
          expect(r.payoutMinor >= 0n && r.invoicedMinor >= 0n).toBe(true);
          for (const p of r.postings) expect(isBalanced(p)).toBe(true);
          for (const x of [...items, ...r.postings]) taken.add(x.key);
          ledger.push(...r.postings);
          const b = balancesOf(ledger);
          const get = (k: string) => b.get(k) ?? 0n;
          expect(get('trust_bank')).toBe(-(get(balanceKey('client_payable', 'c1')) + get('refunds_owed') + get('suspense')));
          // taken again, the period has nothing left but what a new minimum would add
          const again = remit(
            'c1',
            period,
            { ...ag, terms: { ...ag.terms, monthlyMinimum: 0n } },
            ledger.filter((x) => !taken.has(x.key) && x.bookedOn <= period.end),
            `${key}:again`,
          );
          expect(again.postings).toEqual([]);
          expect(again.outcome).toBe('nil');
        }
      }),
      { numRuns: 300 },
    );
  });
});
