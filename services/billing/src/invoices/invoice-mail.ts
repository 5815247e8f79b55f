import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { formatAmount } from '@amicus/money';
import { type SmtpConfig, smtpTransportOptions } from '@amicus/service-runtime';
import type { Invoice } from './invoice-store';

/** The SMTP relay invoices are e-mailed through: TLS required but towards a loopback test relay (libs/service-runtime). */
export type InvoiceSmtpConfig = SmtpConfig;

/**
 * An invoice (or credit note) e-mailed to the client's billing address: a short text, the PDF
 * and the UBL attached. Answers the Message-ID the relay accepted; a refusal throws with the
 * relay's reply (a 5yz is permanent, a 4yz worth another try).
 */
export class InvoiceMailer {
  private readonly transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    config: InvoiceSmtpConfig,
    private readonly from: { name: string; address: string },
  ) {
    this.transport = nodemailer.createTransport(smtpTransportOptions(config));
  }

  async send(inv: Invoice, to: string, pdf: Uint8Array): Promise<string> {
    const what = inv.kind === 'invoice' ? 'Invoice' : 'Credit note';
    const amount = `${inv.currency} ${formatAmount({ amountMinor: inv.payableMinor, currency: inv.currency })}`;
    const text = [
      `Dear ${inv.recipient.name},`,
      '',
      inv.kind === 'invoice'
        ? `Please find attached our invoice ${inv.number} of ${inv.issueDate}${inv.period ? ` for ${inv.period.start} to ${inv.period.end}` : ''}: ${amount}, due ${inv.dueDate}.`
        : `Please find attached our credit note ${inv.number} of ${inv.issueDate}: ${amount} credited.`,
      'The PDF is for reading; the XML is the same document as a Peppol BIS Billing 3.0 e-invoice for your accounting.',
      '',
      this.from.name,
    ].join('\n');
    const info = await this.transport.sendMail({
      from: { name: this.from.name, address: this.from.address },
      to,
      subject: `${what} ${inv.number} — ${this.from.name}`,
      text,
      attachments: [
        { filename: `${inv.number}.pdf`, content: Buffer.from(pdf), contentType: 'application/pdf' },
        { filename: `${inv.number}.xml`, content: inv.ubl, contentType: 'application/xml' },
      ],
    });
    return info.messageId;
  }

  close(): void {
    this.transport.close();
  }
}
