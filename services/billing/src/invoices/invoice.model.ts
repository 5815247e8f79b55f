import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { InvoiceLine, InvoiceRecipient } from './invoice';
import type { Invoice, InvoiceDelivery } from './invoice-store';

@ObjectType('InvoiceLine', { description: 'One line of an invoice or credit note; minor units of its currency' })
export class InvoiceLineModel {
  @Field({ description: 'commission_principal, commission_interest, commission_costs, fee_<kind>, minimum' }) kind!: string;
  @Field() name!: string;
  @Field({ description: 'Whole units (negative: taken back by a reversal)' }) quantity!: string;
  @Field() unitPriceMinor!: string;
  @Field() amountMinor!: string;
  @Field(() => Int, { nullable: true, description: 'On a credit note: the line (from 0) of the invoice it credits' })
  creditsLine!: number | null;
}

@ObjectType('InvoiceRecipient', { description: "Where a client's invoices go" })
export class InvoiceRecipientModel {
  @Field(() => ID) clientId!: string;
  @Field() name!: string;
  @Field() street!: string;
  @Field() postalCode!: string;
  @Field() city!: string;
  @Field() countryCode!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field() endpointScheme!: string;
  @Field() endpointId!: string;
  @Field() sendByPeppol!: boolean;
  @Field() buyerReference!: string;
}

@InputType('InvoiceRecipientInput')
export class InvoiceRecipientInput {
  @Field() name!: string;
  @Field() street!: string;
  @Field() postalCode!: string;
  @Field() city!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) countryCode!: string;
  @Field(() => String, { nullable: true, description: 'The billing address the PDF and UBL are e-mailed to' }) email?: string | null;
  @Field({ description: 'Peppol EAS scheme (0208: Belgian enterprise number)' }) endpointScheme!: string;
  @Field() endpointId!: string;
  @Field(() => Boolean, { nullable: true, description: 'Deliver through the Peppol access point (default true)' })
  sendByPeppol?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The buyer reference (BT-10) on every invoice' }) buyerReference?: string | null;
}

@InputType('CreditNoteLineInput')
export class CreditNoteLineInput {
  @Field(() => Int, { description: 'The invoice line (from 0)' }) line!: number;
  @Field(() => String, { nullable: true, description: 'How many units; empty: all that is left of the line' }) quantity?: string | null;
}

@ObjectType('InvoiceDelivery', { description: 'One sending of a document: e-mail or Peppol' })
export class InvoiceDeliveryModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'email or peppol' }) channel!: string;
  @Field({ description: 'The e-mail address or the Peppol participant (scheme:id)' }) recipient!: string;
  @Field({ description: 'sent (e-mail), accepted / delivered (Peppol), failed' }) status!: string;
  @Field(() => String, { nullable: true }) providerMessageId!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
  @Field() attemptedAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType('ClientInvoice', { description: "The agency's invoice (or credit note) to a client for its commission and fees" })
export class InvoiceModel {
  @Field(() => ID) id!: string;
  @Field({ description: 'invoice or credit_note' }) kind!: string;
  @Field({ description: 'Gap-free per kind and year: INV-2026-000042, CN-2026-000003' }) number!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => String, { nullable: true }) periodStart!: string | null;
  @Field(() => String, { nullable: true }) periodEnd!: string | null;
  @Field() issueDate!: string;
  @Field() dueDate!: string;
  @Field() currency!: string;
  @Field(() => ID, { nullable: true, description: 'On a credit note: the invoice it corrects' }) creditedInvoiceId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field({ description: 'S (Belgian VAT) or AE (intra-EU reverse charge)' }) vatCategory!: string;
  @Field(() => String, { nullable: true, description: 'The VAT rate in percent (S)' }) vatRatePercent!: string | null;
  @Field(() => String, { nullable: true, description: 'The legal mention of a reverse charge (AE)' }) vatMention!: string | null;
  @Field(() => [InvoiceLineModel]) lines!: InvoiceLineModel[];
  @Field() lineTotalMinor!: string;
  @Field() vatMinor!: string;
  @Field() payableMinor!: string;
  @Field({ description: 'The VAT the ledger booked on what this invoice took, per transaction (vs vatMinor: rounding)' })
  vatBookedMinor!: string;
  @Field(() => InvoiceRecipientModel) recipient!: InvoiceRecipientModel;
  @Field() issuedAt!: Date;
}

@ObjectType('InvoiceRunSkip')
export class InvoiceRunSkipModel {
  @Field(() => ID) clientId!: string;
  @Field() reason!: string;
}

@ObjectType('InvoiceRun', { description: 'What an invoice run issued, and the clients it left out with why' })
export class InvoiceRunModel {
  @Field(() => [InvoiceModel]) issued!: InvoiceModel[];
  @Field(() => [InvoiceRunSkipModel]) skipped!: InvoiceRunSkipModel[];
}

const lineModelOf = (l: InvoiceLine): InvoiceLineModel => ({
  kind: l.kind,
  name: l.name,
  quantity: l.quantity.toString(),
  unitPriceMinor: l.unitPriceMinor.toString(),
  amountMinor: l.amountMinor.toString(),
  creditsLine: l.creditsLine ?? null,
});

export const recipientModelOf = (r: InvoiceRecipient): InvoiceRecipientModel => ({
  clientId: r.clientId,
  name: r.name,
  street: r.street,
  postalCode: r.postalCode,
  city: r.city,
  countryCode: r.countryCode,
  email: r.email,
  endpointScheme: r.endpoint.scheme,
  endpointId: r.endpoint.id,
  sendByPeppol: r.sendByPeppol,
  buyerReference: r.buyerReference,
});

export const invoiceModelOf = (i: Invoice): InvoiceModel => ({
  id: i.id,
  kind: i.kind,
  number: i.number,
  clientId: i.clientId,
  periodStart: i.period?.start ?? null,
  periodEnd: i.period?.end ?? null,
  issueDate: i.issueDate,
  dueDate: i.dueDate,
  currency: i.currency,
  creditedInvoiceId: i.creditedInvoiceId,
  reason: i.reason,
  vatCategory: i.vat.category,
  vatRatePercent: i.vat.category === 'S' ? String(i.vat.rateBp / 100) : null,
  vatMention: i.vat.category === 'AE' ? i.vat.mention : null,
  lines: i.lines.map(lineModelOf),
  lineTotalMinor: i.lineTotalMinor.toString(),
  vatMinor: i.vatMinor.toString(),
  payableMinor: i.payableMinor.toString(),
  vatBookedMinor: i.vatBookedMinor.toString(),
  recipient: recipientModelOf(i.recipient),
  issuedAt: i.issuedAt,
});

export const deliveryModelOf = (d: InvoiceDelivery): InvoiceDeliveryModel => ({
  id: d.id,
  channel: d.channel,
  recipient: d.recipient,
  status: d.status,
  providerMessageId: d.providerMessageId,
  detail: d.detail,
  attemptedAt: d.attemptedAt,
  updatedAt: d.updatedAt,
});
