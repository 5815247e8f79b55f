import { addDays, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import { ratio, roundHalfUp } from '@amicus/money';
import type { UblCreditNoteModel, UblInvoiceModel, UblLine, UblParty } from '@amicus/peppol';
import { type Agreement, FEE_KINDS, type FeeKind } from '../agreements/agreement';
import type { Entry, LedgerTransaction } from '../ledger/ledger';
import type { Period } from '../remittances/remittance';

/**
 * Client invoices (issue #14 §4): the agency's invoice to a client for the commission and fees
 * the ledger booked, and the credit notes that correct one. Pure: the service loads the
 * transactions no invoice has taken yet, numbers the document in its series and stores what
 * these functions return.
 *
 * Rounding, line by line:
 * - a commission line is the exact sum of the commission the ledger booked for that part
 *   (principal, interest, recovered costs) — the ledger rounded each allocation's commission
 *   once, half-up, and split it back by largest remainder — so the invoice adds no rounding;
 * - a fee line is a count × the fee (exact), one line per fee kind and amount (an agreement
 *   changed mid-period gives two lines); a reversed fee counts −1;
 * - the monthly minimum's top-up is one line of what the remittance posted;
 * - VAT is computed once per invoice on its taxable total: total × rate, half-up to the cent
 *   (EN 16931 BR-CO-17 — the same as `ublTotals` of @amicus/peppol, which a property test
 *   checks). The ledger booked VAT per transaction, so the two may differ by less than half a
 *   cent per transaction: what the ledger booked is kept on the invoice (`vatBookedMinor`), and
 *   the difference is posted with the invoice (`vatRoundingTransaction`), so the VAT payable and
 *   the client's receivable equal what the invoice charges — and a full credit note, which takes
 *   back the invoice's VAT, leaves both at nothing.
 */

export type InvoiceKind = 'invoice' | 'credit_note';
export const INVOICE_SERIES = { invoice: 'INV', credit_note: 'CN' } as const;

export const LINE_KINDS = [
  'commission_principal',
  'commission_interest',
  'commission_costs',
  ...FEE_KINDS.map((k) => `fee_${k}` as const),
  'minimum',
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

const LINE_NAMES: Record<LineKind, string> = {
  commission_principal: 'Commission on principal collected',
  commission_interest: 'Commission on interest collected',
  commission_costs: 'Commission on recovered collection costs',
  fee_caseOpened: 'Fee per case opened',
  fee_letter: 'Fee per letter',
  fee_registeredLetter: 'Fee per registered letter',
  fee_call: 'Fee per call',
  fee_success: 'Success fee per case paid in full',
  minimum: 'Monthly minimum: top-up of commission and fees',
};

export interface InvoiceLine {
  kind: LineKind;
  name: string;
  /** Whole units; negative for what a reversal took back. */
  quantity: bigint;
  /** Not negative (EN 16931 BR-27). */
  unitPriceMinor: bigint;
  /** quantity × unitPriceMinor, exact. */
  amountMinor: bigint;
  /** On a credit note: the line (from 0) of the invoice it credits. */
  creditsLine?: number;
}

/** How VAT is charged, from the agreement: Belgian VAT at its rate, or intra-EU reverse charge with its legal mention. */
export type InvoiceVat = { category: 'S'; rateBp: number } | { category: 'AE'; mention: string; buyerVatNumber: string };

export function invoiceVatOf(agreement: Agreement): InvoiceVat {
  const vat = agreement.terms.vat;
  return vat.kind === 'be_standard'
    ? { category: 'S', rateBp: vat.rateBp }
    : { category: 'AE', mention: vat.mention, buyerVatNumber: vat.vatNumber };
}

export interface InvoiceTotals {
  lineTotalMinor: bigint;
  vatMinor: bigint;
  payableMinor: bigint;
}

/** VAT on a taxable total: rate in basis points, half-up to the cent (BR-CO-17); nil under reverse charge. */
export function vatOn(taxableMinor: bigint, vat: InvoiceVat): bigint {
  return vat.category === 'S' ? roundHalfUp(ratio(taxableMinor * BigInt(vat.rateBp), 10000n)) : 0n;
}

export function totalsOf(lines: readonly InvoiceLine[], vat: InvoiceVat): InvoiceTotals {
  const lineTotalMinor = lines.reduce((s, l) => s + l.amountMinor, 0n);
  const vatMinor = vatOn(lineTotalMinor, vat);
  return { lineTotalMinor, vatMinor, payableMinor: lineTotalMinor + vatMinor };
}

const line = (kind: LineKind, quantity: bigint, unitPriceMinor: bigint): InvoiceLine => ({
  kind,
  name: LINE_NAMES[kind],
  quantity,
  unitPriceMinor,
  amountMinor: quantity * unitPriceMinor,
});

/** The revenue line an entry counts on, or null (money movements, VAT, receivables). */
function lineKindOf(e: Entry): LineKind | null {
  if (e.account === 'commission_revenue' && (e.part === 'principal' || e.part === 'interest' || e.part === 'costs'))
    return `commission_${e.part}`;
  if (e.account === 'fee_revenue' && e.part === 'minimum') return 'minimum';
  if (e.account === 'fee_revenue' && (FEE_KINDS as readonly string[]).includes(e.part)) return `fee_${e.part as FeeKind}`;
  return null;
}

/** What some ledger transactions invoice: the lines (in LINE_KINDS order) and the VAT the ledger booked on them. */
export function invoiceLinesOf(txs: readonly LedgerTransaction[]): { lines: InvoiceLine[]; vatBookedMinor: bigint } {
  const sums = new Map<LineKind, bigint>();
  /** Fees per kind and amount: how many (a reversal counts −1). */
  const fees = new Map<string, { kind: LineKind; price: bigint; count: bigint }>();
  let vatBookedMinor = 0n;
  for (const tx of txs)
    for (const e of tx.entries) {
      if (e.account === 'vat_payable') vatBookedMinor -= e.amountMinor;
      const kind = lineKindOf(e);
      if (!kind) continue;
      const earned = -e.amountMinor;
      if (kind.startsWith('fee_')) {
        const price = earned < 0n ? -earned : earned;
        const key = `${kind}:${price}`;
        const f = fees.get(key) ?? { kind, price, count: 0n };
        f.count += earned < 0n ? -1n : 1n;
        fees.set(key, f);
      } else sums.set(kind, (sums.get(kind) ?? 0n) + earned);
    }
  const lines: InvoiceLine[] = [];
  for (const kind of LINE_KINDS) {
    if (kind.startsWith('fee_')) {
      const ofKind = [...fees.values()].filter((f) => f.kind === kind && f.count !== 0n && f.price !== 0n);
      ofKind.sort((a, b) => (a.price < b.price ? 1 : a.price > b.price ? -1 : 0));
      for (const f of ofKind) lines.push(line(kind, f.count, f.price));
      continue;
    }
    const sum = sums.get(kind) ?? 0n;
    if (sum !== 0n) lines.push(sum > 0n ? line(kind, 1n, sum) : line(kind, -1n, -sum));
  }
  return { lines, vatBookedMinor };
}

/** Belgian B2B default payment term: 30 days after the invoice (Law of 2 August 2002 on late payment, art. 4). */
export const PAYMENT_TERM_DAYS = 30;

export type InvoiceDecision =
  | { ok: true; lines: InvoiceLine[]; vat: InvoiceVat; totals: InvoiceTotals; vatBookedMinor: bigint; dueDate: CalendarDate }
  | { ok: false; reason: string };

/** The invoice of a client's period from the transactions no invoice has taken yet, or why there is none. */
export function decideInvoice(
  agreement: Agreement,
  txs: readonly LedgerTransaction[],
  period: Period,
  issueDate: CalendarDate,
): InvoiceDecision {
  const { lines, vatBookedMinor } = invoiceLinesOf(txs);
  if (lines.length === 0) return { ok: false, reason: `no commission or fees to invoice up to ${period.end}` };
  const vat = invoiceVatOf(agreement);
  const totals = totalsOf(lines, vat);
  if (totals.lineTotalMinor <= 0n)
    return {
      ok: false,
      reason: `the commission and fees up to ${period.end} come to ${totals.lineTotalMinor} (reversals exceed what was earned): they wait for the next period`,
    };
  return { ok: true, lines, vat, totals, vatBookedMinor, dueDate: addDays(issueDate, PAYMENT_TERM_DAYS) };
}

// ---------------------------------------------------------------------------------------------
// Numbering: one gap-free series per kind and year (the service takes the next number in the
// issuing transaction, under the series row's lock).

export function invoiceNumber(kind: InvoiceKind, year: number, seq: number): string {
  return `${INVOICE_SERIES[kind]}-${year}-${String(seq).padStart(6, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Credit notes.

/** Which lines of the invoice to credit and how many of each; none given: all that is left. */
export interface CreditRequest {
  line: number;
  quantity: bigint | null;
}

/**
 * The lines of a credit note correcting an invoice, given what earlier credit notes already
 * credited: never more of a line than the invoice had; positive amounts (the credit note's
 * document type says it is a credit).
 */
export function creditNoteLines(
  invoiceLines: readonly InvoiceLine[],
  credited: readonly InvoiceLine[],
  request: readonly CreditRequest[] | null,
): { lines: InvoiceLine[] } | { problems: FieldProblem[] } {
  const left = invoiceLines.map((l, i) => l.quantity - credited.filter((c) => c.creditsLine === i).reduce((s, c) => s + c.quantity, 0n));
  const asked = request ?? invoiceLines.map((_, i) => ({ line: i, quantity: null }));
  const problems: FieldProblem[] = [];
  const lines: InvoiceLine[] = [];
  asked.forEach((r, i) => {
    const at = `lines[${i}]`;
    const original = invoiceLines[r.line];
    const rest = left[r.line];
    if (!original || rest === undefined || !Number.isInteger(r.line)) {
      problems.push({ field: `${at}.line`, reason: `is not a line of the invoice (0 to ${invoiceLines.length - 1})` });
      return;
    }
    if (asked.findIndex((x) => x.line === r.line) !== i) {
      problems.push({ field: `${at}.line`, reason: 'is asked twice' });
      return;
    }
    const quantity = r.quantity ?? rest;
    if (quantity === 0n) {
      if (request) problems.push({ field: `${at}.quantity`, reason: 'is 0' });
      return;
    }
    const sameSign = quantity > 0n === original.quantity > 0n;
    const abs = (q: bigint) => (q < 0n ? -q : q);
    if (!sameSign || abs(quantity) > abs(rest))
      problems.push({
        field: `${at}.quantity`,
        reason: `is more than is left to credit of line ${r.line} (${rest} of ${original.quantity})`,
      });
    else lines.push({ ...line(original.kind, quantity, original.unitPriceMinor), creditsLine: r.line });
  });
  if (problems.length) return { problems };
  if (lines.length === 0) return { problems: [{ field: 'lines', reason: 'nothing is left to credit on this invoice' }] };
  if (lines.reduce((s, l) => s + l.amountMinor, 0n) <= 0n)
    return { problems: [{ field: 'lines', reason: 'the credit note would come to nothing or less' }] };
  return { lines };
}

/** The ledger transaction a credit note posts: the revenue and its VAT taken back, the client's receivable reduced. */
export function creditNoteTransaction(
  cn: {
    number: string;
    clientId: string;
    currency: string;
    issueDate: CalendarDate;
    agreementId: string | null;
    lines: InvoiceLine[];
    vatMinor: bigint;
  },
  key: string,
): LedgerTransaction {
  const entries: Entry[] = cn.lines.map((l) => {
    if (l.kind === 'minimum') return { account: 'fee_revenue', amountMinor: l.amountMinor, part: 'minimum', claimId: null };
    if (l.kind.startsWith('fee_'))
      return { account: 'fee_revenue', amountMinor: l.amountMinor, part: l.kind.slice(4) as FeeKind, claimId: null };
    return {
      account: 'commission_revenue',
      amountMinor: l.amountMinor,
      part: l.kind.slice('commission_'.length) as 'principal' | 'interest' | 'costs',
      claimId: null,
    };
  });
  if (cn.vatMinor !== 0n) entries.push({ account: 'vat_payable', amountMinor: cn.vatMinor, part: 'vat', claimId: null });
  const total = cn.lines.reduce((s, l) => s + l.amountMinor, 0n) + cn.vatMinor;
  entries.push({ account: 'client_receivable', amountMinor: -total, part: 'credited', claimId: null });
  return {
    key,
    kind: 'credit_noted',
    clientId: cn.clientId,
    caseId: null,
    paymentId: null,
    currency: cn.currency,
    bookedOn: cn.issueDate,
    agreementId: cn.agreementId,
    reverses: null,
    memo: `credit note ${cn.number}: ${total} credited to the client`,
    entries,
  };
}

/**
 * The invoice's VAT (once on the total) less what the ledger booked per transaction, owed by the
 * client and to the state; null when they agree. Taken by the invoice like the rest.
 */
export function vatRoundingTransaction(
  inv: { number: string; clientId: string; currency: string; issueDate: CalendarDate; agreementId: string | null },
  vat: { vatMinor: bigint; vatBookedMinor: bigint },
  key: string,
): LedgerTransaction | null {
  const difference = vat.vatMinor - vat.vatBookedMinor;
  if (difference === 0n) return null;
  return {
    key,
    kind: 'vat_rounded',
    clientId: inv.clientId,
    caseId: null,
    paymentId: null,
    currency: inv.currency,
    bookedOn: inv.issueDate,
    agreementId: inv.agreementId,
    reverses: null,
    memo: `invoice ${inv.number}: VAT ${vat.vatMinor} on the total (EN 16931 BR-CO-17), ${vat.vatBookedMinor} booked per transaction, ${difference} rounding`,
    entries: [
      { account: 'client_receivable', amountMinor: difference, part: 'vat', claimId: null },
      { account: 'vat_payable', amountMinor: -difference, part: 'vat', claimId: null },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// The e-invoice.

/** The client as the invoice addresses it (set by the agency admin). */
export interface InvoiceRecipient {
  clientId: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  /** Where the PDF and UBL are e-mailed; null: not by e-mail. */
  email: string | null;
  /** The Peppol participant (EAS scheme and id) — the UBL's buyer endpoint (BT-49). */
  endpoint: { scheme: string; id: string };
  /** Deliver through the Peppol access point too. */
  sendByPeppol: boolean;
  /** The buyer reference (BT-10) the client wants on its invoices. */
  buyerReference: string;
}

export interface RecipientInput {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  email?: string | null;
  endpointScheme: string;
  endpointId: string;
  sendByPeppol?: boolean | null;
  buyerReference?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parseRecipient(clientId: string, input: RecipientInput): { recipient: InvoiceRecipient } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const text = (field: keyof RecipientInput, value: string | null | undefined, max = 200) => {
    const v = (value ?? '').trim();
    if (!v) problems.push({ field: `input.${field}`, reason: 'is required' });
    else if (v.length > max) problems.push({ field: `input.${field}`, reason: `is longer than ${max} characters` });
    return v;
  };
  const name = text('name', input.name);
  const street = text('street', input.street);
  const postalCode = text('postalCode', input.postalCode, 20);
  const city = text('city', input.city);
  const countryCode = (input.countryCode ?? '').trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(countryCode)) problems.push({ field: 'input.countryCode', reason: 'is not an ISO 3166-1 alpha-2 code (BE)' });
  const email = input.email?.trim() || null;
  if (email && !EMAIL.test(email)) problems.push({ field: 'input.email', reason: 'is not an e-mail address' });
  const scheme = (input.endpointScheme ?? '').trim();
  if (!/^\d{4}$/.test(scheme))
    problems.push({ field: 'input.endpointScheme', reason: 'is not an EAS code of 4 digits (0208: Belgian enterprise number)' });
  const id = text('endpointId', input.endpointId?.replace(/[\s.]/g, ''), 50);
  const sendByPeppol = input.sendByPeppol ?? true;
  if (!email && !sendByPeppol) problems.push({ field: 'input.email', reason: 'is required when the invoices do not go by Peppol' });
  const buyerReference = input.buyerReference?.trim() || `AMICUS-${clientId.slice(0, 8).toUpperCase()}`;
  if (problems.length) return { problems };
  return {
    recipient: { clientId, name, street, postalCode, city, countryCode, email, endpoint: { scheme, id }, sendByPeppol, buyerReference },
  };
}

/** An issued invoice or credit note as the e-invoice needs it. */
export interface InvoiceDocument {
  kind: InvoiceKind;
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  currency: string;
  period: { start: CalendarDate; end: CalendarDate } | null;
  lines: InvoiceLine[];
  vat: InvoiceVat;
  recipient: InvoiceRecipient;
  /** On a credit note: the invoice it corrects. */
  credited: { number: string; issueDate: CalendarDate } | null;
  reason: string | null;
}

/** The agency as seller: its legal name, VAT number, enterprise number and where it is paid. */
export interface Seller {
  name: string;
  vatNumber: string;
  enterpriseNumber: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  email: string;
  iban: string;
  bic: string | null;
}

function percent(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const frac = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** The UBL lines: a negative quantity keeps the price positive (BR-27). */
export function ublLinesOf(doc: Pick<InvoiceDocument, 'lines' | 'vat'>): UblLine[] {
  return doc.lines.map((l) => ({
    name: l.name,
    quantity: l.quantity.toString(),
    unitPriceMinor: l.unitPriceMinor,
    vat:
      doc.vat.category === 'S'
        ? { category: 'S', ratePercent: percent(doc.vat.rateBp) }
        : { category: 'AE', exemptionReason: doc.vat.mention },
  }));
}

/** The Peppol BIS Billing 3.0 model of an invoice or credit note (built and validated by @amicus/peppol). */
export function ublModelOf(
  doc: InvoiceDocument,
  seller: Seller,
): { kind: 'invoice'; model: UblInvoiceModel } | { kind: 'credit_note'; model: UblCreditNoteModel } {
  const sellerParty: UblParty = {
    name: seller.name,
    endpoint: { scheme: '0208', id: seller.enterpriseNumber },
    vatNumber: seller.vatNumber,
    legalId: { id: seller.enterpriseNumber, scheme: '0208' },
    address: { street: seller.street, postalCode: seller.postalCode, city: seller.city, countryCode: seller.countryCode },
    contact: { email: seller.email },
  };
  const r = doc.recipient;
  const buyer: UblParty = {
    name: r.name,
    endpoint: r.endpoint,
    ...(doc.vat.category === 'AE' ? { vatNumber: doc.vat.buyerVatNumber } : {}),
    address: { street: r.street, postalCode: r.postalCode, city: r.city, countryCode: r.countryCode },
    ...(r.email ? { contact: { email: r.email } } : {}),
  };
  // One note at document level (PEPPOL-EN16931-R002): the period, the reason of a credit note, the reverse-charge mention.
  const note = [
    ...(doc.period ? [`Commission and fees for ${doc.period.start} to ${doc.period.end}`] : []),
    ...(doc.reason ? [doc.reason] : []),
    ...(doc.vat.category === 'AE' ? [doc.vat.mention] : []),
  ].join('. ');
  const base = {
    number: doc.number,
    issueDate: doc.issueDate,
    currency: doc.currency,
    buyerReference: r.buyerReference,
    notes: note ? [note] : [],
    seller: sellerParty,
    buyer,
    lines: ublLinesOf(doc),
  };
  const payment = { iban: seller.iban, ...(seller.bic ? { bic: seller.bic } : {}), accountName: seller.name, reference: doc.number };
  if (doc.kind === 'invoice')
    return {
      kind: 'invoice',
      model: { ...base, dueDate: doc.dueDate, payment, paymentTerms: `Payable within ${PAYMENT_TERM_DAYS} days, by ${doc.dueDate}` },
    };
  return {
    kind: 'credit_note',
    model: { ...base, ...(doc.credited ? { creditedInvoice: { number: doc.credited.number, issueDate: doc.credited.issueDate } } : {}) },
  };
}
