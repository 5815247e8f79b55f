import { parsePaymentReference, paymentReferenceFor, paymentReferenceSchemeFor } from './payment-references';

describe('payment reference per account country', () => {
  it('uses the OGM for Belgian accounts and the RF reference elsewhere', () => {
    expect(paymentReferenceSchemeFor('be')).toBe('ogm');
    expect(paymentReferenceSchemeFor('NL')).toBe('rf');
    expect(paymentReferenceFor('BE', 1234567890n)).toEqual({
      scheme: 'ogm',
      electronic: '123456789002',
      formatted: '+++123/4567/89002+++',
    });
    expect(paymentReferenceFor('NL', '539007547034')).toEqual({
      scheme: 'rf',
      electronic: 'RF18539007547034',
      formatted: 'RF18 5390 0754 7034',
    });
  });

  it('recognises either scheme in a remittance text, and nothing else', () => {
    expect(parsePaymentReference('***123/4567/89002***')?.scheme).toBe('ogm');
    expect(parsePaymentReference('RF18 5390 0754 7034')?.scheme).toBe('rf');
    expect(parsePaymentReference('invoice 2024-001')).toBeNull();
  });
});
