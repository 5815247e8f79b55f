import fc from 'fast-check';
import { ublTotals, type UblInvoiceModel } from '@amicus/peppol';
import type { Agreement } from '../agreements/agreement';
import { FEE_KINDS } from '../agreements/agreement';
import { isBalanced, type Entry, type LedgerTransaction } from '../ledger/ledger';
import {
  creditNoteLines,
  creditNoteTransaction,
  decideInvoice,
  invoiceLinesOf,
  invoiceNumber,
  parseRecipient,
  totalsOf,
  ublLinesOf,
  vatOn,
  vatRoundingTransaction,
  type InvoiceLine,
  type InvoiceVat,
} from './invoice';

const clientId = '6f1c2f4e-0a7b-4d8e-9b1a-3c5d7e9f1a2b';
const tx = (entries: Entry[], kind: LedgerTransaction['kind'] = 'payment_allocated'): LedgerTransaction => ({
  key: crypto.randomUUID(),
  kind,
  clientId,
  caseId: crypto.randomUUID(),
  paymentId: null,
  currency: 'EUR',
  bookedOn: '2026-10-10',
  agreementId: null,
  reverses: null,
  memo: '',
  entries,
});
const e = (account: Entry['account'], amountMinor: bigint, part: Entry['part']): Entry => ({ account, amountMinor, part, claimId: null });
const S21: InvoiceVat = { category: 'S', rateBp: 2100 };
const agreement = (vat: Agreement['terms']['vat']): Agreement => ({
  id: 'a',
  clientId,
  version: 1,
  status: 'approved',
  validFrom: '2026-01-01',
  validTo: null,
  createdBy: 'x',
  approvedBy: 'x',
  terms: {
    currency: 'EUR',
    commission: { tieredBy: 'none', bands: [{ from: 0n, rates: { principalBp: 1500, interestBp: 1500, costsBp: 0 } }] },
    fees: { caseOpened: 0n, letter: 0n, registeredLetter: 0n, call: 0n, success: 0n },
    monthlyMinimum: 0n,
    collectionCostsKeptBy: 'agency',
    remittancePeriod: 'monthly',
    payoutIban: 'BE68539007547034',
    vat,
  },
});
const period = { kind: 'monthly' as const, start: '2026-10-01', end: '2026-10-31' };

describe('invoiceLinesOf: the lines are what the ledger booked, to the cent', () => {
  it('a worked example: commission per part, fees per kind and amount (a reversal counts −1), the minimum', () => {
    const { lines, vatBookedMinor } = invoiceLinesOf([
      tx([e('commission_revenue', -1501n, 'principal'), e('commission_revenue', -333n, 'interest'), e('vat_payable', -385n, 'vat')]),
      tx([e('commission_revenue', -99n, 'principal'), e('vat_payable', -21n, 'vat')]),
      tx([e('fee_revenue', -500n, 'letter'), e('vat_payable', -105n, 'vat')], 'fee_charged'),
      tx([e('fee_revenue', -500n, 'letter'), e('vat_payable', -105n, 'vat')], 'fee_charged'),
      tx([e('fee_revenue', -750n, 'letter'), e('vat_payable', -158n, 'vat')], 'fee_charged'),
      tx([e('fee_revenue', 500n, 'letter'), e('vat_payable', 105n, 'vat')], 'fee_charged'),
      tx([e('fee_revenue', -2000n, 'minimum'), e('vat_payable', -420n, 'vat')], 'minimum_charged'),
      tx([e('client_payable', -5000n, 'share'), e('trust_bank', 5000n, 'received')], 'payment_received'),
    ]);
    expect(lines.map((l) => [l.kind, l.quantity, l.unitPriceMinor, l.amountMinor])).toEqual([
      ['commission_principal', 1n, 1600n, 1600n],
      ['commission_interest', 1n, 333n, 333n],
      ['fee_letter', 1n, 750n, 750n],
      ['fee_letter', 1n, 500n, 500n],
      ['minimum', 1n, 2000n, 2000n],
    ]);
    expect(vatBookedMinor).toBe(385n + 21n + 105n + 105n + 158n - 105n + 420n);
    // 51.83 × 21 % = 10.8843 → 10.88: once on the whole, where the ledger booked 10.89 per transaction.
    expect(totalsOf(lines, S21)).toEqual({ lineTotalMinor: 5183n, vatMinor: 1088n, payableMinor: 6271n });
  });

  it('a commission taken back by more than was earned is a line of quantity −1 at a positive price (BR-27)', () => {
    const { lines } = invoiceLinesOf([tx([e('commission_revenue', -100n, 'interest')]), tx([e('commission_revenue', 250n, 'interest')])]);
    expect(lines).toEqual([
      expect.objectContaining({ kind: 'commission_interest', quantity: -1n, unitPriceMinor: 150n, amountMinor: -150n }),
    ]);
  });

  const revenueEntry = fc.record({
    account: fc.constantFrom<'commission_revenue' | 'fee_revenue'>('commission_revenue', 'fee_revenue'),
    amount: fc.bigInt({ min: -200_000n, max: 200_000n }).filter((a) => a !== 0n),
    fee: fc.constantFrom(...FEE_KINDS, 'minimum' as const),
    part: fc.constantFrom<'principal' | 'interest' | 'costs'>('principal', 'interest', 'costs'),
  });
  const txsArb = fc
    .array(fc.array(revenueEntry, { minLength: 1, maxLength: 4 }), { maxLength: 30 })
    .map((txs) =>
      txs.map((entries) => tx(entries.map((x) => e(x.account, x.amount, x.account === 'commission_revenue' ? x.part : x.fee)))),
    );

  it('property: the lines sum to the commission and fees booked, each line is quantity × a price that is not negative', () => {
    fc.assert(
      fc.property(txsArb, (txs) => {
        const { lines } = invoiceLinesOf(txs);
        const booked = -txs.flatMap((t) => t.entries).reduce((s, x) => s + x.amountMinor, 0n);
        expect(lines.reduce((s, l) => s + l.amountMinor, 0n)).toBe(booked);
        for (const l of lines) {
          expect(l.unitPriceMinor >= 0n).toBe(true);
          expect(l.amountMinor).toBe(l.quantity * l.unitPriceMinor);
          expect(l.quantity).not.toBe(0n);
        }
      }),
    );
  });

  it('property: the VAT and totals are the ones the UBL states (ublTotals of @amicus/peppol, BR-CO-17)', () => {
    fc.assert(
      fc.property(
        txsArb,
        fc.constantFrom<InvoiceVat>(
          S21,
          { category: 'S', rateBp: 600 },
          { category: 'AE', mention: 'rc', buyerVatNumber: 'NL123456789B01' },
        ),
        (txs, vat) => {
          const { lines } = invoiceLinesOf(txs);
          const ubl = ublTotals({ lines: ublLinesOf({ lines, vat }) } as unknown as UblInvoiceModel);
          const ours = totalsOf(lines, vat);
          expect([ours.lineTotalMinor, ours.vatMinor, ours.payableMinor]).toEqual([ubl.lineTotalMinor, ubl.taxMinor, ubl.payableMinor]);
        },
      ),
    );
  });
});

describe('decideInvoice', () => {
  it('Belgian VAT at 21 %, due in 30 days', () => {
    const d = decideInvoice(
      agreement({ kind: 'be_standard', rateBp: 2100, vatNumber: null }),
      [tx([e('commission_revenue', -10000n, 'principal')])],
      period,
      '2026-11-03',
    );
    expect(d).toMatchObject({
      ok: true,
      vat: S21,
      totals: { lineTotalMinor: 10000n, vatMinor: 2100n, payableMinor: 12100n },
      dueDate: '2026-12-03',
    });
  });

  it('intra-EU reverse charge: no VAT, the legal mention and the buyer’s VAT number', () => {
    const d = decideInvoice(
      agreement({ kind: 'reverse_charge', country: 'NL', vatNumber: 'NL123456789B01', mention: 'Reverse charge (Article 196)' }),
      [tx([e('commission_revenue', -10000n, 'principal')])],
      period,
      '2026-11-03',
    );
    expect(d).toMatchObject({
      ok: true,
      vat: { category: 'AE', mention: 'Reverse charge (Article 196)', buyerVatNumber: 'NL123456789B01' },
      totals: { vatMinor: 0n, payableMinor: 10000n },
    });
  });

  it('nothing to invoice, or reversals exceeding what was earned: no invoice, and why', () => {
    const a = agreement({ kind: 'be_standard', rateBp: 2100, vatNumber: null });
    expect(decideInvoice(a, [], period, '2026-11-03')).toEqual({ ok: false, reason: 'no commission or fees to invoice up to 2026-10-31' });
    expect(decideInvoice(a, [tx([e('commission_revenue', 500n, 'principal')])], period, '2026-11-03')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('come to -500'),
    });
  });
});

describe('numbers', () => {
  it('one series per kind and year, six digits', () => {
    expect(invoiceNumber('invoice', 2026, 42)).toBe('INV-2026-000042');
    expect(invoiceNumber('credit_note', 2027, 1)).toBe('CN-2027-000001');
  });
});

describe('credit notes', () => {
  const invoiceLines: InvoiceLine[] = [
    { kind: 'commission_principal', name: 'c', quantity: 1n, unitPriceMinor: 1600n, amountMinor: 1600n },
    { kind: 'fee_letter', name: 'l', quantity: 3n, unitPriceMinor: 500n, amountMinor: 1500n },
  ];

  it('credits all that is left by default, each line pointing at the invoice line', () => {
    const r = creditNoteLines(invoiceLines, [], null);
    expect(r).toEqual({ lines: invoiceLines.map((l, i) => ({ ...l, name: expect.any(String), creditsLine: i })) });
  });

  it('never more of a line than the invoice had, naming the field', () => {
    const first = creditNoteLines(invoiceLines, [], [{ line: 1, quantity: 2n }]);
    if (!('lines' in first)) throw new Error('refused');
    expect(creditNoteLines(invoiceLines, first.lines, [{ line: 1, quantity: 2n }])).toEqual({
      problems: [{ field: 'lines[0].quantity', reason: 'is more than is left to credit of line 1 (1 of 3)' }],
    });
    expect(creditNoteLines(invoiceLines, first.lines, [{ line: 5, quantity: null }])).toEqual({
      problems: [{ field: 'lines[0].line', reason: 'is not a line of the invoice (0 to 1)' }],
    });
    const rest = creditNoteLines(invoiceLines, first.lines, null);
    if (!('lines' in rest)) throw new Error('refused');
    expect(rest.lines.map((l) => [l.creditsLine, l.quantity])).toEqual([
      [0, 1n],
      [1, 1n],
    ]);
    expect(creditNoteLines(invoiceLines, [...first.lines, ...rest.lines], null)).toEqual({
      problems: [{ field: 'lines', reason: 'nothing is left to credit on this invoice' }],
    });
  });

  it('property: credited in any pieces, never more than the invoice; the posting balances', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ line: fc.nat(1), quantity: fc.bigInt({ min: 1n, max: 3n }) }), { maxLength: 8 }), (asks) => {
        const credited: InvoiceLine[] = [];
        for (const a of asks) {
          const r = creditNoteLines(invoiceLines, credited, [a]);
          if (!('lines' in r)) continue;
          credited.push(...r.lines);
          const t = creditNoteTransaction(
            {
              number: 'CN',
              clientId,
              currency: 'EUR',
              issueDate: '2026-11-03',
              agreementId: null,
              lines: r.lines,
              vatMinor: vatOn(totalsOf(r.lines, S21).lineTotalMinor, S21),
            },
            'k',
          );
          expect(isBalanced(t)).toBe(true);
        }
        for (let i = 0; i < invoiceLines.length; i++)
          expect(credited.filter((c) => c.creditsLine === i).reduce((s, c) => s + c.quantity, 0n) <= invoiceLines[i]!.quantity).toBe(true);
      }),
    );
  });
});

describe('parseRecipient', () => {
  it('names each bad field; a buyer reference by default', () => {
    expect(
      parseRecipient(clientId, {
        name: '',
        street: 'x',
        postalCode: '1',
        city: 'y',
        countryCode: 'Belgium',
        email: 'nope',
        endpointScheme: '208',
        endpointId: '1',
      }),
    ).toEqual({
      problems: [
        { field: 'input.name', reason: 'is required' },
        { field: 'input.countryCode', reason: 'is not an ISO 3166-1 alpha-2 code (BE)' },
        { field: 'input.email', reason: 'is not an e-mail address' },
        { field: 'input.endpointScheme', reason: 'is not an EAS code of 4 digits (0208: Belgian enterprise number)' },
      ],
    });
    const ok = parseRecipient(clientId, {
      name: 'A',
      street: 'x',
      postalCode: '1',
      city: 'y',
      countryCode: 'be',
      endpointScheme: '0208',
      endpointId: '0403.170.701',
    });
    expect(ok).toEqual({
      recipient: expect.objectContaining({
        countryCode: 'BE',
        endpoint: { scheme: '0208', id: '0403170701' },
        buyerReference: 'AMICUS-6F1C2F4E',
        sendByPeppol: true,
      }),
    });
  });
});

describe('the VAT rounding posted with an invoice', () => {
  const inv = { number: 'INV-2026-000007', clientId, currency: 'EUR', issueDate: '2026-11-02' as const, agreementId: 'a' };

  it('is nothing when the VAT on the total equals what the ledger booked', () => {
    expect(vatRoundingTransaction(inv, { vatMinor: 6685n, vatBookedMinor: 6685n }, 'k')).toBeNull();
  });

  it('moves the difference, either way, between the client’s receivable and the VAT payable, balanced', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 10n }), fc.bigInt({ min: -500n, max: 500n }), (booked, d) => {
        const t = vatRoundingTransaction(inv, { vatMinor: booked + d, vatBookedMinor: booked }, 'k');
        if (d === 0n) return expect(t).toBeNull();
        expect(isBalanced(t!)).toBe(true);
        expect(t!.kind).toBe('vat_rounded');
        expect(t!.entries).toEqual([
          { account: 'client_receivable', amountMinor: d, part: 'vat', claimId: null },
          { account: 'vat_payable', amountMinor: -d, part: 'vat', claimId: null },
        ]);
        // The VAT payable after it: what the invoice charges.
        expect(-(-booked + t!.entries[1]!.amountMinor)).toBe(booked + d);
      }),
    );
  });
});
