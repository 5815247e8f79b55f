import fc from 'fast-check';
import {
  parsePaymentReference,
  paymentReferenceFor,
  paymentReferenceSchemeFor,
  planReferenceNumber,
  PLAN_REFERENCE_BASE,
  referenceOwnerOf,
  structuredReferencesOf,
} from './payment-references';

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

describe("a payment plan's own reference", () => {
  it('is made from a number in a range of its own: a plan reference is never a case number', () => {
    expect(planReferenceNumber(1)).toBe(9_000_000_001n);
    expect(structuredReferencesOf(planReferenceNumber(1))).toEqual({
      ogm: '+++900/0000/00116+++',
      rf: expect.stringMatching(/^RF\d\d 9000 0000 01$/),
    });
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 999_999_999n }), fc.bigInt({ min: 1n, max: PLAN_REFERENCE_BASE }), (seq, caseNumber) => {
        const plan = planReferenceNumber(seq);
        expect(referenceOwnerOf(plan)).toEqual({ kind: 'plan', referenceNumber: plan });
        expect(referenceOwnerOf(caseNumber)).toEqual({ kind: 'case', caseNumber });
        // Parsed back from its OGM, it is the same number.
        expect(parsePaymentReference(structuredReferencesOf(plan).ogm)?.electronic.slice(0, 10)).toBe(String(plan));
      }),
    );
  });

  it('refuses a sequence number outside its range', () => {
    expect(() => planReferenceNumber(0)).toThrow(RangeError);
    expect(() => planReferenceNumber(1_000_000_000n)).toThrow(/outside 1\.\.999999999/);
  });
});
