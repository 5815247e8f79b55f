import { checkE164 } from './phone-number';

describe('checkE164', () => {
  it.each(['+32470123456', '+31612345678', '+33612345678', '+4915112345678'])('accepts the valid E.164 number %s', (n) => {
    expect(checkE164(n)).toMatchObject({ ok: true, e164: n });
  });

  it.each(['0470123456', '+32 470', '+32123', '0032470123456', 'call me', ''])('refuses %p', (n) => {
    expect(checkE164(n).ok).toBe(false);
  });

  it('returns the country of the number', () => {
    expect(checkE164('+32470123456')).toMatchObject({ country: 'BE' });
  });
});
