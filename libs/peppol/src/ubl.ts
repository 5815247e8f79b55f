/**
 * Peppol BIS Billing 3.0 UBL from a typed model: `ublInvoice` (type 380) and `ublCreditNote`
 * (381). The model is the invoice as the agency issues it — seller, buyer, lines with a quantity,
 * a unit price in integer minor units and a VAT category (S at a rate, or AE: intra-EU reverse
 * charge with its legal mention) — and nothing of how billing stores it. Every total is computed
 * here from the lines in integer minor units (`ublTotals`), so the document adds up by
 * construction: line = quantity × price rounded half-up to the cent, VAT per category = taxable ×
 * rate / 100 rounded half-up, totals their sums. Bad input is refused with each field's problem.
 */
import { DomainError, type FieldProblem } from '@amicus/errors';
import { formatAmount, isCurrencyCode, minorDigits, money, mulRatio, parseDecimal, ratio, roundHalfUp } from '@amicus/money';
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { UBL_CREDIT_NOTE_NS, UBL_INVOICE_NS } from './validate';

export const PEPPOL_BILLING_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_BILLING_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
const CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2';
const CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2';

/** The legal mention of an intra-EU reverse charge when the model gives none (Art. 196 of Directive 2006/112/EC). */
export const REVERSE_CHARGE_MENTION = 'Reverse charge: VAT due by the customer (Art. 196 Directive 2006/112/EC)';

export interface UblAddress {
  street: string;
  additionalStreet?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2: `BE`, `NL`. */
  countryCode: string;
}

export interface UblParty {
  /** The legal name (BT-27 seller, BT-44 buyer). */
  name: string;
  /** A trading name, when it differs. */
  tradingName?: string;
  /** The Peppol electronic address (BT-34 / BT-49): the EAS scheme (`0208` Belgian enterprise number, `9925` Belgian VAT …) and the id. */
  endpoint: { scheme: string; id: string };
  /** The VAT number with its country prefix (`BE0123456749`). */
  vatNumber?: string;
  /** The legal registration (BT-30 / BT-47), e.g. the enterprise number with scheme `0208`. */
  legalId?: { id: string; scheme?: string };
  address: UblAddress;
  contact?: { name?: string; telephone?: string; email?: string };
}

/** S: standard rated at a percent (`"21"`, `"6"`, `"5.5"`); AE: reverse charge, VAT 0, with the legal mention. */
export type UblVat = { category: 'S'; ratePercent: string } | { category: 'AE'; exemptionReason?: string };

export interface UblLine {
  /** Defaults to the line's position, from 1. */
  id?: string;
  name: string;
  description?: string;
  /** A decimal (`"1"`, `"2.5"`, `"-1"` for a correction); at most 4 decimals. */
  quantity: string;
  /** UN/ECE Recommendation 20 (`C62` one, `HUR` hour …); default `C62`. */
  unitCode?: string;
  /** The net price of one unit in minor units of the document's currency; not negative. */
  unitPriceMinor: bigint;
  vat: UblVat;
}

export interface UblPayment {
  /** The account to pay to (BT-84), validated. */
  iban: string;
  bic?: string;
  accountName?: string;
  /** The remittance information (BT-83): a structured reference (OGM, RF) or the invoice number. */
  reference?: string;
  /** UNCL4461: `58` SEPA credit transfer (default) or `30` credit transfer. */
  meansCode?: '58' | '30';
}

interface UblDocumentBase {
  /** The invoice number (BT-1), from the gap-free series. */
  number: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  /** ISO 4217, at most 2 decimals; default `EUR`. */
  currency?: string;
  /** The buyer's reference (BT-10): Peppol needs it or an order reference (PEPPOL-EN16931-R003). */
  buyerReference?: string;
  orderReference?: string;
  notes?: string[];
  /** The agency. */
  seller: UblParty;
  /** The client. */
  buyer: UblParty;
  lines: UblLine[];
  paymentTerms?: string;
}

export interface UblInvoiceModel extends UblDocumentBase {
  /** YYYY-MM-DD. */
  dueDate: string;
  payment: UblPayment;
}

export interface UblCreditNoteModel extends UblDocumentBase {
  /** The invoice this credit note corrects (BT-25, BT-26). */
  creditedInvoice?: { number: string; issueDate?: string };
  dueDate?: string;
  payment?: UblPayment;
}

export interface UblVatBreakdown {
  category: 'S' | 'AE';
  /** `"21"`; `"0"` for AE. */
  ratePercent: string;
  taxableMinor: bigint;
  taxMinor: bigint;
  exemptionReason?: string;
}

export interface UblTotals {
  currency: string;
  lineAmountsMinor: bigint[];
  vat: UblVatBreakdown[];
  lineTotalMinor: bigint;
  taxExclusiveMinor: bigint;
  taxMinor: bigint;
  taxInclusiveMinor: bigint;
  payableMinor: bigint;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const QUANTITY = /^-?\d{1,9}(\.\d{1,4})?$/;
const RATE = /^\d{1,2}(\.\d{1,2})?$/;
const COUNTRY = /^[A-Z]{2}$/;
const VAT_NUMBER = /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/;

function isCalendarDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const blank = (s: string | undefined) => s === undefined || s.trim() === '';

/** The lines' amounts, the VAT breakdown per category and rate, and the document totals, in minor units. */
export function ublTotals(model: UblDocumentBase): UblTotals {
  const currency = model.currency ?? 'EUR';
  const lineAmountsMinor = model.lines.map((l) => roundHalfUp(mulRatio(parseDecimal(l.quantity), ratio(l.unitPriceMinor))));
  const groups = new Map<string, UblVatBreakdown>();
  model.lines.forEach((l, i) => {
    const rate = l.vat.category === 'S' ? normalRate(l.vat.ratePercent) : '0';
    const key = `${l.vat.category}:${rate}`;
    const g = groups.get(key) ?? {
      category: l.vat.category,
      ratePercent: rate,
      taxableMinor: 0n,
      taxMinor: 0n,
      ...(l.vat.category === 'AE' ? { exemptionReason: l.vat.exemptionReason?.trim() || REVERSE_CHARGE_MENTION } : {}),
    };
    g.taxableMinor += lineAmountsMinor[i];
    groups.set(key, g);
  });
  const vat = [...groups.values()];
  for (const g of vat)
    g.taxMinor =
      g.category === 'S' ? roundHalfUp(mulRatio(ratio(g.taxableMinor), mulRatio(parseDecimal(g.ratePercent), ratio(1n, 100n)))) : 0n;
  const lineTotalMinor = lineAmountsMinor.reduce((a, b) => a + b, 0n);
  const taxMinor = vat.reduce((a, g) => a + g.taxMinor, 0n);
  return {
    currency,
    lineAmountsMinor,
    vat,
    lineTotalMinor,
    taxExclusiveMinor: lineTotalMinor,
    taxMinor,
    taxInclusiveMinor: lineTotalMinor + taxMinor,
    payableMinor: lineTotalMinor + taxMinor,
  };
}

/** `"21.00"` → `"21"`, `"5.50"` → `"5.5"`: one spelling per rate, so one breakdown per rate. */
function normalRate(rate: string): string {
  const [int, frac = ''] = rate.split('.');
  const f = frac.replace(/0+$/, '');
  return `${String(Number(int))}${f ? `.${f}` : ''}`;
}

function check(
  model: UblDocumentBase & { dueDate?: string; payment?: UblPayment; creditedInvoice?: { number: string } },
  kind: 'invoice' | 'creditNote',
): void {
  const problems: FieldProblem[] = [];
  const need = (field: string, value: string | undefined, what = 'required') => {
    if (blank(value)) problems.push({ field, reason: what });
  };
  need('number', model.number);
  if (!isCalendarDate(model.issueDate)) problems.push({ field: 'issueDate', reason: 'not a calendar date (YYYY-MM-DD)' });
  if (model.dueDate !== undefined && !isCalendarDate(model.dueDate))
    problems.push({ field: 'dueDate', reason: 'not a calendar date (YYYY-MM-DD)' });
  if (kind === 'invoice' && model.dueDate === undefined) problems.push({ field: 'dueDate', reason: 'required' });
  const currency = model.currency ?? 'EUR';
  if (!isCurrencyCode(currency)) problems.push({ field: 'currency', reason: `not an ISO 4217 currency: "${currency}"` });
  else if (minorDigits(currency) > 2)
    problems.push({ field: 'currency', reason: `${currency} has ${minorDigits(currency)} decimals; Peppol amounts have at most 2` });
  if (blank(model.buyerReference) && blank(model.orderReference))
    problems.push({ field: 'buyerReference', reason: 'required unless an orderReference is given (PEPPOL-EN16931-R003)' });
  const party = (p: UblParty, at: string) => {
    need(`${at}.name`, p.name);
    need(`${at}.endpoint.scheme`, p.endpoint?.scheme);
    if (p.endpoint?.scheme && !/^\d{4}$/.test(p.endpoint.scheme))
      problems.push({ field: `${at}.endpoint.scheme`, reason: 'an EAS code of 4 digits (0208, 9925 …)' });
    need(`${at}.endpoint.id`, p.endpoint?.id);
    if (p.vatNumber !== undefined && !VAT_NUMBER.test(p.vatNumber))
      problems.push({ field: `${at}.vatNumber`, reason: 'a VAT number with its country prefix, without spaces (BE0123456749)' });
    need(`${at}.address.street`, p.address?.street);
    need(`${at}.address.city`, p.address?.city);
    need(`${at}.address.postalCode`, p.address?.postalCode);
    if (!COUNTRY.test(p.address?.countryCode ?? ''))
      problems.push({ field: `${at}.address.countryCode`, reason: 'an ISO 3166-1 alpha-2 code (BE)' });
  };
  party(model.seller, 'seller');
  party(model.buyer, 'buyer');
  if (blank(model.seller.vatNumber))
    problems.push({ field: 'seller.vatNumber', reason: 'required: the agency invoices with VAT (BR-S-02, BR-AE-02)' });
  if (!model.lines.length) problems.push({ field: 'lines', reason: 'at least one line' });
  model.lines.forEach((l, i) => {
    const at = `lines[${i}]`;
    need(`${at}.name`, l.name);
    if (!QUANTITY.test(l.quantity))
      problems.push({ field: `${at}.quantity`, reason: 'a decimal with at most 4 decimals ("1", "2.5", "-1")' });
    if (typeof l.unitPriceMinor !== 'bigint' || l.unitPriceMinor < 0n)
      problems.push({ field: `${at}.unitPriceMinor`, reason: 'minor units as a bigint, not negative (BR-27)' });
    if (l.unitCode !== undefined && !/^[A-Z0-9]{2,3}$/.test(l.unitCode))
      problems.push({ field: `${at}.unitCode`, reason: 'a UN/ECE Rec. 20 code (C62, HUR …)' });
    if (l.vat.category === 'S') {
      if (!RATE.test(l.vat.ratePercent) || Number(l.vat.ratePercent) === 0)
        problems.push({ field: `${at}.vat.ratePercent`, reason: 'a percent above 0 with at most 2 decimals ("21")' });
    } else if (l.vat.category === 'AE') {
      if (blank(model.buyer.vatNumber))
        problems.push({
          field: 'buyer.vatNumber',
          reason: "required for a reverse charge (AE) line: the customer's VAT number (BR-AE-02)",
        });
    } else {
      problems.push({ field: `${at}.vat.category`, reason: 'S or AE' });
    }
  });
  if (model.payment) {
    const p = model.payment;
    const iban = electronicFormatIBAN(p.iban) ?? '';
    if (!isValidIBAN(iban)) problems.push({ field: 'payment.iban', reason: `not a valid IBAN: "${p.iban}"` });
    if (p.bic !== undefined && !isValidBIC(p.bic)) problems.push({ field: 'payment.bic', reason: `not a valid BIC: "${p.bic}"` });
  } else if (kind === 'invoice') problems.push({ field: 'payment', reason: 'required: where to pay' });
  if (model.creditedInvoice !== undefined) need('creditedInvoice.number', model.creditedInvoice.number);
  if (problems.length) throw DomainError.invalid(problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i));
}

/** The Peppol BIS Billing 3.0 invoice (UBL 2.1 Invoice, type 380). */
export function ublInvoice(model: UblInvoiceModel): string {
  check(model, 'invoice');
  return build('Invoice', model, ublTotals(model));
}

/** The Peppol BIS Billing 3.0 credit note (UBL 2.1 CreditNote, type 381), positive amounts crediting the invoice. */
export function ublCreditNote(model: UblCreditNoteModel): string {
  check(model, 'creditNote');
  return build('CreditNote', model, ublTotals(model));
}

type Node = XMLBuilder;

function build(kind: 'Invoice' | 'CreditNote', model: UblInvoiceModel | UblCreditNoteModel, totals: UblTotals): string {
  const currency = totals.currency;
  const amount = (minor: bigint) => formatAmount(money(minor, currency));
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc
    .ele(kind === 'Invoice' ? UBL_INVOICE_NS : UBL_CREDIT_NOTE_NS, kind)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:cac', CAC)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:cbc', CBC);
  const cbc = (parent: Node, name: string, text: string, attrs: Record<string, string> = {}) => {
    const e = parent.ele(CBC, `cbc:${name}`);
    for (const [k, v] of Object.entries(attrs)) e.att(k, v);
    e.txt(text);
    return parent;
  };
  const cac = (parent: Node, name: string) => parent.ele(CAC, `cac:${name}`);
  const money_ = (parent: Node, name: string, minor: bigint) => cbc(parent, name, amount(minor), { currencyID: currency });

  cbc(root, 'CustomizationID', PEPPOL_BILLING_CUSTOMIZATION_ID);
  cbc(root, 'ProfileID', PEPPOL_BILLING_PROFILE_ID);
  cbc(root, 'ID', model.number);
  cbc(root, 'IssueDate', model.issueDate);
  if (kind === 'Invoice') {
    cbc(root, 'DueDate', (model as UblInvoiceModel).dueDate);
    cbc(root, 'InvoiceTypeCode', '380');
  } else cbc(root, 'CreditNoteTypeCode', '381');
  for (const n of model.notes ?? []) if (!blank(n)) cbc(root, 'Note', n);
  cbc(root, 'DocumentCurrencyCode', currency);
  if (!blank(model.buyerReference)) cbc(root, 'BuyerReference', model.buyerReference!.trim());
  if (!blank(model.orderReference)) cbc(cac(root, 'OrderReference'), 'ID', model.orderReference!.trim());
  const credited = kind === 'CreditNote' ? (model as UblCreditNoteModel).creditedInvoice : undefined;
  if (credited) {
    const ref = cac(cac(root, 'BillingReference'), 'InvoiceDocumentReference');
    cbc(ref, 'ID', credited.number);
    if (credited.issueDate) cbc(ref, 'IssueDate', credited.issueDate);
  }
  party(cac(root, 'AccountingSupplierParty'), model.seller);
  party(cac(root, 'AccountingCustomerParty'), model.buyer);

  if (model.payment) {
    const p = model.payment;
    const means = cac(root, 'PaymentMeans');
    const code = p.meansCode ?? '58';
    cbc(means, 'PaymentMeansCode', code, { name: code === '58' ? 'SEPA credit transfer' : 'Credit transfer' });
    // A credit note has no document due date in UBL 2.1: BT-9 goes here.
    if (kind === 'CreditNote' && model.dueDate) cbc(means, 'PaymentDueDate', model.dueDate);
    cbc(means, 'PaymentID', p.reference?.trim() || model.number);
    const account = cac(means, 'PayeeFinancialAccount');
    cbc(account, 'ID', electronicFormatIBAN(p.iban)!);
    if (p.accountName) cbc(account, 'Name', p.accountName);
    if (p.bic) cbc(cac(account, 'FinancialInstitutionBranch'), 'ID', p.bic);
  }
  if (!blank(model.paymentTerms)) cbc(cac(root, 'PaymentTerms'), 'Note', model.paymentTerms!);

  const taxTotal = cac(root, 'TaxTotal');
  money_(taxTotal, 'TaxAmount', totals.taxMinor);
  for (const g of totals.vat) {
    const sub = cac(taxTotal, 'TaxSubtotal');
    money_(sub, 'TaxableAmount', g.taxableMinor);
    money_(sub, 'TaxAmount', g.taxMinor);
    const cat = cac(sub, 'TaxCategory');
    cbc(cat, 'ID', g.category);
    cbc(cat, 'Percent', g.ratePercent);
    if (g.category === 'AE') {
      cbc(cat, 'TaxExemptionReasonCode', 'VATEX-EU-AE');
      cbc(cat, 'TaxExemptionReason', g.exemptionReason ?? REVERSE_CHARGE_MENTION);
    }
    cbc(cac(cat, 'TaxScheme'), 'ID', 'VAT');
  }
  const sums = cac(root, 'LegalMonetaryTotal');
  money_(sums, 'LineExtensionAmount', totals.lineTotalMinor);
  money_(sums, 'TaxExclusiveAmount', totals.taxExclusiveMinor);
  money_(sums, 'TaxInclusiveAmount', totals.taxInclusiveMinor);
  money_(sums, 'PayableAmount', totals.payableMinor);

  model.lines.forEach((l, i) => {
    const line = cac(root, kind === 'Invoice' ? 'InvoiceLine' : 'CreditNoteLine');
    cbc(line, 'ID', l.id?.trim() || String(i + 1));
    cbc(line, kind === 'Invoice' ? 'InvoicedQuantity' : 'CreditedQuantity', l.quantity, { unitCode: l.unitCode ?? 'C62' });
    money_(line, 'LineExtensionAmount', totals.lineAmountsMinor[i]);
    const item = cac(line, 'Item');
    if (!blank(l.description)) cbc(item, 'Description', l.description!);
    cbc(item, 'Name', l.name);
    const cat = cac(item, 'ClassifiedTaxCategory');
    cbc(cat, 'ID', l.vat.category);
    cbc(cat, 'Percent', l.vat.category === 'S' ? normalRate(l.vat.ratePercent) : '0');
    cbc(cac(cat, 'TaxScheme'), 'ID', 'VAT');
    money_(cac(line, 'Price'), 'PriceAmount', l.unitPriceMinor);
  });
  return doc.end({ prettyPrint: true });

  function party(parent: Node, p: UblParty): void {
    const node = cac(parent, 'Party');
    cbc(node, 'EndpointID', p.endpoint.id, { schemeID: p.endpoint.scheme });
    if (p.tradingName) cbc(cac(node, 'PartyName'), 'Name', p.tradingName);
    const address = cac(node, 'PostalAddress');
    cbc(address, 'StreetName', p.address.street);
    if (p.address.additionalStreet) cbc(address, 'AdditionalStreetName', p.address.additionalStreet);
    cbc(address, 'CityName', p.address.city);
    cbc(address, 'PostalZone', p.address.postalCode);
    cbc(cac(address, 'Country'), 'IdentificationCode', p.address.countryCode);
    if (p.vatNumber) {
      const tax = cac(node, 'PartyTaxScheme');
      cbc(tax, 'CompanyID', p.vatNumber);
      cbc(cac(tax, 'TaxScheme'), 'ID', 'VAT');
    }
    const legal = cac(node, 'PartyLegalEntity');
    cbc(legal, 'RegistrationName', p.name);
    if (p.legalId) cbc(legal, 'CompanyID', p.legalId.id, p.legalId.scheme ? { schemeID: p.legalId.scheme } : {});
    if (p.contact && (p.contact.name || p.contact.telephone || p.contact.email)) {
      const c = cac(node, 'Contact');
      if (p.contact.name) cbc(c, 'Name', p.contact.name);
      if (p.contact.telephone) cbc(c, 'Telephone', p.contact.telephone);
      if (p.contact.email) cbc(c, 'ElectronicMail', p.contact.email);
    }
  }
}
