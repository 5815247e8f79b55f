import fc from 'fast-check';
import { addDays } from '@amicus/calendar';
import { money } from '@amicus/money';
import { assess, demandStatement, statement } from './assess';
import { beClaim, beConsumerCase, brussels, eur } from './testing/case-fixtures';
import type { CaseInput, DisputeRecord } from './types';

const twoClaims = (over: Partial<CaseInput> = {}) =>
  beConsumerCase({
    claims: [
      beClaim({ id: 'c1', number: 'INV-1', principal: eur('400.00') }),
      beClaim({ id: 'c2', number: 'INV-2', principal: eur('250.00'), dueDate: '2024-12-20' }),
    ],
    ...over,
  });
const open = (...claimIds: string[]): DisputeRecord => ({ status: 'open', claimIds });

describe('escalation while a dispute is open', () => {
  it('refuses hand_to_legal with CASE-DISPUTE-OPEN naming the disputed claim, though the other claim is undisputed', () => {
    const a = assess(twoClaims({ disputes: [open('c2')] }), { now: brussels('2025-03-01'), step: 'hand_to_legal' });
    expect(a).toMatchObject({ allowed: false, rule: 'CASE-DISPUTE-OPEN', claimIds: ['c2'] });
    expect(a.reason).toMatch(/INV-2/);
  });

  it('passes the check once the dispute is resolved', () => {
    const a = assess(twoClaims({ disputes: [{ status: 'resolved', claimIds: ['c2'] }] }), {
      now: brussels('2025-03-01'),
      step: 'hand_to_legal',
    });
    expect(a.checks.find((c) => c.rule === 'CASE-DISPUTE-OPEN')).toMatchObject({ allowed: true });
  });

  it('leaves the other steps to the undisputed claims: a reminder may go for the claim no dispute concerns', () => {
    const a = assess(twoClaims({ disputes: [open('c1')] }), { now: brussels('2025-03-01'), step: 'first_reminder' });
    expect(a.checks.find((c) => c.rule === 'CASE-OPEN')).toMatchObject({ allowed: true, claimIds: ['c2'] });
  });
});

describe('the demand while a dispute is open', () => {
  it('is the whole statement when nothing is disputed', () => {
    const c = twoClaims();
    expect(demandStatement(c, '2025-03-01')).toEqual(statement(c, '2025-03-01'));
  });

  it('asks only for the undisputed claim, its damages recomputed on it alone', () => {
    const c = twoClaims({ disputes: [open('c1')] });
    const d = demandStatement(c, '2025-03-01');
    const alone = statement(twoClaims({ claims: [c.claims[1]!] }), '2025-03-01');
    expect(d.claims.map((x) => x.claimId)).toEqual(['c2']);
    expect(d.principal).toEqual(eur('250.00'));
    expect(d.total).toEqual(alone.total);
    expect(statement(c, '2025-03-01').total.amountMinor > d.total.amountMinor).toBe(true);
  });

  it('keeps on the disputed claim what a payment already paid on it', () => {
    // Before any reminder nothing but principal is owed: €500 pays INV-1 (due first) in full and €100 of INV-2.
    const c = twoClaims({ communications: [], disputes: [open('c1')], payments: [{ receivedOn: '2024-12-01', amount: eur('500.00') }] });
    const d = demandStatement(c, '2025-01-10');
    expect(d.principal).toEqual(eur('150.00'));
    expect(d.paid).toEqual(eur('100.00'));
    const other = twoClaims({
      communications: [],
      disputes: [open('c2')],
      payments: [{ receivedOn: '2024-12-01', amount: eur('500.00') }],
    });
    expect(demandStatement(other, '2025-01-10')).toMatchObject({ principal: eur('0.00'), paid: eur('400.00') });
  });

  it('asks for nothing when every claim is disputed', () => {
    const d = demandStatement(twoClaims({ disputes: [{ status: 'open' }] }), '2025-03-01');
    expect(d.total).toEqual(eur('0.00'));
    expect(d.claims).toEqual([]);
  });
});

describe('properties of disputes', () => {
  const caseArb = fc
    .record({
      claims: fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 5_000_000n }), due: fc.integer({ min: 0, max: 90 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
      payments: fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 3_000_000n }), day: fc.integer({ min: 0, max: 120 }) }), {
        maxLength: 3,
      }),
      disputed: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      resolved: fc.boolean(),
    })
    .map(({ claims, payments, disputed, resolved }) => {
      const ids = claims.map((_, i) => `c${i}`);
      const input: CaseInput = beConsumerCase({
        // No reminder: nothing but principal is owed, so what a payment pays is principal only.
        communications: [],
        claims: claims.map((c, i) =>
          beClaim({ id: ids[i]!, number: `INV-${i}`, principal: money(c.amount, 'EUR'), dueDate: addDays('2024-12-01', c.due) }),
        ),
        payments: payments.map((p) => ({ receivedOn: addDays('2024-11-01', p.day), amount: money(p.amount, 'EUR') })),
        disputes: [{ status: resolved ? 'resolved' : 'open', claimIds: ids.filter((_, i) => disputed[i]) }],
      });
      return { input, disputed: new Set(resolved ? [] : ids.filter((_, i) => disputed[i])) };
    });

  it('the demand is, claim by claim, what the whole statement has outstanding on the undisputed claims', () => {
    fc.assert(
      fc.property(caseArb, ({ input, disputed }) => {
        const asOf = '2025-04-01';
        const whole = statement(input, asOf);
        const d = demandStatement(input, asOf);
        const expected = whole.claims.filter((c) => !disputed.has(c.claimId));
        expect(d.claims).toEqual(expected);
        expect(d.principal.amountMinor).toBe(expected.reduce((t, c) => t + c.principal.amountMinor, 0n));
      }),
      { numRuns: 150 },
    );
  });

  it('never lets a case go to legal while a dispute is open on one of its claims', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 400 }), ({ input, disputed }, day) => {
        const a = assess(input, { now: brussels(addDays('2025-01-01', day)), step: 'hand_to_legal' });
        if (disputed.size > 0) expect(a.allowed).toBe(false);
        if (disputed.size > 0) expect(a.checks.some((c) => c.rule === 'CASE-DISPUTE-OPEN' && !c.allowed)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
