import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { INVOICE_DELIVERY, INVOICE_SELLER } from '../config';
import type { Seller } from './invoice';
import { type Invoice, type InvoiceDelivery, deliveriesOf, insertDelivery, updateDeliveryStatus } from './invoice-store';
import { InvoiceMailer, type InvoiceSmtpConfig } from './invoice-mail';
import { InvoicesService } from './invoices.service';
import { AccessPointError, type AccessPointConfig, PeppolAccessPoint } from './peppol-access-point';
import { readAsTenant } from '../tenant-reads';

export interface InvoiceDeliveryConfig {
  smtp: InvoiceSmtpConfig;
  from: string;
  accessPoint: AccessPointConfig;
}

/**
 * Sending an issued invoice or credit note to its client: by e-mail to the billing address
 * (PDF and UBL attached) and through the Peppol access point when the client takes Peppol.
 * Outside the issuing transaction (a document is issued whether or not the relay is up); each
 * attempt is recorded with what the other party answered, and a channel already sent or
 * accepted is not sent again.
 */
@Injectable()
export class InvoiceDeliveryService implements OnModuleDestroy {
  private readonly mailer: InvoiceMailer;
  private readonly accessPoint: PeppolAccessPoint;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly invoices: InvoicesService,
    @Inject(INVOICE_SELLER) private readonly seller: Seller,
    @Inject(INVOICE_DELIVERY) config: InvoiceDeliveryConfig,
  ) {
    this.mailer = new InvoiceMailer(config.smtp, { name: seller.name, address: config.from });
    this.accessPoint = new PeppolAccessPoint(config.accessPoint);
  }

  onModuleDestroy(): void {
    this.mailer.close();
  }

  /** The agency admin sends a document on every channel of its client not yet done; the deliveries so far. */
  async send(identity: Identity, invoiceId: string): Promise<InvoiceDelivery[]> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin sends invoices');
    const inv = await this.invoices.one(identity, invoiceId);
    if (!inv) throw new DomainError('not_found', `no invoice ${invoiceId}`);
    // One sender at a time per document (two admins clicking Send): the second sees what the first sent.
    const lock = this.db.createQueryRunner();
    await lock.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('billing.invoice_send:' || $1))`, [inv.id]);
      return await this.sendUnlocked(inv);
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('billing.invoice_send:' || $1))`, [inv.id]).catch(() => undefined);
      await lock.release();
    }
  }

  private async sendUnlocked(inv: Invoice): Promise<InvoiceDelivery[]> {
    const done = (await deliveriesOf(this.db.manager, inv.id)).filter((d) => d.status !== 'failed');
    const r = inv.recipient;
    const now = () => this.clock.now();
    const record = (d: Omit<InvoiceDelivery, 'id' | 'invoiceId' | 'attemptedAt' | 'updatedAt'>) =>
      insertDelivery(this.db.manager, { id: crypto.randomUUID(), invoiceId: inv.id, attemptedAt: now(), updatedAt: now(), ...d });

    if (r.email && !done.some((d) => d.channel === 'email')) {
      try {
        const messageId = await this.mailer.send(inv, r.email, await this.invoices.pdf(inv));
        await record({ channel: 'email', recipient: r.email, status: 'sent', providerMessageId: messageId, detail: null });
      } catch (e) {
        const err = e as Error & { responseCode?: number; response?: string };
        await record({
          channel: 'email',
          recipient: r.email,
          status: 'failed',
          providerMessageId: null,
          detail: err.responseCode ? `SMTP ${err.responseCode}: ${err.response ?? err.message}` : err.message,
        });
      }
    }
    if (r.sendByPeppol && !done.some((d) => d.channel === 'peppol')) {
      const receiver = `${r.endpoint.scheme}:${r.endpoint.id}`;
      try {
        const sent = await this.accessPoint.send({
          ubl: inv.ubl,
          sender: `0208:${this.seller.enterpriseNumber}`,
          receiver,
          idempotencyKey: inv.id,
        });
        await record({ channel: 'peppol', recipient: receiver, status: sent.status, providerMessageId: sent.messageId, detail: null });
      } catch (e) {
        if (!(e instanceof AccessPointError)) throw e;
        await record({ channel: 'peppol', recipient: receiver, status: 'failed', providerMessageId: null, detail: e.message });
      }
    }
    return deliveriesOf(this.db.manager, inv.id);
  }

  /** Asks the access point where the document's Peppol messages still accepted are now. */
  async refresh(identity: Identity, invoiceId: string): Promise<InvoiceDelivery[]> {
    const inv = await this.invoices.one(identity, invoiceId);
    if (!inv) throw new DomainError('not_found', `no invoice ${invoiceId}`);
    for (const d of await deliveriesOf(this.db.manager, inv.id)) {
      if (d.channel !== 'peppol' || d.status !== 'accepted' || !d.providerMessageId) continue;
      try {
        const s = await this.accessPoint.status(d.providerMessageId);
        if (s.status !== d.status) await updateDeliveryStatus(this.db.manager, d.id, s.status, s.detail, this.clock.now());
      } catch (e) {
        if (!(e instanceof AccessPointError)) throw e;
        // Unreachable now: the delivery stays accepted and is asked again next time.
      }
    }
    return deliveriesOf(this.db.manager, inv.id);
  }

  /** The deliveries of a document the caller may see. */
  async deliveries(identity: Identity, invoiceId: string): Promise<InvoiceDelivery[]> {
    const inv = await this.invoices.one(identity, invoiceId);
    return inv ? readAsTenant(this.db, identity, (m) => deliveriesOf(m, inv.id)) : [];
  }
}
