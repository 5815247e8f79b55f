import type { CallLoggedV1, CommunicationSentV1 } from '@amicus/events';
import { contactOfCall, contactOfCommunication, legalCommunications } from './contact-history';

const sent = (over: Partial<CommunicationSentV1>): CommunicationSentV1 => ({
  communicationId: 'm1',
  requestId: null,
  caseId: 'k1',
  clientId: 'c1',
  channel: 'letter',
  kind: 'formal_notice',
  language: 'nl',
  templateVersionId: 'v1',
  recipient: 'Kerkstraat 1, 9000 Gent',
  sentAt: '2025-01-10T09:00:00.000Z',
  providerMessageId: null,
  ...over,
});

describe('contact history', () => {
  it('keeps a formal notice by letter as a complete formal notice', () => {
    expect(contactOfCommunication(sent({}))).toEqual({
      id: 'm1',
      caseId: 'k1',
      kind: 'formal_notice',
      channel: 'letter',
      at: '2025-01-10T09:00:00.000Z',
      complete: true,
    });
  });

  it('counts other messages as contacts, registered e-mail as e-mail, and an SMS reminder as incomplete', () => {
    expect(contactOfCommunication(sent({ kind: 'payment_receipt', channel: 'registered_email' }))).toMatchObject({
      kind: 'contact',
      channel: 'email',
      complete: true,
    });
    expect(contactOfCommunication(sent({ kind: 'reminder', channel: 'sms' }))).toMatchObject({
      kind: 'reminder',
      channel: 'sms',
      complete: false,
    });
  });

  it('counts the agent’s calls, not the debtor’s', () => {
    const call: CallLoggedV1 = {
      callId: 'call1',
      caseId: 'k1',
      clientId: 'c1',
      agentId: 'a1',
      number: '+32470123456',
      direction: 'outbound',
      outcome: 'no_answer',
      at: '2025-01-11T10:00:00.000Z',
      promise: null,
      callBackAt: null,
      note: null,
    };
    expect(contactOfCall(call)).toMatchObject({ kind: 'contact', channel: 'phone' });
    expect(contactOfCall({ ...call, direction: 'inbound' })).toBeNull();
  });

  it('hands the history to the legal engine as the agency’s communications', () => {
    expect(legalCommunications([contactOfCommunication(sent({}))], ['cl1'])).toEqual([
      { kind: 'formal_notice', channel: 'letter', sentAt: '2025-01-10T09:00:00.000Z', sender: 'agency', claimIds: ['cl1'], complete: true },
    ]);
  });
});
