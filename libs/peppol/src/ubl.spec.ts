import { DomainError } from '@amicus/errors';
import fc from 'fast-check';
import { ensurePeppolRules } from './rules';
import { ublCreditNote, ublInvoice, ublTotals, type UblInvoiceModel, type UblLine, type UblParty } from './ubl';
import { checkUblDocument, validateUbl } from './validate';

/** A Belgian enterprise number with its check digits (97 − base mod 97), so Peppol's 0208 check passes. */
function enterpriseNumber(base: number): string {
  const head = String(base).padStart(8, '0');
  return head + String(97 - (base % 97)).padStart(2, '0');
}

const agency: UblParty = {
  name: 'Amicus Incasso BV',
  endpoint: { scheme: '0208', id: enterpriseNumber(7654321) },
  vatNumber: `BE${enterpriseNumber(7654321)}`,
  legalId: { id: enterpriseNumber(7654321), scheme: '0208' },
  address: { street: 'Wetstraat 16', city: 'Brussel', postalCode: '1000', countryCode: 'BE' },
  contact: { email: 'billing@amicus.example' },
};
const belgianClient: UblParty = {
  name: 'Client & Zonen NV',
  endpoint: { scheme: '0208', id: enterpriseNumber(4433221) },
  vatNumber: `BE${enterpriseNumber(4433221)}`,
  legalId: { id: enterpriseNumber(4433221), scheme: '0208' },
  address: { street: 'Meir 1', city: 'Antwerpen', postalCode: '2000', countryCode: 'BE' },
};
const dutchClient: UblParty = {
  name: 'Klant <Noord> BV',
  endpoint: { scheme: '0106', id: '12345678' },
  vatNumber: 'NL123456789B01',
  address: { street: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL' },
};

const invoice = (over: Partial<UblInvoiceModel> = {}): UblInvoiceModel => ({
  number: 'INV-2026-000042',
  issueDate: '2026-12-01',
  dueDate: '2026-12-31',
  buyerReference: 'PO-42',
  seller: agency,
  buyer: belgianClient,
  lines: [
    { name: 'Commission on principal collected', quantity: '1', unitPriceMinor: 123457n, vat: { category: 'S', ratePercent: '21' } },
    { name: 'Registered letters', quantity: '3', unitPriceMinor: 1250n, vat: { category: 'S', ratePercent: '21' } },
  ],
  payment: { iban: 'BE68 5390 0754 7034', reference: '+++090/9337/55493+++' },
  ...over,
});

const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.problems;
    throw e;
  }
  throw new Error('accepted');
};

describe('ublTotals: from the lines, in minor units', () => {
  it('a worked example: lines rounded half-up to the cent, VAT per rate, totals their sums', () => {
    const t = ublTotals(
      invoice({
        lines: [
          { name: 'a', quantity: '1', unitPriceMinor: 123457n, vat: { category: 'S', ratePercent: '21' } },
          { name: 'b', quantity: '2.5', unitPriceMinor: 3333n, vat: { category: 'S', ratePercent: '21.00' } }, // 83.325 → 83.33
          { name: 'c', quantity: '-1', unitPriceMinor: 1000n, vat: { category: 'S', ratePercent: '6' } },
          { name: 'd', quantity: '4', unitPriceMinor: 2500n, vat: { category: 'AE' } },
        ],
      }),
    );
    expect(t.lineAmountsMinor).toEqual([123457n, 8333n, -1000n, 10000n]);
    expect(t.vat).toEqual([
      { category: 'S', ratePercent: '21', taxableMinor: 131790n, taxMinor: 27676n }, // 1317.90 × 21 % = 276.759
      { category: 'S', ratePercent: '6', taxableMinor: -1000n, taxMinor: -60n },
      { category: 'AE', ratePercent: '0', taxableMinor: 10000n, taxMinor: 0n, exemptionReason: expect.stringContaining('Reverse charge') },
    ]);
    expect(t).toMatchObject({ lineTotalMinor: 140790n, taxMinor: 27616n, taxInclusiveMinor: 168406n, payableMinor: 168406n });
  });
});

describe('ublInvoice / ublCreditNote: input checked field by field', () => {
  it('names each problem', () => {
    const problems = problemsOf(() =>
      ublInvoice(
        invoice({
          buyerReference: ' ',
          dueDate: '2026-02-30',
          buyer: { ...dutchClient, vatNumber: undefined },
          lines: [
            { name: 'x', quantity: '1,5', unitPriceMinor: -1n, vat: { category: 'AE' } },
            { name: 'y', quantity: '1', unitPriceMinor: 1n, vat: { category: 'S', ratePercent: '0' } },
          ],
          payment: { iban: 'BE00 1234' },
        }),
      ),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'dueDate',
      'buyerReference',
      'lines[0].quantity',
      'lines[0].unitPriceMinor',
      'buyer.vatNumber',
      'lines[1].vat.ratePercent',
      'payment.iban',
    ]);
    expect(problems.find((p) => p.field === 'buyerReference')?.reason).toContain('PEPPOL-EN16931-R003');
  });

  it('an invoice needs where to pay; a credit note may go without', () => {
    expect(problemsOf(() => ublInvoice({ ...invoice(), payment: undefined as never }))).toEqual([
      { field: 'payment', reason: 'required: where to pay' },
    ]);
    const { payment: _p, dueDate: _d, ...rest } = invoice();
    expect(checkUblDocument(ublCreditNote({ ...rest, number: 'CN-1', creditedInvoice: { number: 'INV-2026-000042' } })).document).toBe(
      'CreditNote',
    );
  });
});

// The rules themselves are the oracle: every generated document passes EN 16931 and Peppol with no fatal.
describe('generated documents pass both rule sets', () => {
  beforeAll(() => ensurePeppolRules(), 10 * 60_000);

  const text = fc.stringMatching(/^[A-Za-z0-9 éèçöß&<>'"€.,:/()-]{1,40}$/).filter((s) => s.trim() !== '');
  const quantity = fc
    .tuple(fc.integer({ min: -20, max: 500 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 4 }))
    .map(([int, frac, digits]) => (digits === 0 ? String(int) : `${int}.${String(frac).padStart(4, '0').slice(0, digits)}`))
    .filter((q) => !/^-0(\.0*)?$/.test(q));
  const line = (vat: fc.Arbitrary<UblLine['vat']>): fc.Arbitrary<UblLine> =>
    fc.record({
      name: text,
      description: fc.option(text, { nil: undefined }),
      quantity,
      unitPriceMinor: fc.bigInt({ min: 0n, max: 10_000_000n }),
      vat,
    });
  const standard = fc.constantFrom('21', '12', '6', '5.5').map((ratePercent) => ({ category: 'S' as const, ratePercent }));
  const reverse = fc.option(text, { nil: undefined }).map((exemptionReason) => ({ category: 'AE' as const, exemptionReason }));
  const client = fc.integer({ min: 1_000_000, max: 19_999_999 }).map((n): UblParty => ({
    ...belgianClient,
    endpoint: { scheme: '0208', id: enterpriseNumber(n) },
    vatNumber: `BE${enterpriseNumber(n)}`,
  }));

  const expectValid = async (xml: string) => {
    const v = await validateUbl(xml);
    expect(v.errors).toEqual([]);
    return v;
  };

  it('invoices to a Belgian client at standard rates (S)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line(standard), { minLength: 1, maxLength: 6 }), client, text, async (lines, buyer, ref) => {
        await expectValid(ublInvoice(invoice({ lines, buyer, buyerReference: ref })));
      }),
      { numRuns: 25 },
    );
  });

  it('invoices to a client in another member state under reverse charge (AE), alone or beside S lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line(reverse), { minLength: 1, maxLength: 4 }),
        fc.array(line(standard), { maxLength: 2 }),
        async (ae, s) => {
          const v = await expectValid(ublInvoice(invoice({ buyer: dutchClient, lines: [...ae, ...s] })));
          expect(v.document).toBe('Invoice');
        },
      ),
      { numRuns: 25 },
    );
  });

  it('credit notes crediting an invoice, S or AE', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(line(standard), line(reverse)), { minLength: 1, maxLength: 4 }), async (lines) => {
        const { dueDate: _d, ...model } = invoice({ buyer: dutchClient, lines });
        const v = await expectValid(
          ublCreditNote({ ...model, number: 'CN-2026-000007', creditedInvoice: { number: 'INV-2026-000042', issueDate: '2026-12-01' } }),
        );
        expect(v.document).toBe('CreditNote');
      }),
      { numRuns: 20 },
    );
  });
});
