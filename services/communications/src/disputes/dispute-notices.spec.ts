import { acknowledgementOf } from './dispute-notices';

describe('the acknowledgement of a dispute', () => {
  it('asks for the dispute acknowledgement on the debtor’s preferred channel, without amounts, under the dispute’s own id', () => {
    const disputeId = '0193c0de-0000-7000-8000-000000000001';
    const caseId = '0193c0de-0000-7000-8000-000000000002';
    const raised = {
      disputeId,
      caseId,
      clientId: '0193c0de-0000-7000-8000-000000000003',
      brandId: '0193c0de-0000-7000-8000-000000000004',
      claims: [{ claimId: '0193c0de-0000-7000-8000-000000000005', invoiceNumber: 'INV-1', openMinor: '40000' }],
      currency: 'EUR',
      reason: 'poor_quality' as const,
      text: null,
      raisedBy: 'debtor' as const,
      channel: 'phone' as const,
      answerDueOn: '2025-02-24',
      language: 'fr',
      actor: 'agent:a-1',
    };
    expect(acknowledgementOf(raised, 'corr-1')).toEqual({
      requestId: disputeId,
      caseId,
      kind: 'dispute_acknowledgement',
      channel: 'preferred',
      requestedBy: `dispute:${disputeId}`,
      amounts: null,
      correlationId: 'corr-1',
    });
  });
});
