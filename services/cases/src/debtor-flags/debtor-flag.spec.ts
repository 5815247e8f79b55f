import { DomainError } from '@amicus/errors';
import { mayGoOn } from '../journeys/journey';
import { careOf, escalationStopsOf, legalStopsOf, removeFlag, setFlag, type FlagContext } from './debtor-flag';
import { parseSettlements } from './settlement-register';

const ctx = (over: Partial<FlagContext> = {}): FlagContext => ({
  actor: { kind: 'agent', id: 'agent-1' },
  source: 'agent',
  at: new Date('2025-03-01T10:00:00Z'),
  today: '2025-03-01',
  debtor: { id: 'd1', clientId: 'c1', country: 'BE' },
  caseId: 'case-1',
  flagId: 'f1',
  ...over,
});
const problems = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).problems.map((p) => p.field);
  }
  return [];
};

describe('debtor flags', () => {
  it('a collective settlement needs its decision date, not after today, and evidence; it records who set it', () => {
    expect(problems(() => setFlag([], { kind: 'collective_settlement', evidence: ' ' }, ctx()))).toEqual(['evidence', 'decisionDate']);
    expect(problems(() => setFlag([], { kind: 'collective_settlement', decisionDate: '2025-03-02', evidence: 'court' }, ctx()))).toEqual([
      'decisionDate',
    ]);
    expect(problems(() => setFlag([], { kind: 'hardship', decisionDate: '2025-03-01', evidence: 'call' }, ctx()))).toEqual([
      'decisionDate',
    ]);
    expect(problems(() => setFlag([], { kind: 'debt_counselling', evidence: 'letter' }, ctx()))).toEqual(['contact']);
    expect(problems(() => setFlag([], { kind: 'hardship', evidence: 'x' }, ctx({ source: 'register' })))).toEqual(['kind']);
    const f = setFlag(
      [],
      { kind: 'collective_settlement', decisionDate: '2025-02-01', reference: 'RCD 1', evidence: 'decision of the labour court' },
      ctx(),
    );
    expect(f).toMatchObject({
      status: 'active',
      country: 'BE',
      source: 'agent',
      setBy: { kind: 'agent', id: 'agent-1' },
      setOnCaseId: 'case-1',
    });
    expect(() => setFlag([f], { kind: 'collective_settlement', decisionDate: '2025-02-01', evidence: 'again' }, ctx())).toThrow(
      /already flagged/,
    );
    expect(() => setFlag([], { kind: 'hardship', evidence: 'x' }, ctx({ actor: { kind: 'legal_staff', id: 'l' } }))).toThrow(/legal staff/);
  });

  it('stops the journey from the decision date, and removing the flag lets it go on', () => {
    const f = setFlag([], { kind: 'collective_settlement', decisionDate: '2025-02-01', evidence: 'decision' }, ctx());
    const base = { phase: 'amicable' as const, holdUntil: null, openMinor: 100n };
    expect(careOf([f], '2025-01-31')).toBeNull();
    const care = careOf([f], '2025-02-01');
    expect(mayGoOn({ ...base, care }, '2025-02-01', 'Europe/Brussels')).toMatchObject({ goOn: false, until: null, review: false });
    expect(care?.reason).toContain('BE-S-1');
    const removed = removeFlag(f, { reason: 'the settlement ended' }, { kind: 'agent', id: 'a' }, new Date('2025-06-01T00:00:00Z'));
    expect(removed).toMatchObject({ status: 'removed', removalReason: 'the settlement ended', removedBy: { kind: 'agent', id: 'a' } });
    expect(mayGoOn({ ...base, care: careOf([removed], '2025-06-01') }, '2025-06-01', 'Europe/Brussels')).toEqual({ goOn: true });
    expect(() => removeFlag(f, { reason: ' ' }, { kind: 'agent', id: 'a' }, new Date())).toThrow(/reason/);
  });

  it('hardship, death and counselling are a review for an agent; the settlement and death are legal stops for escalation', () => {
    const h = setFlag([], { kind: 'hardship', evidence: 'the debtor lost their job' }, ctx());
    expect(careOf([h], '2025-03-01')).toMatchObject({ review: true });
    const c = setFlag(
      [],
      { kind: 'debt_counselling', contact: { name: 'OCMW Gent', email: 'schuld@ocmw.example' }, evidence: 'letter' },
      ctx(),
    );
    expect(careOf([c], '2025-03-01')?.reason).toContain('OCMW Gent');
    expect(legalStopsOf([c]).costsStop).toMatchObject({ from: '2025-03-01', rule: 'CARE-COUNSELLOR' });
    expect(legalStopsOf([c], false)).toEqual({});
    const s = setFlag([], { kind: 'collective_settlement', decisionDate: '2025-02-01', country: 'NL', evidence: 'vonnis' }, ctx());
    expect(escalationStopsOf([s, h], '2025-03-01')).toEqual([
      expect.objectContaining({ kind: 'collective debt settlement', since: '2025-02-01' }),
    ]);
    expect(escalationStopsOf([s], '2025-03-01')[0]!.source).toMatch(/Faillissementswet/);
  });

  it("refuses a register's answer that does not follow the protocol, naming the field", () => {
    expect(() =>
      parseSettlements({ settlements: [{ reference: 'R', country: 'BE', status: 'admitted', decisionDate: '1-2-2025' }] }),
    ).toThrow(/settlements\[0\]\.decisionDate is not a date/);
    expect(() => parseSettlements({})).toThrow(/settlements is not a list/);
  });
});
