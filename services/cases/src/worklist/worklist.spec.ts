import fc from 'fast-check';
import { orderWorklist, priorityScore, priorityWeights, storedPriorityScore, type ContactOutcome, type WorklistEntry } from './worklist';

const now = new Date('2024-06-03T10:00:00Z');
const entry = (caseId: string, changes: Partial<WorklistEntry> = {}): WorklistEntry => ({
  caseId,
  openAmount: { amountMinor: 100_000n, currency: 'EUR' },
  oldestDueDate: '2024-03-01',
  brokenPromises: 0,
  ...changes,
});
const score = (changes: Partial<WorklistEntry>) => priorityScore(entry('c', changes), '2024-06-03');

describe('priorityScore', () => {
  it('follows the documented formula', () => {
    // €1 000 open, 94 days overdue, one broken promise, no answer last time.
    const expected = Math.round(2000 * Math.log10(1001)) + 20 * 94 + 3000 + 1000;
    expect(score({ brokenPromises: 1, lastContactOutcome: 'no_answer' })).toBe(expected);
  });

  it('grows with the open amount, on a log scale', () => {
    const small = score({ openAmount: { amountMinor: 10_000n, currency: 'EUR' } });
    const large = score({ openAmount: { amountMinor: 1_000_000n, currency: 'EUR' } });
    expect(large - small).toBe(Math.round(2000 * Math.log10(10_001)) - Math.round(2000 * Math.log10(101)));
    expect(score({ openAmount: { amountMinor: 1000n, currency: 'JPY' } })).toBe(
      score({ openAmount: { amountMinor: 100_000n, currency: 'EUR' } }),
    );
  });

  it('grows with age and with broken promises up to three', () => {
    expect(score({ oldestDueDate: '2024-01-01' })).toBeGreaterThan(score({ oldestDueDate: '2024-05-01' }));
    expect(score({ brokenPromises: 2 }) - score({ brokenPromises: 1 })).toBe(priorityWeights.brokenPromise);
    expect(score({ brokenPromises: 9 })).toBe(score({ brokenPromises: 3 }));
  });

  it('ranks a requested call-back above no contact and a dispute below', () => {
    const outcomes: (ContactOutcome | undefined)[] = ['call_back_requested', undefined, 'promise_to_pay', 'disputed'];
    const scores = outcomes.map((lastContactOutcome) => score({ lastContactOutcome }));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});

describe('orderWorklist', () => {
  it('puts due actions first, then the highest score, then the case id', () => {
    const entries = [
      entry('d', { openAmount: { amountMinor: 1_000n, currency: 'EUR' } }),
      entry('c'),
      entry('b'),
      entry('a', { openAmount: { amountMinor: 99_000_000n, currency: 'EUR' } }),
      entry('e', { nextActionAt: new Date('2024-06-03T09:00:00Z'), openAmount: { amountMinor: 500n, currency: 'EUR' } }),
      entry('f', { nextActionAt: new Date('2024-06-03T11:00:00Z') }),
    ];
    expect(orderWorklist(entries, now).map((e) => e.caseId)).toEqual(['e', 'a', 'b', 'c', 'f', 'd']);
  });

  it('orders by the stored score exactly as by the score of any day', () => {
    const entryArb = fc.record({
      caseId: fc.uuid(),
      openAmount: fc.record({ amountMinor: fc.bigInt({ min: 0n, max: 10n ** 10n }), currency: fc.constantFrom('EUR', 'JPY') }),
      oldestDueDate: fc
        .date({ min: new Date('2015-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      brokenPromises: fc.nat({ max: 6 }),
      lastContactOutcome: fc.option(fc.constantFrom(...(Object.keys(priorityWeights.lastContactOutcome) as ContactOutcome[])), {
        nil: undefined,
      }),
    });
    const dayArb = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(entryArb, entryArb, dayArb, (a, b, today) => {
        expect(Math.sign(storedPriorityScore(a) - storedPriorityScore(b))).toBe(
          Math.sign(priorityScore(a, today) - priorityScore(b, today)),
        );
        expect(Number.isSafeInteger(storedPriorityScore(a))).toBe(true);
      }),
    );
  });
});
