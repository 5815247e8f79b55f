/**
 * A collective debt settlement (BE-S-*, NL-S-*): from its decision date no step and no charge is
 * allowed, and the statement's interest stops at that date, whatever the case (fast-check).
 */
import fc from 'fast-check';
import { addDays, instantAt } from '@amicus/calendar';
import { money } from '@amicus/money';
import { statement } from '../assess';
import { STEPS, type CaseInput, type Country, type DebtorKind } from '../types';
import {
  assessJsonUnderStops,
  assessStepUnderStops,
  assessUnderStops,
  statementUnderStops,
  type LegalStops,
} from './collective-settlement';
import { beConsumerCase, brussels } from '../testing/case-fixtures';

const RUNS = { numRuns: 120 };
const TZ: Record<Country, string> = { BE: 'Europe/Brussels', NL: 'Europe/Amsterdam' };
const dateArb = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2023-10-01', n));

const caseArb = fc
  .record({
    country: fc.constantFrom<Country>('BE', 'NL'),
    kind: fc.constantFrom<DebtorKind>('consumer', 'business'),
    claims: fc.array(
      fc.record({
        amount: fc.bigInt({ min: 1n, max: 5_000_000n }),
        issue: dateArb,
        termDays: fc.integer({ min: 0, max: 60 }),
        clause: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    reminders: fc.array(fc.record({ date: dateArb, channel: fc.constantFrom<'letter' | 'email'>('letter', 'email') }), { maxLength: 2 }),
    payments: fc.array(fc.record({ date: dateArb, amount: fc.bigInt({ min: 1n, max: 2_000_000n }) }), { maxLength: 3 }),
  })
  .map(({ country, kind, claims, reminders, payments }): CaseInput => ({
    debtor: { kind, country },
    collector: { kind: 'agency', registrationNumber: 'FPS-1' },
    currency: 'EUR',
    claims: claims.map((c, i) => ({
      id: `c${i}`,
      issueDate: c.issue,
      dueDate: addDays(c.issue, c.termDays),
      principal: money(c.amount, 'EUR'),
      terms: { damagesClause: c.clause ? { reciprocal: true } : undefined, interestClause: {} },
    })),
    communications: reminders.map((r) => ({
      kind: 'first_reminder' as const,
      channel: r.channel,
      sentAt: instantAt(r.date, 600, TZ[country]),
      sender: 'creditor' as const,
      complete: true,
    })),
    payments: payments.map((p) => ({ receivedOn: p.date, amount: money(p.amount, 'EUR') })),
  }));

const stopsOn = (decisionDate: string): LegalStops => ({ collectiveSettlement: { decisionDate, reference: 'RCD 24/123' } });

describe('collective debt settlement', () => {
  it('refuses every step and every charge on and after the decision date, citing the rule', () => {
    fc.assert(
      fc.property(
        caseArb,
        dateArb,
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 24 * 60 - 1 }),
        fc.constantFrom(...STEPS),
        (c, decision, after, minute, step) => {
          const now = instantAt(addDays(decision, after), minute, TZ[c.debtor.country]);
          const a = assessUnderStops(c, stopsOn(decision), { now, step });
          expect(a.allowed).toBe(false);
          expect(a.rule).toBe(c.debtor.country === 'BE' ? 'BE-S-1' : 'NL-S-1');
          expect(a.source).toMatch(c.debtor.country === 'BE' ? /1675\/7/ : /Faillissementswet/);
          expect(a.earliestAt).toBeUndefined();
          expect(a.maxCharge).toBeUndefined();
        },
      ),
      RUNS,
    );
  });

  it('before the decision date, never says a step becomes allowed on or after it', () => {
    fc.assert(
      fc.property(caseArb, dateArb, fc.integer({ min: 1, max: 200 }), fc.constantFrom(...STEPS), (c, decision, before, step) => {
        const now = instantAt(addDays(decision, -before), 600, TZ[c.debtor.country]);
        const a = assessUnderStops(c, stopsOn(decision), { now, step });
        if (a.earliestAt) expect(a.earliestAt < instantAt(decision, 0, TZ[c.debtor.country])).toBe(true);
      }),
      RUNS,
    );
  });

  it('stops interest and charges at the decision date: later statements add none, payments still count', () => {
    fc.assert(
      fc.property(caseArb, dateArb, fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (c, decision, a, b) => {
        const stops = stopsOn(decision);
        const [x, y] = a < b ? [a, b] : [b, a];
        const early = statementUnderStops(c, stops, addDays(decision, x));
        const late = statementUnderStops(c, stops, addDays(decision, y));
        const atDecision = statement({ ...c, payments: (c.payments ?? []).filter((p) => p.receivedOn < decision) }, decision);
        expect(late.charged.interest.amountMinor).toBe(atDecision.charged.interest.amountMinor);
        expect(early.charged.interest.amountMinor).toBe(late.charged.interest.amountMinor);
        expect(late.charged.damages.amountMinor <= atDecision.charged.damages.amountMinor).toBe(true);
        expect(
          late.lines
            .filter((l) => l.kind !== 'payment' && l.kind !== 'principal')
            .every((l) => (l.date ?? '') < decision || l.kind === 'interest'),
        ).toBe(true);
        expect(late.interestLines.every((l) => l.through < decision)).toBe(true);
        // Everything still claimable is what was charged less what was paid to it, never below zero.
        expect(late.total.amountMinor).toBe(late.principal.amountMinor + late.interest.amountMinor + late.damages.amountMinor);
        expect(late.total.amountMinor <= early.total.amountMinor).toBe(true);
        expect(late.total.amountMinor >= 0n).toBe(true);
      }),
      RUNS,
    );
  });

  it('a Belgian consumer case: the first reminder is refused from the decision date, interest frozen at it', () => {
    const c = beConsumerCase();
    const stops = stopsOn('2025-02-01');
    expect(assessUnderStops(c, stops, { now: brussels('2025-01-31', 23, 59), step: 'charge_interest' }).allowed).toBe(true);
    const refused = assessUnderStops(c, stops, { now: brussels('2025-02-01', 0, 0), step: 'charge_interest' });
    expect(refused).toMatchObject({ allowed: false, rule: 'BE-S-1' });
    expect(refused.reason).toContain('RCD 24/123');
    const frozen = statementUnderStops(c, stops, '2025-06-30');
    expect(frozen.interest).toEqual(statement(c, '2025-02-01').interest);
    expect(frozen.interest.amountMinor).toBeGreaterThan(0n);
    expect(statement(c, '2025-06-30').interest.amountMinor).toBeGreaterThan(frozen.interest.amountMinor);
    expect(frozen.notes.join(' ')).toContain('BE-S-2');
    const step = assessStepUnderStops(c, stops, { now: brussels('2025-06-30'), step: 'reminder' });
    expect(step.decision.rule).toBe('BE-S-1');
    expect(step.statement.interest).toEqual(frozen.interest);
  });

  it('without a settlement, the engine answers as before', () => {
    const c = beConsumerCase();
    const now = brussels('2025-03-01');
    expect(assessUnderStops(c, {}, { now, step: 'charge_damages' }).allowed).toBe(true);
    expect(statementUnderStops(c, null, '2025-03-01')).toEqual(statement(c, '2025-03-01'));
  });
});

describe('costs stop (debt counselling under a client policy)', () => {
  const stops: LegalStops = {
    costsStop: { from: '2025-02-01', rule: 'CARE-COUNSELLOR', source: 'client policy', reason: 'a debt counsellor acts for the debtor' },
  };
  it('refuses the charges from its day, not the other steps, and freezes the statement there', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 300 }), fc.constantFrom(...STEPS), (c, after, step) => {
        const now = instantAt(addDays('2025-02-01', after), 600, TZ[c.debtor.country]);
        const a = assessUnderStops(c, stops, { now, step });
        if (step === 'charge_damages' || step === 'charge_interest') expect(a).toMatchObject({ allowed: false, rule: 'CARE-COUNSELLOR' });
        else expect(a.rule).not.toBe('CARE-COUNSELLOR');
        const st = statementUnderStops(c, stops, addDays('2025-02-01', after));
        expect(st.interestLines.every((l) => l.through < '2025-02-01')).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('assessJsonUnderStops', () => {
  it('answers as assessJson without stops, and refuses every step with them, the statement frozen', () => {
    const c = beConsumerCase();
    const json = {
      now: brussels('2025-06-30'),
      debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
      collector: { kind: 'agency', registrationNumber: 'FPS-2024-0001' },
      currency: 'EUR',
      claims: [
        {
          id: 'c1',
          number: 'INV-1',
          issueDate: '2024-11-15',
          dueDate: '2024-12-15',
          principal: '400.00',
          terms: { damagesClause: { reciprocal: true }, interestClause: {} },
        },
      ],
      communications: [{ kind: 'first_reminder', channel: 'letter', sentAt: brussels('2024-12-20'), sender: 'creditor', complete: true }],
    };
    const plain = assessJsonUnderStops(json, {});
    expect(plain.ok).toBe(true);
    const stopped = assessJsonUnderStops(json, stopsOn('2025-02-01'));
    if (!stopped.ok || !plain.ok) throw new Error('not ok');
    const decisions = stopped.result.decisions as { allowed: boolean; rule: string }[];
    expect(decisions.length).toBe(STEPS.length);
    expect(decisions.every((d) => !d.allowed && d.rule === 'BE-S-1')).toBe(true);
    const interest = (r: Record<string, unknown>) => (r.statement as { interest: { amountMinor: string } }).interest.amountMinor;
    expect(interest(stopped.result)).toBe(statement(c, '2025-02-01').interest.amountMinor.toString());
    expect(BigInt(interest(plain.result))).toBeGreaterThan(BigInt(interest(stopped.result)));
  });
});
