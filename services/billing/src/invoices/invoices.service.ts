import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { ClientInvoiceIssued, CreditNoteIssued, createEvent } from '@amicus/events';
import { assertPeppolValid, ublCreditNote, ublInvoice } from '@amicus/peppol';
import { Messaging } from '@amicus/service-runtime';
import { agreementInForce, agreementScope, type Agreement, type RemittancePeriod } from '../agreements/agreement';
import { AgreementEntity, agreementOf } from '../agreements/agreement.entity';
import { insertTransaction, uninvoicedTransactions } from '../ledger/ledger-store';
import { periodContaining, periodStartProblem } from '../remittances/remittance';
import { AGENCY_LOOK, type AgencyLook, INVOICE_SELLER } from '../config';
import {
  type CreditRequest,
  type InvoiceDocument,
  type InvoiceRecipient,
  type RecipientInput,
  type Seller,
  creditNoteLines,
  creditNoteTransaction,
  vatRoundingTransaction,
  decideInvoice,
  invoiceNumber,
  parseRecipient,
  totalsOf,
  ublModelOf,
} from './invoice';
import { invoicePdf } from './invoice-pdf';
import { type Invoice, findInvoices, insertInvoice, loadRecipient, markInvoiced, nextNumber, saveRecipient } from './invoice-store';
import { readAsTenant } from '../tenant-reads';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client the invoice run left out, and why. */
export interface InvoiceRunSkip {
  clientId: string;
  reason: string;
}

/**
 * Client invoices and credit notes: issued in one transaction each — the number taken from the
 * series, the UBL built and checked against the Peppol rules (a document that fails a rule is
 * not issued, and its number goes back to the series), the document stored, the ledger
 * transactions it took marked, the event in the outbox. Reads behind the walls.
 */
@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly messaging: Messaging,
    @Inject(INVOICE_SELLER) private readonly seller: Seller,
    @Inject(AGENCY_LOOK) private readonly look: AgencyLook,
  ) {}

  /** The agency admin sets where a client's invoices go (its legal name, address, e-mail, Peppol id). */
  async setRecipient(identity: Identity, clientId: string, input: RecipientInput): Promise<InvoiceRecipient> {
    requireAdmin(identity);
    if (!UUID.test(clientId)) throw DomainError.invalid([{ field: 'clientId', reason: 'is not a client id (uuid)' }]);
    const parsed = parseRecipient(clientId, input);
    if ('problems' in parsed) throw DomainError.invalid(parsed.problems);
    await saveRecipient(this.db.manager, parsed.recipient, identity.subject, this.clock.now());
    return parsed.recipient;
  }

  async recipient(identity: Identity, clientId: string): Promise<InvoiceRecipient | null> {
    if (!UUID.test(clientId) || walledClient(identity, clientId) === false) return null;
    return readAsTenant(this.db, identity, (m) => loadRecipient(m, clientId));
  }

  /** The agency admin invoices a client's period (its first day, by the client's remittance period) once it is remitted. */
  async issue(identity: Identity, clientId: string, periodStart: string): Promise<Invoice> {
    requireAdmin(identity);
    if (!UUID.test(clientId)) throw DomainError.invalid([{ field: 'clientId', reason: 'is not a client id (uuid)' }]);
    if (!isCalendarDate(periodStart)) throw DomainError.invalid([{ field: 'periodStart', reason: 'is not a date (YYYY-MM-DD)' }]);
    return this.db.transaction((m) => this.issueIn(m, identity, clientId, periodStart));
  }

  /** The invoice run: every client remitted by `kind` whose period starting on `periodStart` is remitted and not yet invoiced. */
  async issueAll(
    identity: Identity,
    periodStart: string,
    kind: RemittancePeriod,
  ): Promise<{ issued: Invoice[]; skipped: InvoiceRunSkip[] }> {
    requireAdmin(identity);
    const problem = periodStartProblem(periodStart, kind);
    if (problem) throw DomainError.invalid([{ field: 'periodStart', reason: problem }]);
    const clients = (await this.db.query(
      `SELECT r.client_id FROM billing.remittances r
        WHERE r.period_start = $1 AND r.period_kind = $2
          AND NOT EXISTS (SELECT 1 FROM billing.invoices i WHERE i.client_id = r.client_id AND i.period_start = $1 AND i.kind = 'invoice')
        ORDER BY r.client_id`,
      [periodStart, kind],
    )) as { client_id: string }[];
    const issued: Invoice[] = [];
    const skipped: InvoiceRunSkip[] = [];
    for (const { client_id } of clients) {
      try {
        issued.push(await this.db.transaction((m) => this.issueIn(m, identity, client_id, periodStart)));
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        skipped.push({ clientId: client_id, reason: e.message });
      }
    }
    return { issued, skipped };
  }

  private async issueIn(m: EntityManager, identity: Identity, clientId: string, periodStart: CalendarDate): Promise<Invoice> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('billing.invoices:' || $1))`, [clientId]);
    const [existing] = await findInvoices(m, `client_id = $1 AND period_start = $2 AND kind = 'invoice'`, [clientId, periodStart]);
    if (existing) return existing;
    const agreement = agreementInForce(await this.versions(m, clientId), periodStart);
    if (!agreement) throw new DomainError('conflict', `client ${clientId} has no agreement in force on ${periodStart}`);
    const problem = periodStartProblem(periodStart, agreement.terms.remittancePeriod);
    if (problem) throw DomainError.invalid([{ field: 'periodStart', reason: problem }]);
    const period = periodContaining(periodStart, agreement.terms.remittancePeriod);
    // The period's remittance comes first: it closes the period and tops up the monthly minimum the invoice carries.
    const [remitted] = (await m.query(`SELECT 1 FROM billing.remittances WHERE client_id = $1 AND period_start = $2`, [
      clientId,
      period.start,
    ])) as unknown[];
    if (!remitted) throw new DomainError('conflict', `the period ${period.start}..${period.end} of client ${clientId} is not remitted yet`);
    const recipient = await loadRecipient(m, clientId);
    if (!recipient) throw new DomainError('conflict', `client ${clientId} has no invoicing address (setInvoiceRecipient)`);

    const items = (await uninvoicedTransactions(m, clientId, period.end)).filter(
      (i) => i.tx.currency === agreement.terms.currency && i.tx.kind !== 'credit_noted',
    );
    const issueDate = this.clock.today();
    const decision = decideInvoice(
      agreement,
      items.map((i) => i.tx),
      period,
      issueDate,
    );
    if (!decision.ok) throw new DomainError('conflict', decision.reason);

    const year = Number(issueDate.slice(0, 4));
    const seq = await nextNumber(m, 'invoice', year);
    const doc: InvoiceDocument = {
      kind: 'invoice',
      number: invoiceNumber('invoice', year, seq),
      issueDate,
      dueDate: decision.dueDate,
      currency: agreement.terms.currency,
      period: { start: period.start, end: period.end },
      lines: decision.lines,
      vat: decision.vat,
      recipient,
      credited: null,
      reason: null,
    };
    const ubl = await this.checkedUbl(doc);
    const invoice: Invoice = {
      id: crypto.randomUUID(),
      kind: 'invoice',
      number: doc.number,
      clientId,
      period: doc.period,
      issueDate,
      dueDate: doc.dueDate,
      currency: doc.currency,
      agreementId: agreement.id,
      creditedInvoiceId: null,
      reason: null,
      lines: doc.lines,
      vat: doc.vat,
      recipient,
      ...decision.totals,
      vatBookedMinor: decision.vatBookedMinor,
      ubl,
      issuedBy: identity.subject,
      issuedAt: this.clock.now(),
    };
    await insertInvoice(m, invoice, seq);
    const rounding = vatRoundingTransaction(invoice, invoice, `vat_rounding:${invoice.id}`);
    await markInvoiced(m, invoice.id, [...items.map((i) => i.id), ...(rounding ? [await insertTransaction(m, rounding)] : [])]);
    await this.messaging.publish(
      m,
      createEvent(ClientInvoiceIssued, {
        aggregateId: clientId,
        clientId,
        occurredAt: invoice.issuedAt,
        payload: {
          invoiceId: invoice.id,
          clientId,
          number: invoice.number,
          issueDate,
          dueDate: invoice.dueDate,
          periodStart: period.start,
          periodEnd: period.end,
          currency: invoice.currency,
          lineTotalMinor: invoice.lineTotalMinor.toString(),
          vatMinor: invoice.vatMinor.toString(),
          payableMinor: invoice.payableMinor.toString(),
          vatCategory: invoice.vat.category,
          lines: invoice.lines.length,
        },
      }),
    );
    return invoice;
  }

  /**
   * The agency admin corrects an invoice with a credit note: all that is left of it, or the lines
   * and quantities asked; posted in the ledger (the client's receivable reduced), numbered in the
   * credit notes' series, CreditNoteIssued in the outbox.
   */
  async creditNote(identity: Identity, invoiceId: string, reason: string, request: CreditRequest[] | null): Promise<Invoice> {
    requireAdmin(identity);
    if (!UUID.test(invoiceId)) throw DomainError.invalid([{ field: 'invoiceId', reason: 'is not an invoice id' }]);
    const why = reason?.trim() ?? '';
    if (!why) throw DomainError.invalid([{ field: 'reason', reason: 'is required: the credit note says why it corrects the invoice' }]);
    if (why.length > 500) throw DomainError.invalid([{ field: 'reason', reason: 'is longer than 500 characters' }]);
    return this.db.transaction(async (m) => {
      const [found] = await findInvoices(m, `id = $1`, [invoiceId]);
      if (!found) throw new DomainError('not_found', `no invoice ${invoiceId}`);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('billing.invoices:' || $1))`, [found.clientId]);
      if (found.kind !== 'invoice') throw DomainError.invalid([{ field: 'invoiceId', reason: 'is a credit note, not an invoice' }]);
      const earlier = await findInvoices(m, `credited_invoice_id = $1 ORDER BY issued_at`, [invoiceId]);
      const picked = creditNoteLines(
        found.lines,
        earlier.flatMap((c) => c.lines),
        request,
      );
      if ('problems' in picked) throw DomainError.invalid(picked.problems);
      // A full credit takes back exactly the invoice's VAT; a partial one the VAT on what it credits.
      const totals = totalsOf(picked.lines, found.vat);
      const issueDate = this.clock.today();
      const year = Number(issueDate.slice(0, 4));
      const seq = await nextNumber(m, 'credit_note', year);
      const doc: InvoiceDocument = {
        kind: 'credit_note',
        number: invoiceNumber('credit_note', year, seq),
        issueDate,
        dueDate: issueDate,
        currency: found.currency,
        period: found.period,
        lines: picked.lines,
        vat: found.vat,
        recipient: found.recipient,
        credited: { number: found.number, issueDate: found.issueDate },
        reason: `Credit note for invoice ${found.number}: ${why}`,
      };
      const ubl = await this.checkedUbl(doc);
      const cn: Invoice = {
        id: crypto.randomUUID(),
        kind: 'credit_note',
        number: doc.number,
        clientId: found.clientId,
        period: found.period,
        issueDate,
        dueDate: issueDate,
        currency: found.currency,
        agreementId: found.agreementId,
        creditedInvoiceId: found.id,
        reason: why,
        lines: picked.lines,
        vat: found.vat,
        recipient: found.recipient,
        ...totals,
        vatBookedMinor: totals.vatMinor,
        ubl,
        issuedBy: identity.subject,
        issuedAt: this.clock.now(),
      };
      await insertInvoice(m, cn, seq);
      const txId = await insertTransaction(
        m,
        creditNoteTransaction(
          {
            number: cn.number,
            clientId: cn.clientId,
            currency: cn.currency,
            issueDate,
            agreementId: cn.agreementId,
            lines: cn.lines,
            vatMinor: cn.vatMinor,
          },
          `credit_note:${cn.id}`,
        ),
      );
      await markInvoiced(m, cn.id, [txId]);
      await this.messaging.publish(
        m,
        createEvent(CreditNoteIssued, {
          aggregateId: cn.clientId,
          clientId: cn.clientId,
          occurredAt: cn.issuedAt,
          payload: {
            creditNoteId: cn.id,
            clientId: cn.clientId,
            number: cn.number,
            invoiceId: found.id,
            invoiceNumber: found.number,
            issueDate,
            currency: cn.currency,
            lineTotalMinor: cn.lineTotalMinor.toString(),
            vatMinor: cn.vatMinor.toString(),
            payableMinor: cn.payableMinor.toString(),
            reason: why,
          },
        }),
      );
      return cn;
    });
  }

  /** The invoices and credit notes the caller may see, the latest first. */
  async list(identity: Identity, clientId: string | null, first: number): Promise<Invoice[]> {
    if (clientId !== null && !UUID.test(clientId)) return [];
    const client = walledClient(identity, clientId);
    if (client === false) return [];
    return readAsTenant(this.db, identity, (m) =>
      findInvoices(m, `($1::uuid IS NULL OR client_id = $1) ORDER BY issued_at DESC, number DESC LIMIT $2`, [client, first]),
    );
  }

  async one(identity: Identity, id: string): Promise<Invoice | null> {
    if (!UUID.test(id)) return null;
    const [inv] = await readAsTenant(this.db, identity, (m) => findInvoices(m, `id = $1`, [id]));
    if (!inv) return null;
    return walledClient(identity, inv.clientId) === false ? null : inv;
  }

  /** The credit notes of an invoice (its number, for the PDF and the list). */
  async creditNotesOf(invoiceId: string): Promise<Invoice[]> {
    return findInvoices(this.db.manager, `credited_invoice_id = $1 ORDER BY issued_at`, [invoiceId]);
  }

  async creditedNumber(inv: Invoice): Promise<string | null> {
    if (!inv.creditedInvoiceId) return null;
    const [c] = await findInvoices(this.db.manager, `id = $1`, [inv.creditedInvoiceId]);
    return c?.number ?? null;
  }

  /** The document as a PDF in the agency's colour. */
  async pdf(inv: Invoice): Promise<Uint8Array> {
    return invoicePdf({ invoice: inv, seller: this.seller, look: this.look, creditedNumber: await this.creditedNumber(inv) });
  }

  /** The UBL of a document, refused with the failing rules' ids when it breaks one. */
  private async checkedUbl(doc: InvoiceDocument): Promise<string> {
    const built = ublModelOf(doc, this.seller);
    const xml = built.kind === 'invoice' ? ublInvoice(built.model) : ublCreditNote(built.model);
    await assertPeppolValid(xml);
    return xml;
  }

  private async versions(m: EntityManager, clientId: string): Promise<Agreement[]> {
    return (await m.getRepository(AgreementEntity).find({ where: { clientId } })).map(agreementOf);
  }
}

function requireAdmin(identity: Identity): void {
  if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin issues invoices and credit notes');
}

/** A client user sees its own client's; the agency any; others none (false). */
function walledClient(identity: Identity, clientId: string | null): string | null | false {
  const scope = agreementScope(identity);
  if (scope.kind === 'none') return false;
  if (scope.kind === 'client') return clientId && clientId !== scope.clientId ? false : scope.clientId;
  return clientId;
}
