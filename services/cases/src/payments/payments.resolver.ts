import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { PaymentModel, PaymentReferenceModel, PaymentTaskModel, RecordPaymentInput } from './payment.model';
import { PaymentsService } from './payments.service';

@Resolver(() => PaymentModel)
export class PaymentsResolver {
  constructor(private readonly payments: PaymentsService) {}

  @Mutation(() => PaymentModel, {
    description:
      "Record a payment on an open case (agents for their brands' cases, the admin); a client's user reports money paid to the client directly. The legal engine allocates it as of its day; a case paid in full closes as paid, an overpayment becomes a refund task.",
  })
  recordPayment(@Args('input') input: RecordPaymentInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    return this.payments.record(who, input, ctx.correlationId);
  }

  @Mutation(() => PaymentModel, {
    description:
      'Undo a payment (chargeback, bank_return, correction): its allocation goes, the case is restated, a case closed as paid opens again (agents, the admin)',
  })
  reversePayment(
    @Args('paymentId', { type: () => ID }) paymentId: string,
    @Args('kind', { description: 'chargeback, bank_return or correction' }) kind: string,
    @Args('reason') reason: string,
    @Context() ctx: GqlContext,
  ) {
    return this.payments.reverse(requireRole(ctx, 'agency_admin', 'agent'), paymentId, kind, reason, ctx.correlationId);
  }

  @Query(() => [PaymentTaskModel], {
    description: 'Refunds to make and payments to review, on the cases the caller works (agents, the admin)',
  })
  paymentTasks(
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
    @Args('openOnly', { nullable: true, defaultValue: true }) openOnly?: boolean,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first?: number,
  ) {
    return this.payments.tasks(requireRole(ctx, 'agency_admin', 'agent'), {
      caseId: caseId ?? null,
      openOnly: openOnly ?? true,
      first: first ?? 100,
    });
  }

  @Mutation(() => PaymentTaskModel, { description: 'A money task done (the refund went out, the review was made), with what was done' })
  completePaymentTask(@Args('taskId', { type: () => ID }) taskId: string, @Args('note') note: string, @Context() ctx: GqlContext) {
    return this.payments.completeTask(requireRole(ctx, 'agency_admin', 'agent'), taskId, note);
  }
}

/** Payments on the case file. */
@Resolver(() => CaseModel)
export class CasePaymentsResolver {
  constructor(private readonly service: PaymentsService) {}

  @ResolveField(() => [PaymentModel], { description: 'The payments received for the case, reversed ones too, as allocated' })
  payments(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.service.ofCase(requireIdentity(ctx), c.id);
  }

  @ResolveField(() => PaymentReferenceModel, { nullable: true, description: 'The structured reference a transfer for this case carries' })
  paymentReference(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.service.reference(requireIdentity(ctx), c.id);
  }
}
