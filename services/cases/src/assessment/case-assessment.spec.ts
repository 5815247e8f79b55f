import { assessJson } from '@amicus/legal';
import { assessmentView, caseJsonOf, type CaseFacts } from './case-assessment';

const facts: CaseFacts = {
  debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
  client: { sme: false },
  agencyRegistration: 'FPS-ECO-2024-0117',
  currency: 'EUR',
  paidMinor: 0n,
  history: [],
  claims: [
    {
      id: 'c1',
      invoiceNumber: 'INV-1',
      issueDate: '2024-11-15',
      dueDate: '2024-12-15',
      principalMinor: 40000n,
      currency: 'EUR',
      interestClause: true,
      damagesClause: true,
      firstReminderSentOn: '2024-12-20',
      status: 'open',
    },
    {
      id: 'c2',
      invoiceNumber: 'INV-2',
      issueDate: '2024-11-15',
      dueDate: '2024-12-15',
      principalMinor: 1000n,
      currency: 'EUR',
      interestClause: false,
      damagesClause: false,
      firstReminderSentOn: null,
      status: 'recalled',
    },
  ],
};

describe('caseJsonOf', () => {
  it('gives the legal engine the open claims and the client’s first reminder', () => {
    const json = caseJsonOf(facts, '2025-02-10T09:30:00Z', 'charge_damages');
    expect(json.claims).toEqual([
      expect.objectContaining({ id: 'c1', principal: '400.00', terms: { interestClause: {}, damagesClause: { reciprocal: true } } }),
    ]);
    expect(json.communications).toEqual([expect.objectContaining({ kind: 'first_reminder', sender: 'creditor', claimIds: ['c1'] })]);
  });

  it('judges the case with the agency’s own contacts: a formal notice sent makes a call possible', () => {
    const decide = (f: CaseFacts) => {
      const result = assessJson(caseJsonOf(f, '2025-02-10T09:30:00+01:00', 'phone_call'));
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return assessmentView(result.result).decisions[0];
    };
    const without = decide(facts);
    expect(without).toMatchObject({ allowed: false, rule: 'BE-A-2' });
    const notice = {
      id: 'm1',
      caseId: 'k1',
      kind: 'formal_notice' as const,
      channel: 'letter' as const,
      at: '2025-01-10T09:00:00.000Z',
      complete: true,
    };
    expect(decide({ ...facts, history: [notice] })).toMatchObject({ allowed: true });
  });

  it('is accepted by the engine and answers with a rule, a source and statement lines', () => {
    const result = assessJson(caseJsonOf(facts, '2025-02-10T09:30:00Z', 'charge_damages'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const view = assessmentView(result.result);
    expect(view.decisions).toHaveLength(1);
    expect(view.decisions[0]).toMatchObject({ step: 'charge_damages', rule: expect.stringMatching(/^BE-/), source: expect.any(String) });
    expect(view.statement.principalMinor).toBe('40000');
    expect(view.statement.lines.length).toBeGreaterThan(0);
  });
});
