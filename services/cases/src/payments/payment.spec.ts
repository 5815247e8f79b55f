import fc from 'fast-check';
import { addDays } from '@amicus/calendar';
import { DEFAULT_OPTIONS } from '@amicus/legal';
import type { CaseFacts, CasePayment } from '../assessment/case-assessment';
import { reopenPaidCase, type CaseState } from '../case-lifecycle/case-lifecycle';
import { accountDay, allocatedTotal, caseAccount, readPayment, readReversal, settle, type CaseBalances } from './payment';

const rates = DEFAULT_OPTIONS.rateTables;

/** A Belgian consumer case: two claims (the older one first to be paid), the client's free first reminder sent. */
function facts(payments: CasePayment[] = [], principals: [bigint, bigint] = [40000n, 15000n]): CaseFacts {
  return {
    debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
    client: { sme: false },
    agencyRegistration: 'FPS-ECO-2024-0117',
    currency: 'EUR',
    paidMinor: 0n,
    history: [],
    claims: [
      {
        id: 'newer',
        invoiceNumber: 'INV-2',
        issueDate: '2024-11-20',
        dueDate: '2024-12-20',
        principalMinor: principals[1],
        currency: 'EUR',
        interestClause: true,
        damagesClause: true,
        firstReminderSentOn: '2025-01-02',
        status: 'open',
      },
      {
        id: 'older',
        invoiceNumber: 'INV-1',
        issueDate: '2024-11-01',
        dueDate: '2024-12-01',
        principalMinor: principals[0],
        currency: 'EUR',
        interestClause: true,
        damagesClause: true,
        firstReminderSentOn: '2025-01-02',
        status: 'open',
      },
    ],
    payments,
  };
}

const pay = (id: string, receivedOn: string, amountMinor: bigint): CasePayment => ({ id, receivedOn, amountMinor });
const byDay = (ps: CasePayment[]) => [...ps].sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));

describe('a case’s account', () => {
  it('allocates a partial payment to costs, then interest, then the oldest claim (BE-X-1)', () => {
    // Damages are allowed from 17 January (the first reminder's term); by 3 March interest runs too.
    const before = caseAccount(facts(), '2025-03-03', rates)!;
    expect(before.balances.costsMinor).toBeGreaterThan(0n);
    expect(before.balances.interestMinor).toBeGreaterThan(0n);
    const costsAndInterest = before.balances.costsMinor + before.balances.interestMinor;

    const after = caseAccount(facts([pay('p1', '2025-03-03', costsAndInterest + 10000n)]), '2025-03-03', rates)!;
    const a = after.allocations.get('p1')!;
    expect(a).toMatchObject({ costsMinor: before.balances.costsMinor, interestMinor: before.balances.interestMinor, unallocatedMinor: 0n });
    expect(a.principal).toEqual([{ claimId: 'older', amountMinor: 10000n }]);
    expect(a.rule).toBe('BE-X-1');
    expect(after.balances.claims).toEqual([
      { claimId: 'older', paidMinor: 10000n, openMinor: 30000n },
      { claimId: 'newer', paidMinor: 0n, openMinor: 15000n },
    ]);
    expect(after.balances.openMinor).toBe(before.balances.openMinor - costsAndInterest - 10000n);
    expect(after.balances.paidMinor).toBe(costsAndInterest + 10000n);
  });

  it('paid before any charge is allowed: the principal alone, and the case is paid in full', () => {
    const account = caseAccount(facts([pay('p1', '2024-12-10', 55000n)]), '2024-12-10', rates)!;
    expect(account.balances).toMatchObject({ costsMinor: 0n, interestMinor: 0n, paidMinor: 55000n, openMinor: 0n });
    expect(
      settle(account, [{ id: 'p1', allocation: account.allocations.get('p1')!, isNew: true }], { phase: 'amicable', outcome: null }),
    ).toMatchObject({
      closesAsPaid: true,
      refunds: [],
    });
  });

  it('keeps what exceeds the debt unallocated and asks for its refund', () => {
    const account = caseAccount(facts([pay('p1', '2024-12-10', 60000n)]), '2024-12-10', rates)!;
    const a = account.allocations.get('p1')!;
    expect(a.unallocatedMinor).toBe(5000n);
    expect(account.balances.openMinor).toBe(0n);
    expect(account.balances.paidMinor).toBe(55000n);
    const s = settle(account, [{ id: 'p1', allocation: a, isNew: true }], { phase: 'amicable', outcome: null });
    expect(s.refunds).toEqual([{ paymentId: 'p1', amountMinor: 5000n }]);
  });

  it('reallocates a later payment when an earlier-dated one is recorded after it', () => {
    const later = pay('late', '2025-03-03', 5000n);
    const first = caseAccount(facts([later]), '2025-03-03', rates)!;
    const earlier = pay('early', '2025-02-01', 20000n);
    const second = caseAccount(facts(byDay([later, earlier])), '2025-03-03', rates)!;
    const s = settle(
      second,
      [
        { id: 'late', allocation: first.allocations.get('late')!, isNew: false },
        { id: 'early', allocation: second.allocations.get('early')!, isNew: true },
      ],
      { phase: 'amicable', outcome: null },
    );
    expect(s.allocated.map((x) => [x.paymentId, x.reallocated])).toEqual(
      expect.arrayContaining([
        ['early', false],
        ['late', true],
      ]),
    );
  });

  it('reopens a case closed as paid once money is open again', () => {
    const account = caseAccount(facts([]), '2025-03-03', rates)!;
    expect(settle(account, [], { phase: 'closed', outcome: 'paid' }).reopens).toBe(true);
    expect(settle(account, [], { phase: 'closed', outcome: 'returned_to_client' }).reopens).toBe(false);
  });

  it('is stated on the latest payment day when the bank is a day ahead of the agency', () => {
    expect(accountDay(facts([pay('p', '2025-03-04', 100n)]), '2025-03-03')).toBe('2025-03-04');
    expect(accountDay(facts([pay('p', '2025-03-01', 100n)]), '2025-03-03')).toBe('2025-03-03');
  });

  it('has nothing to state once every claim is recalled', () => {
    const f = facts();
    f.claims = f.claims.map((c) => ({ ...c, status: 'recalled' }));
    expect(caseAccount(f, '2025-03-03', rates)).toBeNull();
  });
});

// --- properties -----------------------------------------------------------------------------

const day = fc.integer({ min: 0, max: 200 }).map((d) => addDays('2024-11-15', d));
const payments = fc.array(fc.record({ receivedOn: day, amountMinor: fc.bigInt({ min: 1n, max: 80_000n }) }), { maxLength: 6 });
const principals = fc.tuple(fc.bigInt({ min: 1n, max: 100_000n }), fc.bigInt({ min: 1n, max: 100_000n }));

function withIds(ps: { receivedOn: string; amountMinor: bigint }[]): CasePayment[] {
  return byDay(ps.map((p, i) => ({ id: `p${i}`, ...p })));
}

const lastDay = (ps: CasePayment[]) => ps.reduce((d, p) => (p.receivedOn > d ? p.receivedOn : d), '2025-06-01');

function noneNegative(b: CaseBalances): boolean {
  return (
    [b.principalMinor, b.interestMinor, b.costsMinor, b.paidMinor, b.openMinor].every((x) => x >= 0n) &&
    b.claims.every((c) => c.paidMinor >= 0n && c.openMinor >= 0n) &&
    b.paidMinor <= b.principalMinor + b.interestMinor + b.costsMinor
  );
}

describe('payment properties', () => {
  it('every allocation sums to its payment, to the cent', () => {
    fc.assert(
      fc.property(payments, principals, (ps, p) => {
        const list = withIds(ps);
        const account = caseAccount(facts(list, p), lastDay(list), rates)!;
        return list.every((x) => allocatedTotal(account.allocations.get(x.id)!) === x.amountMinor);
      }),
      { numRuns: 150 },
    );
  });

  it('no balance goes negative, and open is charged less paid', () => {
    fc.assert(
      fc.property(payments, principals, (ps, p) => {
        const list = withIds(ps);
        const b = caseAccount(facts(list, p), lastDay(list), rates)!.balances;
        return noneNegative(b) && b.openMinor === b.principalMinor + b.interestMinor + b.costsMinor - b.paidMinor;
      }),
      { numRuns: 150 },
    );
  });

  it('a reversal restores the exact balances the case had without the payment', () => {
    fc.assert(
      fc.property(payments, principals, fc.nat(), (ps, p, pick) => {
        const list = withIds(ps);
        if (list.length === 0) return true;
        const asOf = lastDay(list);
        const reversed = list[pick % list.length]!;
        const without = list.filter((x) => x.id !== reversed.id);
        const before = caseAccount(facts(without, p), asOf, rates)!;
        caseAccount(facts(list, p), asOf, rates); // recorded …
        const after = caseAccount(facts(without, p), asOf, rates)!; // … then undone
        expect(after.balances).toEqual(before.balances);
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it('the latest payment lowers each balance by exactly its own parts, as of its day', () => {
    fc.assert(
      fc.property(payments, principals, fc.bigInt({ min: 1n, max: 80_000n }), (ps, p, amount) => {
        const list = withIds(ps);
        const asOf = lastDay(list);
        const before = caseAccount(facts(list, p), asOf, rates)!.balances;
        const latest = { id: 'latest', receivedOn: asOf, amountMinor: amount };
        const account = caseAccount(facts([...list, latest], p), asOf, rates)!;
        const a = account.allocations.get('latest')!;
        const after = account.balances;
        const principalPaid = a.principal.reduce((t, x) => t + x.amountMinor, 0n);
        return (
          after.paidMinor - before.paidMinor === a.costsMinor + a.interestMinor + principalPaid &&
          after.openMinor === before.openMinor - (a.costsMinor + a.interestMinor + principalPaid) &&
          after.interestMinor === before.interestMinor &&
          after.costsMinor === before.costsMinor &&
          after.claims.every(
            (c, i) => c.openMinor === before.claims[i]!.openMinor - (a.principal.find((x) => x.claimId === c.claimId)?.amountMinor ?? 0n),
          )
        );
      }),
      { numRuns: 100 },
    );
  });
});

describe('readPayment', () => {
  const ctx = { currency: 'EUR', today: '2025-03-03', reporter: 'agency' as const };

  it('reads a direct payment a client reports', () => {
    const r = readPayment(
      { caseId: 'c', amountMinor: '12550', receivedOn: '2025-03-01', payerIban: 'be68 5390 0754 7034' },
      { ...ctx, reporter: 'client' },
    );
    expect(r.payment).toMatchObject({ amount: { amountMinor: 12550n, currency: 'EUR' }, source: 'direct', payerIban: 'BE68539007547034' });
  });

  it('names each bad field', () => {
    const r = readPayment(
      { caseId: 'c', amountMinor: '12.50', currency: 'USD', receivedOn: '2025-03-04', source: 'cash', payerIban: 'BE00 1234' },
      ctx,
    );
    expect(r.problems.map((p) => p.field)).toEqual([
      'input.amountMinor',
      'input.currency',
      'input.receivedOn',
      'input.source',
      'input.payerIban',
    ]);
  });

  it('lets a client report only money paid to it directly', () => {
    const r = readPayment({ caseId: 'c', amountMinor: '100', receivedOn: '2025-03-01', source: 'bank' }, { ...ctx, reporter: 'client' });
    expect(r.problems).toEqual([{ field: 'input.source', reason: 'a client reports only money paid to it directly (direct)' }]);
  });

  it('refuses zero', () => {
    expect(readPayment({ caseId: 'c', amountMinor: '0', receivedOn: '2025-03-01', source: 'bank' }, ctx).problems).toEqual([
      { field: 'input.amountMinor', reason: 'must be more than zero' },
    ]);
  });
});

describe('readReversal', () => {
  it('needs a known kind and a reason', () => {
    expect(readReversal('chargeback', ' card disputed ')).toEqual({ kind: 'chargeback', reason: 'card disputed' });
    expect(readReversal('oops', ' ')).toEqual([
      { field: 'kind', reason: '"oops" is not one of chargeback, bank_return, correction' },
      { field: 'reason', reason: 'is required' },
    ]);
  });
});

describe('reopenPaidCase', () => {
  const closed: CaseState = {
    caseId: 'c',
    clientId: 'k',
    brandId: 'b',
    debtorId: 'd',
    phase: 'closed',
    claims: [{ claimId: 'x', status: 'open' }],
    closure: { outcome: 'paid', reason: 'paid in full', closedAt: '2025-03-01T10:00:00.000Z' },
    openedAt: '2025-01-01T10:00:00.000Z',
    version: 4,
  };
  const ctx = { actor: { kind: 'system' as const, id: 'payments' }, at: new Date('2025-03-05T10:00:00Z'), today: '2025-03-05' };

  it('opens a case closed as paid again, in the phase it closed from', () => {
    const d = reopenPaidCase(closed, { to: 'amicable', reason: 'payment reversed: chargeback' }, ctx);
    expect(d.state).toMatchObject({ phase: 'amicable', version: 5 });
    expect(d.state.closure).toBeUndefined();
    expect(d.events).toEqual([expect.objectContaining({ type: 'CasePhaseChanged', from: 'closed', to: 'amicable' })]);
    expect(d.audit).toMatchObject({ action: 'reopen', before: { phase: 'closed' }, after: { phase: 'amicable' } });
  });

  it('refuses any other closed case, and anyone but the system', () => {
    expect(() =>
      reopenPaidCase({ ...closed, closure: { ...closed.closure!, outcome: 'written_off' } }, { to: 'amicable', reason: 'x' }, ctx),
    ).toThrow(/not closed as paid/);
    expect(() => reopenPaidCase(closed, { to: 'amicable', reason: 'x' }, { ...ctx, actor: { kind: 'agent', id: 'a' } })).toThrow(
      /not allowed/,
    );
  });
});
