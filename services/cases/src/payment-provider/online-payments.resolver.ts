import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { DebtorStatementModel } from '../pay-links/pay-link.model';
import { PAYMENT_METHODS } from './online-payment';
import { OnlinePaymentModel, OnlineRefundModel } from './online-payment.model';
import { OnlinePaymentsService } from './online-payments.service';

@Resolver(() => OnlinePaymentModel)
export class OnlinePaymentsResolver {
  constructor(private readonly online: OnlinePaymentsService) {}

  @Mutation(() => OnlinePaymentModel, {
    description:
      "The debtor starts paying online by its pay link (anonymous, like payLink: the token is the only credential, NOT_FOUND for one that opens nothing, TOO_MANY_REQUESTS for too many tries): amountMinor from 1 cent to the total due today (BAD_USER_INPUT naming amountMinor otherwise). Answers the provider's checkoutUrl to send the debtor to; the provider sends it back to /pay/<token>?onlinePayment=<id>. CONFLICT when no provider is configured (extensions.reason no_payment_provider), the case is closed, or the provider does not answer (provider_unavailable).",
  })
  startOnlinePayment(
    @Args('token', { description: 'the pay link’s token: 22 characters' }) token: string,
    @Args('amountMinor', { description: 'minor units (cents) as a whole number, e.g. "12550" for 125.50' }) amountMinor: string,
    @Context() ctx: GqlContext,
  ) {
    return this.online.start(token, amountMinor, ctx.clientAddress);
  }

  @Query(() => OnlinePaymentModel, {
    description:
      "An online payment of the pay link's case, by the link (anonymous): where it stands when the provider sends the debtor back. NOT_FOUND for a token that opens nothing or an id not of its case.",
  })
  onlinePayment(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: GqlContext,
  ) {
    return this.online.ofLink(token, id, ctx.clientAddress);
  }

  @Mutation(() => OnlineRefundModel, {
    description:
      'Refund a paid online payment through the payment provider (the agency admin): paymentId is the online payment’s id or the id of the Payment it became. amountMinor: at most what was paid beyond the debt (its refund task is done), or exactly all that is left (the payment is then undone on the case, which opens again if it closed as paid); for money that came for a closed case, up to all of it.',
  })
  refundOnlinePayment(
    @Args('paymentId', { type: () => ID }) paymentId: string,
    @Args('amountMinor', { description: 'minor units (cents) as a whole number' }) amountMinor: string,
    @Context() ctx: GqlContext,
    @Args('reason', { type: () => String, nullable: true, description: 'for the case history and the provider' }) reason?: string | null,
  ) {
    return this.online.refund(requireRole(ctx, 'agency_admin'), paymentId, amountMinor, reason ?? null, ctx.correlationId);
  }
}

/** How the debtor's page may offer to pay. */
@Resolver(() => DebtorStatementModel)
export class DebtorPaymentMethodsResolver {
  constructor(private readonly online: OnlinePaymentsService) {}

  @ResolveField(() => [String], {
    description: `How the page may offer to pay, of ${PAYMENT_METHODS.join(', ')}: bank_transfer while the case is open with something to pay (the QR code: payPage.transfer), online too when a payment provider is configured (startOnlinePayment); [] once closed or nothing is due`,
  })
  paymentMethods(@Parent() s: DebtorStatementModel) {
    return this.online.methodsFor(s);
  }
}

/** Online payments on the case file. */
@Resolver(() => CaseModel)
export class CaseOnlinePaymentsResolver {
  constructor(private readonly online: OnlinePaymentsService) {}

  @ResolveField(() => [OnlinePaymentModel], { description: "The debtor's online payment attempts for the case, newest first" })
  onlinePayments(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.online.ofCase(requireIdentity(ctx), c.id);
  }
}
