import { legalContactCheck, templateChannelOf } from './communication';

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
