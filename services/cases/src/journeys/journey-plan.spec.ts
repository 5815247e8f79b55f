import fc from 'fast-check';
import { assessJson, type Step } from '@amicus/legal';
import { assessmentView, caseJsonOf, type CaseFacts } from '../assessment/case-assessment';
import { lawOn } from './journey-plan';

/** What the scheduler asked before it used the typed entry: assessJson, read through the API's view. */
function throughJson(json: Record<string, unknown>, legalStep: Step | null) {
  const r = assessJson({ ...json, channel: 'letter' });
  if (!r.ok) return { allowed: false, rule: 'CASE' };
  const view = assessmentView(r.result);
  const d = view.decisions[0];
  const st = view.statement;
  return {
    ...(legalStep && d
      ? { allowed: d.allowed, rule: d.rule, source: d.source, reason: d.reason, earliestAt: d.earliestAt }
      : { allowed: true, rule: 'SCENARIO' }),
    amounts: [st.principalMinor, st.interestMinor, st.damagesMinor, st.paidMinor, st.totalMinor, st.currency],
  };
}

const facts = fc.record({
  kind: fc.constantFrom('consumer', 'business'),
  country: fc.constantFrom('BE', 'NL'),
  claims: fc.array(
    fc.record({
      issue: fc.integer({ min: 0, max: 600 }),
      term: fc.integer({ min: 0, max: 60 }),
      principal: fc.bigInt({ min: 1n, max: 2_000_000n }),
      interestClause: fc.boolean(),
      damagesClause: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  reminded: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }),
});

const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

describe('the scheduler’s legal question', () => {
  it('answers through the typed entry exactly what assessJson answers, amounts included', () => {
    fc.assert(
      fc.property(facts, fc.constantFrom<Step | null>('first_reminder', 'formal_notice', 'reminder', null), (f, step) => {
        const now = '2025-11-04T08:00:00.000Z';
        const caseFacts: CaseFacts = {
          debtor: { kind: f.kind, country: f.country, timeZone: 'Europe/Brussels' },
          client: { sme: false },
          agencyRegistration: '0123.456.789',
          currency: 'EUR',
          paidMinor: 0n,
          history: f.reminded
            ? [
                {
                  id: 'h1',
                  caseId: 'c',
                  kind: 'first_reminder',
                  channel: 'letter',
                  at: `${day(640 - f.reminded)}T09:00:00.000Z`,
                  complete: true,
                },
              ]
            : [],
          claims: f.claims.map((c, i) => ({
            id: `claim-${i}`,
            invoiceNumber: `INV-${i}`,
            issueDate: day(c.issue),
            dueDate: day(c.issue + c.term),
            principalMinor: c.principal,
            currency: 'EUR',
            interestClause: c.interestClause,
            damagesClause: c.damagesClause,
            firstReminderSentOn: null,
            status: 'open',
          })),
        };
        const json = caseJsonOf(caseFacts, now, step);
        const typed = lawOn(json, step, 'letter', {} as Parameters<typeof lawOn>[3]); // the shipped tables
        const expected = throughJson(json, step);
        const a = typed.amounts!;
        expect({
          ...(step ? typed.answer : { allowed: typed.answer.allowed, rule: typed.answer.rule }),
          amounts: [a.principalMinor, a.interestMinor, a.damagesMinor, a.paidMinor, a.totalMinor, a.currency],
        }).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
