import { instructionOf, type AuditFact } from './instruction';

const entry = (over: Partial<AuditFact>): AuditFact => ({
  actorKind: 'client',
  actorId: 'user-1',
  at: '2025-03-03T10:00:00.000Z',
  action: 'hold',
  reason: 'talking to the debtor',
  before: null,
  after: {},
  ...over,
});

describe('instructionOf', () => {
  it('reads the client’s hold with its end date, its release, recall and write-off', () => {
    expect(instructionOf(entry({ after: { hold: { until: '2025-04-01', reason: 'x' } } }))).toMatchObject({
      kind: 'hold',
      until: '2025-04-01',
      by: 'client:user-1',
      reason: 'talking to the debtor',
    });
    expect(instructionOf(entry({ action: 'release_hold' }))?.kind).toBe('release');
    expect(instructionOf(entry({ action: 'recall_case' }))?.kind).toBe('recall');
    expect(instructionOf(entry({ action: 'write_off', actorKind: 'admin' }))).toMatchObject({ kind: 'write_off', by: 'admin:user-1' });
  });

  it('names the claim a claim recall took back', () => {
    const i = instructionOf(entry({ action: 'recall_claim', before: { openClaimIds: ['a', 'b'] }, after: { openClaimIds: ['a'] } }));
    expect(i).toMatchObject({ kind: 'recall', referenceId: 'b' });
  });

  it('reads the client’s settlement and escalation decisions with what they were about', () => {
    expect(instructionOf(entry({ action: 'settlement_decided', after: { settlementId: 's-1', status: 'declined' } }))).toMatchObject({
      kind: 'settlement_declined',
      referenceId: 's-1',
    });
    expect(instructionOf(entry({ action: 'settlement_decided', after: { settlementId: 's-1', status: 'accepted' } }))?.kind).toBe(
      'settlement_accepted',
    );
    expect(instructionOf(entry({ action: 'escalation_approved', after: { escalationId: 'e-1' } }))).toMatchObject({
      kind: 'escalation_approved',
      referenceId: 'e-1',
    });
  });

  it('an agent’s hold is the agency’s own, not the client’s instruction; other entries are none', () => {
    expect(instructionOf(entry({ actorKind: 'agent' }))).toBeNull();
    expect(instructionOf(entry({ actorKind: 'admin' }))).toBeNull();
    expect(instructionOf(entry({ action: 'write_off', actorKind: 'agent' }))).toBeNull();
    expect(instructionOf(entry({ action: 'note' }))).toBeNull();
  });
});
