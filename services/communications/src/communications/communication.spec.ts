import { CommunicationCancelledV2, createEvent } from '@amicus/events';
import { recalledClaimRefusal } from '../contact-rules/contact-rules';
import { cancellationOf, legalContactCheck, templateChannelOf } from './communication';

describe('a cancellation, as CommunicationCancelled says it', () => {
  const c = {
    id: '0b8f3c8e-5d43-4c3b-9a43-0c7f1a6a0f10',
    requestId: 'req-1',
    caseId: '7e0b6c6a-3f3c-4bd4-8f2d-2f8f8a9e1c11',
    clientId: '6f1c2f4e-0a7b-4d8e-9b1a-3c5d7e9f1a2b',
    kind: 'pre_due_reminder' as const,
    channel: null,
    requestedChannel: 'preferred' as const,
  };
  const at = new Date('2025-03-06T08:00:00Z');

  it('names the communication, its request, why (code, reason, rule) and when', () => {
    const refusal = { code: 'case_closed' as const, reason: 'the case is closed (paid)', rule: 'AMICUS-CLOSED' };
    expect(cancellationOf(c, refusal, at)).toEqual({
      communicationId: c.id,
      requestId: 'req-1',
      caseId: c.caseId,
      clientId: c.clientId,
      kind: 'pre_due_reminder',
      channel: 'preferred',
      code: 'case_closed',
      reason: 'the case is closed (paid)',
      rule: 'AMICUS-CLOSED',
      cancelledAt: '2025-03-06T08:00:00.000Z',
    });
  });

  it('takes the channel it was last decided for, and is a valid event without a request or a rule', () => {
    const payload = cancellationOf(
      { ...c, requestId: null, channel: 'letter', kind: 'reminder' },
      { code: 'claims_recalled', reason: 'x' },
      at,
    );
    expect(payload).toMatchObject({ channel: 'letter', requestId: null, rule: null });
    expect(createEvent(CommunicationCancelledV2, { aggregateId: c.caseId, clientId: c.clientId, payload }).payload).toEqual(payload);
    const stale = cancellationOf(c, recalledClaimRefusal('F-7'), at);
    expect(createEvent(CommunicationCancelledV2, { aggregateId: c.caseId, clientId: c.clientId, payload: stale }).payload.code).toBe(
      'claim_recalled',
    );
  });
});

describe('sending rules', () => {
  it('renders registered e-mail with the e-mail template and WhatsApp with the SMS one', () => {
    expect(templateChannelOf('registered_email')).toBe('email');
    expect(templateChannelOf('whatsapp')).toBe('sms');
  });

  it('refuses an e-mail to a Belgian consumer at 23:30 local time and names the moment it may go (BE-A-4)', () => {
    const check = legalContactCheck('consumer');
    const decision = check({
      channel: 'email',
      kind: 'reminder',
      at: new Date('2025-03-04T22:30:00Z'),
      country: 'BE',
      timeZone: 'Europe/Brussels',
      history: [],
    });
    expect(decision.allowed).toBe(false);
    expect(decision.rule).toBe('BE-A-4');
    expect(decision.earliestAt).toBe('2025-03-05T07:00:00.000Z');
  });

  it('contacts no debtor in a country the legal engine has no rules for', () => {
    const decision = legalContactCheck('consumer')({
      channel: 'email',
      kind: 'reminder',
      at: new Date('2025-03-04T10:00:00Z'),
      country: 'FR',
      timeZone: 'Europe/Paris',
      history: [],
    });
    expect(decision).toMatchObject({ allowed: false, rule: 'NO-RULE-PACK' });
    expect(decision.earliestAt).toBeUndefined();
  });

  it('counts logged outbound calls towards the daily limit, but not calls the debtor made', () => {
    const check = legalContactCheck('consumer');
    const at = new Date('2025-03-04T14:00:00Z');
    const call = (direction: 'inbound' | 'outbound', hour: number) => ({
      channel: 'phone' as const,
      at: new Date(`2025-03-04T${String(hour).padStart(2, '0')}:00:00Z`),
      direction,
      kind: 'call' as const,
    });
    const three = [call('outbound', 8), call('outbound', 9), call('outbound', 10)];
    expect(check({ channel: 'sms', kind: 'reminder', at, country: 'BE', timeZone: 'Europe/Brussels', history: three }).allowed).toBe(false);
    const inbound = [call('inbound', 8), call('inbound', 9), call('inbound', 10)];
    expect(check({ channel: 'sms', kind: 'reminder', at, country: 'BE', timeZone: 'Europe/Brussels', history: inbound }).allowed).toBe(
      true,
    );
  });
});
