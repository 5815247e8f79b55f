import { instantAt } from '@amicus/calendar';
import type { CallLoggedV1, CommunicationSentV2 } from '@amicus/events';
import { assess, type CaseInput } from '@amicus/legal';
import { parseMoney } from '@amicus/money';
import { contactOfCall, contactOfCommunication, legalCommunications } from './contact-history';

const sent = (over: Partial<CommunicationSentV2>): CommunicationSentV2 => ({
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

  it('keeps a pre-due reminder as a contact, not as a reminder', () => {
    expect(contactOfCommunication(sent({ kind: 'pre_due_reminder', channel: 'email' }))).toMatchObject({
      kind: 'contact',
      channel: 'email',
    });
  });

  describe('a pre-due reminder, as the legal engine judges the case after it', () => {
    const brussels = (date: string, hh = 10) => instantAt(date, hh * 60, 'Europe/Brussels');
    // Due Sun 15 Dec 2024; the friendly reminder went by e-mail five days before.
    const beConsumer = (history: CommunicationSentV2[]): CaseInput => ({
      debtor: { kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels' },
      collector: { kind: 'agency', registrationNumber: 'FPS-2024-0001' },
      currency: 'EUR',
      claims: [
        {
          id: 'cl1',
          issueDate: '2024-11-15',
          dueDate: '2024-12-15',
          principal: parseMoney('400.00', 'EUR'),
          terms: { damagesClause: { reciprocal: true }, interestClause: {} },
        },
      ],
      communications: legalCommunications(history.map(contactOfCommunication), ['cl1']).map((c) => ({ ...c, sender: 'agency' as const })),
      payments: [],
    });
    const preDue = sent({ kind: 'pre_due_reminder', channel: 'email', sentAt: brussels('2024-12-10') });

    it('leaves the free first reminder still to be sent, free (BE-C-1)', () => {
      const a = assess(beConsumer([preDue]), { now: brussels('2024-12-20'), step: 'first_reminder', channel: 'email' });
      expect(a.allowed).toBe(true);
      expect(a.maxCharge?.amountMinor).toBe(0n);
    });

    it('starts no BE-C-4 term: no damages and no interest a month after it, with no first reminder sent', () => {
      for (const step of ['charge_damages', 'charge_interest'] as const) {
        const a = assess(beConsumer([preDue]), { now: brussels('2025-01-20'), step });
        expect([step, a.allowed, a.rule]).toEqual([step, false, 'BE-C-1']);
      }
    });

    it('lets the term run from the first reminder sent after it', () => {
      const first = sent({ communicationId: 'm2', kind: 'first_reminder', channel: 'email', sentAt: brussels('2024-12-18') });
      // E-mail on Wed 18 Dec: the term runs Thu 19 Dec – Wed 1 Jan; charges from Thu 2 Jan 2025.
      expect(assess(beConsumer([preDue, first]), { now: brussels('2025-01-01', 12), step: 'charge_damages' }).rule).toBe('BE-C-4');
      expect(assess(beConsumer([preDue, first]), { now: brussels('2025-01-02', 12), step: 'charge_damages' }).allowed).toBe(true);
    });
  });

  it('hands the history to the legal engine as the agency’s communications', () => {
    expect(legalCommunications([contactOfCommunication(sent({}))], ['cl1'])).toEqual([
      { kind: 'formal_notice', channel: 'letter', sentAt: '2025-01-10T09:00:00.000Z', sender: 'agency', claimIds: ['cl1'], complete: true },
    ]);
  });
});
