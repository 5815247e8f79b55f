import fc from 'fast-check';
import type { CallLoggedV1, CommunicationCancelledV1, CommunicationFailedV1 } from '@amicus/events';
import { reactionToCall, reactionToCancel, reactionToDisputeResolved, reactionToFailure } from './reactions';

const call = (outcome: CallLoggedV1['outcome'], extra: Partial<CallLoggedV1> = {}): CallLoggedV1 => ({
  callId: 'call-1',
  caseId: 'case-1',
  clientId: 'client-1',
  agentId: 'agent-1',
  number: '+32470123456',
  direction: 'outbound',
  outcome,
  at: '2025-03-03T10:00:00.000Z',
  promise: null,
  callBackAt: null,
  note: null,
  ...extra,
});

const failure = (
  channel: CommunicationFailedV1['channel'],
  fallbackChannel: CommunicationFailedV1['fallbackChannel'] = null,
): CommunicationFailedV1 => ({
  communicationId: 'comm-1',
  requestId: 'req-1',
  caseId: 'case-1',
  channel,
  reason: 'mailbox unavailable',
  bounced: true,
  failedAt: '2025-03-03T10:00:00.000Z',
  fallbackChannel,
});

describe('a call’s outcome on the journey', () => {
  it('waits after a promise until the start of the day after the promised date, in the agency’s zone', () => {
    const e = reactionToCall(
      call('promise_to_pay', { promise: { amountMinor: '40000', currency: 'EUR', dueDate: '2025-03-20' } }),
      'Europe/Brussels',
    );
    expect(e).toMatchObject({ kind: 'promise', reacted: true, waitUntil: '2025-03-20T23:00:00.000Z' });
    expect(e.reason).toContain('2025-03-20');
  });

  it('counts a dispute as a reaction (its dispute makes the journey wait), asks for research on a wrong number, counts an answer, and leaves no answer alone', () => {
    const dispute = reactionToCall(call('dispute_raised'), 'Europe/Brussels');
    expect(dispute).toMatchObject({ kind: 'dispute', reacted: true });
    expect(dispute.review).toBeUndefined();
    expect(reactionToCall(call('wrong_number'), 'Europe/Brussels')).toMatchObject({
      kind: 'research_phone',
      agentsFrom: '2025-03-03T10:00:00.000Z',
    });
    expect(reactionToCall(call('wrong_number'), 'Europe/Brussels').reacted).toBeUndefined();
    expect(reactionToCall(call('reached'), 'Europe/Brussels')).toMatchObject({ kind: 'answered', reacted: true });
    const none = reactionToCall(call('no_answer'), 'Europe/Brussels');
    expect(none).toEqual({ kind: 'no_answer', reason: 'no answer on a call' });
    expect(reactionToCall(call('call_back', { callBackAt: '2025-03-04T08:00:00.000Z' }), 'Europe/Brussels')).toMatchObject({
      kind: 'call_back',
      agentsFrom: '2025-03-04T08:00:00.000Z',
    });
  });

  it('a promise always waits past its own date, whatever the date and zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true }),
        fc.constantFrom('Europe/Brussels', 'Europe/Amsterdam', 'Europe/Luxembourg', 'UTC'),
        (d, zone) => {
          const dueDate = d.toISOString().slice(0, 10);
          const e = reactionToCall(call('promise_to_pay', { promise: { amountMinor: '1', currency: 'EUR', dueDate } }), zone);
          const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
            new Date(e.waitUntil!),
          );
          return local > dueDate && Date.parse(e.waitUntil!) - Date.parse(`${dueDate}T00:00:00Z`) <= 2 * 86_400_000;
        },
      ),
    );
  });
});

describe('a failed send on the journey', () => {
  it('is no reaction when communications fell back to another channel', () => {
    expect(reactionToFailure(failure('email', 'letter'))).toBeNull();
  });

  it('resends an e-mail, a text or a WhatsApp by letter, and asks for the address when a letter comes back', () => {
    for (const channel of ['email', 'sms', 'whatsapp', 'registered_email'] as const)
      expect(reactionToFailure(failure(channel))).toMatchObject({ kind: 'resend_by_letter', resendOn: 'letter' });
    expect(reactionToFailure(failure('letter'))).toMatchObject({ kind: 'research_address', agentsFrom: '2025-03-03T10:00:00.000Z' });
    expect(reactionToFailure(failure('letter'))!.resendOn).toBeUndefined();
  });
});

describe('a send communications cancelled', () => {
  const cancelled = (code: string, channel: CommunicationCancelledV1['channel'], rule: string | null = null): CommunicationCancelledV1 => ({
    communicationId: 'comm-1',
    requestId: 'req-1',
    caseId: 'case-1',
    clientId: 'client-1',
    kind: 'reminder',
    channel,
    code,
    reason: 'why',
    rule,
    cancelledAt: '2025-03-03T10:00:00.000Z',
  });

  it('wakes a journey when a dispute is resolved', () => {
    expect(reactionToDisputeResolved('rejected')).toEqual({
      kind: 'dispute_resolved',
      reason: 'a dispute was resolved (rejected)',
      wake: true,
    });
  });

  it('leaves to the journey’s own gate what the case’s standing explains', () => {
    for (const code of ['case_closed', 'claims_recalled', 'claim_recalled', 'on_hold', 'past_due', 'dispute_open', 'payment_plan_kept'])
      expect(reactionToCancel(cancelled(code, 'email'))).toBeNull();
  });

  it('resends by letter what cannot reach the debtor on its channel, asks for the address when a letter cannot go, and a review on a legal refusal', () => {
    for (const code of ['opted_out', 'no_contact', 'no_usable_channel']) {
      expect(reactionToCancel(cancelled(code, 'sms'))).toMatchObject({ kind: 'resend_by_letter', resendOn: 'letter' });
      expect(reactionToCancel(cancelled(code, 'letter'))).toMatchObject({
        kind: 'research_address',
        agentsFrom: '2025-03-03T10:00:00.000Z',
      });
    }
    const legal = reactionToCancel(cancelled('legally_refused', 'email', 'BE-C-6'))!;
    expect(legal).toMatchObject({ kind: 'legally_refused', review: true });
    expect(legal.reason).toContain('BE-C-6');
  });
});
