import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf } from './schema';
import { topics } from './topics';

// What billing tells the others, owned by the billing service: a client's remittance issued for
// a period. Keyed by client id, on the billing topic. Reporting counts what was remitted.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const minor = Type.String({ pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });

export const RemittanceIssued = defineEvent({
  type: 'RemittanceIssued',
  version: 1,
  topic: topics.billing,
  schema: Type.Object({
    remittanceId: uuid,
    clientId: uuid,
    periodKind: EnumOf(['weekly', 'monthly']),
    periodStart: date,
    periodEnd: date,
    currency,
    /** Money into trust allocated to what it paid, over the statement's transactions. */
    collectedMinor: minor,
    commissionMinor: minor,
    feesMinor: minor,
    costsKeptMinor: minor,
    vatMinor: minor,
    refundsMinor: minor,
    /** What the client got (negative: what it owes). */
    netMinor: minor,
    payoutMinor: minor,
    invoicedMinor: minor,
    /** payout: money goes to the client; invoice: the client owes the rest; nil: nothing moved. */
    outcome: EnumOf(['payout', 'invoice', 'nil']),
    cases: Type.Integer({ minimum: 0 }),
  }),
});
export type RemittanceIssuedV1 = PayloadOf<typeof RemittanceIssued>;

/** The agency invoiced a client its commission and fees (issue #14 §4); reporting counts what was invoiced. */
export const ClientInvoiceIssued = defineEvent({
  type: 'ClientInvoiceIssued',
  version: 1,
  topic: topics.billing,
  schema: Type.Object({
    invoiceId: uuid,
    clientId: uuid,
    /** From the gap-free series of the year: INV-2026-000042. */
    number: Type.String({ minLength: 1 }),
    issueDate: date,
    dueDate: date,
    periodStart: date,
    periodEnd: date,
    currency,
    lineTotalMinor: minor,
    vatMinor: minor,
    payableMinor: minor,
    /** S: Belgian VAT; AE: intra-EU reverse charge. */
    vatCategory: EnumOf(['S', 'AE']),
    lines: Type.Integer({ minimum: 1 }),
  }),
});
export type ClientInvoiceIssuedV1 = PayloadOf<typeof ClientInvoiceIssued>;

/** A credit note corrected an invoice of a client (issue #14 §4): what it credits, positive amounts. */
export const CreditNoteIssued = defineEvent({
  type: 'CreditNoteIssued',
  version: 1,
  topic: topics.billing,
  schema: Type.Object({
    creditNoteId: uuid,
    clientId: uuid,
    /** From the credit notes' gap-free series of the year: CN-2026-000003. */
    number: Type.String({ minLength: 1 }),
    invoiceId: uuid,
    invoiceNumber: Type.String({ minLength: 1 }),
    issueDate: date,
    currency,
    lineTotalMinor: minor,
    vatMinor: minor,
    payableMinor: minor,
    reason: Type.String({ minLength: 1 }),
  }),
});
export type CreditNoteIssuedV1 = PayloadOf<typeof CreditNoteIssued>;

export const billingEvents = [RemittanceIssued, ClientInvoiceIssued, CreditNoteIssued] as const;
