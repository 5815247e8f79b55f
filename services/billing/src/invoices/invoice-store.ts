import type { EntityManager } from 'typeorm';
import type { CalendarDate } from '@amicus/calendar';
import { INVOICE_SERIES, type InvoiceKind, type InvoiceLine, type InvoiceRecipient, type InvoiceVat, type LineKind } from './invoice';

/**
 * The invoices' rows: the series counters, the documents (written once), the transactions each
 * took, the clients' invoicing addresses and the deliveries, mapped to typed shapes here.
 */

/** An issued invoice or credit note as stored. */
export interface Invoice {
  id: string;
  kind: InvoiceKind;
  number: string;
  clientId: string;
  period: { start: CalendarDate; end: CalendarDate } | null;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  currency: string;
  agreementId: string | null;
  creditedInvoiceId: string | null;
  reason: string | null;
  lines: InvoiceLine[];
  vat: InvoiceVat;
  recipient: InvoiceRecipient;
  lineTotalMinor: bigint;
  vatMinor: bigint;
  payableMinor: bigint;
  vatBookedMinor: bigint;
  ubl: string;
  issuedBy: string;
  issuedAt: Date;
}

/**
 * The next number of a series for a year, in the caller's transaction: the counter row stays
 * locked until it commits (a second issuer waits), and a rollback gives the number back — so
 * the committed numbers have no gap and none is used twice.
 */
export async function nextNumber(m: EntityManager, kind: InvoiceKind, year: number): Promise<number> {
  const [row] = (await m.query(
    `INSERT INTO billing.invoice_series (series, year, last_number) VALUES ($1, $2, 1)
     ON CONFLICT (series, year) DO UPDATE SET last_number = billing.invoice_series.last_number + 1
     RETURNING last_number`,
    [INVOICE_SERIES[kind], year],
  )) as { last_number: number }[];
  return row!.last_number;
}

export async function insertInvoice(m: EntityManager, inv: Invoice, seq: number): Promise<void> {
  await m.query(
    `INSERT INTO billing.invoices (id, kind, series, year, seq, number, client_id, period_start, period_end, issue_date, due_date, currency,
       agreement_id, credited_invoice_id, reason, lines, vat, recipient, line_total_minor, vat_minor, payable_minor, vat_booked_minor,
       ubl, issued_by, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
    [
      inv.id,
      inv.kind,
      INVOICE_SERIES[inv.kind],
      Number(inv.issueDate.slice(0, 4)),
      seq,
      inv.number,
      inv.clientId,
      inv.period?.start ?? null,
      inv.period?.end ?? null,
      inv.issueDate,
      inv.dueDate,
      inv.currency,
      inv.agreementId,
      inv.creditedInvoiceId,
      inv.reason,
      JSON.stringify(inv.lines.map(lineJson)),
      JSON.stringify(inv.vat),
      JSON.stringify(inv.recipient),
      inv.lineTotalMinor.toString(),
      inv.vatMinor.toString(),
      inv.payableMinor.toString(),
      inv.vatBookedMinor.toString(),
      inv.ubl,
      inv.issuedBy,
      inv.issuedAt,
    ],
  );
}

export async function markInvoiced(m: EntityManager, invoiceId: string, transactionIds: string[]): Promise<void> {
  if (transactionIds.length)
    await m.query(`INSERT INTO billing.invoice_items (transaction_id, invoice_id) SELECT unnest($1::uuid[]), $2`, [
      transactionIds,
      invoiceId,
    ]);
}

export async function findInvoices(m: EntityManager, where: string, params: unknown[]): Promise<Invoice[]> {
  const rows = (await m.query(
    `SELECT id, kind, number, client_id, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
            to_char(issue_date, 'YYYY-MM-DD') AS issue_date, to_char(due_date, 'YYYY-MM-DD') AS due_date, currency, agreement_id,
            credited_invoice_id, reason, lines, vat, recipient, line_total_minor::text, vat_minor::text, payable_minor::text,
            vat_booked_minor::text, ubl, issued_by, issued_at
       FROM billing.invoices WHERE ${where}`,
    params,
  )) as InvoiceRow[];
  return rows.map(invoiceOf);
}

export async function saveRecipient(m: EntityManager, r: InvoiceRecipient, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO billing.invoice_recipients (client_id, name, street, postal_code, city, country_code, email, endpoint_scheme, endpoint_id,
       send_by_peppol, buyer_reference, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (client_id) DO UPDATE SET name = $2, street = $3, postal_code = $4, city = $5, country_code = $6, email = $7,
       endpoint_scheme = $8, endpoint_id = $9, send_by_peppol = $10, buyer_reference = $11, updated_by = $12, updated_at = $13`,
    [
      r.clientId,
      r.name,
      r.street,
      r.postalCode,
      r.city,
      r.countryCode,
      r.email,
      r.endpoint.scheme,
      r.endpoint.id,
      r.sendByPeppol,
      r.buyerReference,
      by,
      at,
    ],
  );
}

export async function loadRecipient(m: EntityManager, clientId: string): Promise<InvoiceRecipient | null> {
  const [r] = (await m.query(`SELECT * FROM billing.invoice_recipients WHERE client_id = $1`, [clientId])) as {
    client_id: string;
    name: string;
    street: string;
    postal_code: string;
    city: string;
    country_code: string;
    email: string | null;
    endpoint_scheme: string;
    endpoint_id: string;
    send_by_peppol: boolean;
    buyer_reference: string;
  }[];
  if (!r) return null;
  return {
    clientId: r.client_id,
    name: r.name,
    street: r.street,
    postalCode: r.postal_code,
    city: r.city,
    countryCode: r.country_code,
    email: r.email,
    endpoint: { scheme: r.endpoint_scheme, id: r.endpoint_id },
    sendByPeppol: r.send_by_peppol,
    buyerReference: r.buyer_reference,
  };
}

/** One delivery of a document: by e-mail (sent, or failed) or through the access point (accepted, delivered, failed). */
export interface InvoiceDelivery {
  id: string;
  invoiceId: string;
  channel: 'email' | 'peppol';
  recipient: string;
  status: 'sent' | 'accepted' | 'delivered' | 'failed';
  providerMessageId: string | null;
  detail: string | null;
  attemptedAt: Date;
  updatedAt: Date;
}

export async function insertDelivery(m: EntityManager, d: InvoiceDelivery): Promise<void> {
  await m.query(
    `INSERT INTO billing.invoice_deliveries (id, invoice_id, channel, recipient, status, provider_message_id, detail, attempted_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [d.id, d.invoiceId, d.channel, d.recipient, d.status, d.providerMessageId, d.detail, d.attemptedAt, d.updatedAt],
  );
}

export async function updateDeliveryStatus(
  m: EntityManager,
  id: string,
  status: InvoiceDelivery['status'],
  detail: string | null,
  at: Date,
) {
  await m.query(`UPDATE billing.invoice_deliveries SET status = $2, detail = $3, updated_at = $4 WHERE id = $1`, [id, status, detail, at]);
}

export async function deliveriesOf(m: EntityManager, invoiceId: string): Promise<InvoiceDelivery[]> {
  const rows = (await m.query(`SELECT * FROM billing.invoice_deliveries WHERE invoice_id = $1 ORDER BY attempted_at, id`, [invoiceId])) as {
    id: string;
    invoice_id: string;
    channel: InvoiceDelivery['channel'];
    recipient: string;
    status: InvoiceDelivery['status'];
    provider_message_id: string | null;
    detail: string | null;
    attempted_at: Date;
    updated_at: Date;
  }[];
  return rows.map((r) => ({
    id: r.id,
    invoiceId: r.invoice_id,
    channel: r.channel,
    recipient: r.recipient,
    status: r.status,
    providerMessageId: r.provider_message_id,
    detail: r.detail,
    attemptedAt: r.attempted_at,
    updatedAt: r.updated_at,
  }));
}

type LineJson = { kind: LineKind; name: string; quantity: string; unitPriceMinor: string; amountMinor: string; creditsLine?: number };
const lineJson = (l: InvoiceLine): LineJson => ({
  kind: l.kind,
  name: l.name,
  quantity: l.quantity.toString(),
  unitPriceMinor: l.unitPriceMinor.toString(),
  amountMinor: l.amountMinor.toString(),
  ...(l.creditsLine !== undefined ? { creditsLine: l.creditsLine } : {}),
});
const lineOf = (j: LineJson): InvoiceLine => ({
  kind: j.kind,
  name: j.name,
  quantity: BigInt(j.quantity),
  unitPriceMinor: BigInt(j.unitPriceMinor),
  amountMinor: BigInt(j.amountMinor),
  ...(j.creditsLine !== undefined ? { creditsLine: j.creditsLine } : {}),
});

interface InvoiceRow {
  id: string;
  kind: InvoiceKind;
  number: string;
  client_id: string;
  period_start: string | null;
  period_end: string | null;
  issue_date: string;
  due_date: string;
  currency: string;
  agreement_id: string | null;
  credited_invoice_id: string | null;
  reason: string | null;
  lines: LineJson[];
  vat: InvoiceVat;
  recipient: InvoiceRecipient;
  line_total_minor: string;
  vat_minor: string;
  payable_minor: string;
  vat_booked_minor: string;
  ubl: string;
  issued_by: string;
  issued_at: Date;
}

function invoiceOf(r: InvoiceRow): Invoice {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    clientId: r.client_id,
    period: r.period_start && r.period_end ? { start: r.period_start, end: r.period_end } : null,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: r.currency,
    agreementId: r.agreement_id,
    creditedInvoiceId: r.credited_invoice_id,
    reason: r.reason,
    lines: r.lines.map(lineOf),
    vat: r.vat,
    recipient: r.recipient,
    lineTotalMinor: BigInt(r.line_total_minor),
    vatMinor: BigInt(r.vat_minor),
    payableMinor: BigInt(r.payable_minor),
    vatBookedMinor: BigInt(r.vat_booked_minor),
    ubl: r.ubl,
    issuedBy: r.issued_by,
    issuedAt: r.issued_at,
  };
}
