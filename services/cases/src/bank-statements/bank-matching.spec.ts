import fc from 'fast-check';
import { creditorReferenceFrom, ogmFromNumber } from '@amicus/payment-references';
import {
  CandidateIndex,
  caseNumberOf,
  caseNumbersInText,
  nameSimilarity,
  normalName,
  referenceTokens,
  suggestCases,
  type CaseCandidate,
} from './bank-matching';

const candidate = (over: Partial<CaseCandidate> = {}): CaseCandidate => ({
  caseId: 'case-1',
  caseNumber: 1000000001n,
  currency: 'EUR',
  openMinor: 40000n,
  debtorName: 'An Janssens',
  ibans: [],
  invoiceNumbers: ['INV-2025-0042'],
  ...over,
});
const credit = { amountMinor: 12345n, currency: 'EUR', payerName: null, payerIban: null, text: null };

describe('caseNumberOf', () => {
  it('reads the case number back from its OGM and RF reference', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 9_999_999_999n }), (n) => {
        const ogm = ogmFromNumber(n);
        const rf = creditorReferenceFrom(String(n));
        return (
          caseNumberOf({ scheme: 'ogm', electronic: ogm.digits }) === n && caseNumberOf({ scheme: 'rf', electronic: rf.electronic }) === n
        );
      }),
    );
  });

  it('reads no case from an RF reference that is not a number, or one with leading zeros', () => {
    expect(caseNumberOf({ scheme: 'rf', electronic: creditorReferenceFrom('INVOICE42').electronic })).toBeNull();
    expect(caseNumberOf({ scheme: 'rf', electronic: creditorReferenceFrom('0042').electronic })).toBeNull();
  });
});

describe('nameSimilarity', () => {
  const name = fc.array(fc.stringMatching(/^[A-Za-z]{1,10}$/), { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));

  it('is 1 for the same name in any order, case or accents', () => {
    expect(nameSimilarity('JANSSENS AN', 'An Janssens')).toBe(1);
    expect(nameSimilarity('Müller GmbH', 'MULLER, gmbh')).toBe(1);
    expect(normalName('  De Vries-Maes  ')).toBe('de maes vries');
  });

  it('ranks a typo above another name', () => {
    expect(nameSimilarity('JANSENS AN', 'An Janssens')).toBeGreaterThan(0.8);
    expect(nameSimilarity('PEETERS JAN', 'An Janssens')).toBeLessThan(0.5);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const s = nameSimilarity(a, b);
        return s === nameSimilarity(b, a) && s >= 0 && s <= 1 && nameSimilarity(a, a) === 1;
      }),
    );
  });
});

describe('what a communication names', () => {
  it('finds invoice-like words and the case reference', () => {
    expect(referenceTokens('Betaling factuur INV-2025-0042, dank. 12/3')).toEqual(['INV-2025-0042', '12/3']);
    expect(caseNumbersInText('dossier AMI-000123 en ami 7')).toEqual([123n, 7n]);
  });
});

describe('suggestCases', () => {
  it('gives each reason and ranks the better-founded case first', () => {
    const strong = candidate({ caseId: 'strong', ibans: ['BE68539007547034'] });
    const weak = candidate({ caseId: 'weak', caseNumber: 1000000002n, debtorName: 'Jan Peeters', invoiceNumbers: [], openMinor: 12345n });
    const s = suggestCases({ ...credit, payerName: 'JANSSENS AN', payerIban: 'BE68539007547034', text: 'factuur INV-2025-0042' }, [
      weak,
      strong,
    ]);
    expect(s.map((x) => x.caseId)).toEqual(['strong', 'weak']);
    expect(s[0]).toEqual({
      caseId: 'strong',
      score: 50 + 40 + 40,
      reasons: [
        'invoice INV-2025-0042 of this case is in the communication',
        "the account BE68539007547034 paid this case before or is the debtor's",
        'the payer "JANSSENS AN" is like the debtor "An Janssens" (100 %)',
      ],
    });
    expect(s[1]).toEqual({ caseId: 'weak', score: 30, reasons: ['EUR 123.45 is what the case has open'] });
  });

  it('suggests nothing on too little', () => {
    expect(suggestCases({ ...credit, payerName: 'Someone Else' }, [candidate()])).toEqual([]);
  });
});

describe('CandidateIndex', () => {
  it('finds a case by invoice number, account, amount or a word of the name — and not by a common amount', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      candidate({ caseId: `same-${i}`, caseNumber: BigInt(2000000000 + i), debtorName: `Debtor ${i}`, invoiceNumbers: [] }),
    );
    const index = new CandidateIndex([candidate(), ...many]);
    expect(index.suggest({ ...credit, text: 'INV-2025-0042' }).map((s) => s.caseId)).toEqual(['case-1']);
    expect(index.suggest({ ...credit, payerName: 'Janssens' }).map((s) => s.caseId)).toEqual(['case-1']);
    // 31 cases have €400 open: the amount alone points at none of them.
    expect(index.suggest({ ...credit, amountMinor: 40000n })).toEqual([]);
  });
});
