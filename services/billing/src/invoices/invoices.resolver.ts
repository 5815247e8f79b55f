import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { REMITTANCE_PERIODS, type RemittancePeriod } from '../agreements/agreement';
import type { CreditRequest } from './invoice';
import { InvoiceDeliveryService } from './invoice-delivery.service';
import {
  CreditNoteLineInput,
  InvoiceDeliveryModel,
  InvoiceModel,
  InvoiceRecipientInput,
  InvoiceRecipientModel,
  InvoiceRunModel,
  deliveryModelOf,
  invoiceModelOf,
  recipientModelOf,
} from './invoice.model';
import { InvoicesService } from './invoices.service';

@Resolver(() => InvoiceModel)
export class InvoicesResolver {
  constructor(
    private readonly service: InvoicesService,
    private readonly delivery: InvoiceDeliveryService,
  ) {}

  @Mutation(() => InvoiceRecipientModel, { description: "The agency admin sets where a client's invoices go" })
  async setInvoiceRecipient(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('input') input: InvoiceRecipientInput,
  ): Promise<InvoiceRecipientModel> {
    return recipientModelOf(await this.service.setRecipient(requireRole(ctx, 'agency_admin'), clientId, input));
  }

  @Query(() => InvoiceRecipientModel, { nullable: true, description: "Where a client's invoices go (the agency; a client user its own)" })
  async invoiceRecipient(@Context() ctx: GqlContext, @Args('clientId', { type: () => ID }) clientId: string) {
    const r = await this.service.recipient(requireRole(ctx, 'agency_admin', 'client_user'), clientId);
    return r ? recipientModelOf(r) : null;
  }

  @Mutation(() => InvoiceModel, {
    description:
      "The agency admin invoices a client's remitted period (periodStart: its first day): asked again, the same invoice; CONFLICT before the period is remitted or with nothing to invoice; refused with the rule ids when the UBL fails a Peppol rule",
  })
  async issueInvoice(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('periodStart') periodStart: string,
  ): Promise<InvoiceModel> {
    return invoiceModelOf(await this.service.issue(requireRole(ctx, 'agency_admin'), clientId, periodStart));
  }

  @Mutation(() => InvoiceRunModel, { description: 'The invoice run: every client remitted by periodKind for the period from periodStart' })
  async issueInvoices(
    @Context() ctx: GqlContext,
    @Args('periodStart') periodStart: string,
    @Args('periodKind', { description: REMITTANCE_PERIODS.join(', ') }) periodKind: string,
  ): Promise<InvoiceRunModel> {
    const identity = requireRole(ctx, 'agency_admin');
    if (!(REMITTANCE_PERIODS as readonly string[]).includes(periodKind))
      throw DomainError.invalid([{ field: 'periodKind', reason: `is not one of ${REMITTANCE_PERIODS.join(', ')}` }]);
    const run = await this.service.issueAll(identity, periodStart, periodKind as RemittancePeriod);
    return { issued: run.issued.map(invoiceModelOf), skipped: run.skipped };
  }

  @Mutation(() => InvoiceModel, {
    description: 'The agency admin corrects an invoice with a credit note: the lines given (or all that is left), with the reason',
  })
  async issueCreditNote(
    @Context() ctx: GqlContext,
    @Args('invoiceId', { type: () => ID }) invoiceId: string,
    @Args('reason') reason: string,
    @Args('lines', { type: () => [CreditNoteLineInput], nullable: true }) lines?: CreditNoteLineInput[] | null,
  ): Promise<InvoiceModel> {
    const identity = requireRole(ctx, 'agency_admin');
    const request: CreditRequest[] | null = lines
      ? lines.map((l, i) => {
          if (l.quantity != null && !/^-?\d{1,9}$/.test(l.quantity))
            throw DomainError.invalid([{ field: `lines[${i}].quantity`, reason: 'is not a whole number' }]);
          return { line: l.line, quantity: l.quantity == null ? null : BigInt(l.quantity) };
        })
      : null;
    return invoiceModelOf(await this.service.creditNote(identity, invoiceId, reason, request));
  }

  @Mutation(() => [InvoiceDeliveryModel], {
    description: "The agency admin sends a document: e-mail to the client's billing address, Peppol through the access point",
  })
  async sendInvoice(@Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<InvoiceDeliveryModel[]> {
    return (await this.delivery.send(requireRole(ctx, 'agency_admin'), id)).map(deliveryModelOf);
  }

  @Mutation(() => [InvoiceDeliveryModel], { description: 'Asks the access point where the Peppol deliveries of a document are now' })
  async refreshInvoiceDeliveries(@Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<InvoiceDeliveryModel[]> {
    return (await this.delivery.refresh(requireRole(ctx, 'agency_admin'), id)).map(deliveryModelOf);
  }

  @Query(() => [InvoiceModel], {
    description: 'Invoices and credit notes, the latest first: the agency all (or one client’s), a client user its own',
  })
  async clientInvoices(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<InvoiceModel[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    return (await this.service.list(identity, clientId ?? null, Math.min(Math.max(first ?? 50, 1), 500))).map(invoiceModelOf);
  }

  @Query(() => InvoiceModel, { nullable: true, description: 'One invoice or credit note; null when there is none the caller may see' })
  async clientInvoice(@Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<InvoiceModel | null> {
    const inv = await this.service.one(requireRole(ctx, 'agency_admin', 'client_user'), id);
    return inv ? invoiceModelOf(inv) : null;
  }

  @ResolveField(() => String, { description: "The document as a PDF in the agency's colour, base64" })
  async pdfBase64(@Parent() i: InvoiceModel, @Context() ctx: GqlContext): Promise<string> {
    return Buffer.from(await this.service.pdf(await this.visible(ctx, i.id))).toString('base64');
  }

  @ResolveField(() => String, { description: 'The document as Peppol BIS Billing 3.0 UBL (XML), as issued' })
  async ubl(@Parent() i: InvoiceModel, @Context() ctx: GqlContext): Promise<string> {
    return (await this.visible(ctx, i.id)).ubl;
  }

  @ResolveField(() => [InvoiceDeliveryModel])
  async deliveries(@Parent() i: InvoiceModel, @Context() ctx: GqlContext): Promise<InvoiceDeliveryModel[]> {
    return (await this.delivery.deliveries(requireRole(ctx, 'agency_admin', 'client_user'), i.id)).map(deliveryModelOf);
  }

  private async visible(ctx: GqlContext, id: string) {
    const inv = await this.service.one(requireRole(ctx, 'agency_admin', 'client_user'), id);
    if (!inv) throw new DomainError('not_found', `no invoice ${id}`);
    return inv;
  }
}
