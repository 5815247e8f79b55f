import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { ClientModel } from '../clients/client.model';
import {
  DebtorArrangementsModel,
  debtorPlanModelOf,
  DebtorPaymentPlanModel,
  debtorPromiseModelOf,
  DebtorPromiseModel,
  limitsModelOf,
  PaymentPlanLimitsInput,
  PaymentPlanLimitsModel,
  PaymentPlanModel,
  PaymentPromiseModel,
  planModelOf,
  promiseModelOf,
  ProposePaymentPlanInput,
} from './plan.model';
import { PlansService } from './plans.service';

@Resolver(() => PaymentPlanModel)
export class PlansResolver {
  constructor(private readonly service: PlansService) {}

  @Mutation(() => PaymentPlanModel, {
    description:
      "Propose a payment plan on a case (agents of its brand, legal staff on cases with legal, the admin). Within the client's limits it is agreed at once and the journey waits while it is kept; outside them it waits for approvePaymentPlan or rejectPaymentPlan.",
  })
  async proposePaymentPlan(@Args('input') input: ProposePaymentPlanInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    const { caseId, ...proposal } = input;
    return planModelOf(await this.service.propose(who, caseId, proposal, ctx.correlationId));
  }

  @Mutation(() => PaymentPlanModel, {
    description: 'Agree a payment plan that waits (agents of the brand, the admin, the client’s own users)',
  })
  async approvePaymentPlan(@Args('planId', { type: () => ID }) planId: string, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    return planModelOf(await this.service.approve(who, planId, ctx.correlationId));
  }

  @Mutation(() => PaymentPlanModel, { description: 'Refuse a payment plan that waits, saying why; collection goes on' })
  async rejectPaymentPlan(@Args('planId', { type: () => ID }) planId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    return planModelOf(await this.service.reject(who, planId, reason, ctx.correlationId));
  }

  @Mutation(() => PaymentPromiseModel, {
    description:
      'Record the debtor’s promise to pay an amount (minor units) by a date (at most 92 days away): the journey waits until the day after; it replaces an open promise',
  })
  async makePromise(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('amountMinor') amountMinor: string,
    @Args('dueOn', { description: 'YYYY-MM-DD' }) dueOn: string,
    @Context() ctx: GqlContext,
  ) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    return promiseModelOf(await this.service.makePromise(who, caseId, { amountMinor, dueOn }, ctx.correlationId));
  }
}

/** The debtor's page: a promise and a plan by the pay link's token (anonymous, like payLink). */
@Resolver(() => DebtorPromiseModel)
export class DebtorPlansResolver {
  constructor(private readonly service: PlansService) {}

  @Query(() => DebtorArrangementsModel, {
    description:
      'What the debtor arranged by its pay link and still stands (anonymous, like payLink): the plan pending or agreed, the open promise. NOT_FOUND for a token that opens nothing, TOO_MANY_REQUESTS for too many tries.',
  })
  async debtorArrangements(@Args('token', { description: 'the pay link’s token' }) token: string, @Context() ctx: GqlContext) {
    const { plan, promise } = await this.service.arrangementsByLink(token, ctx.clientAddress);
    return { paymentPlan: plan && debtorPlanModelOf(plan), promise: promise && debtorPromiseModelOf(promise) };
  }

  @Mutation(() => DebtorPromiseModel, {
    description:
      'The debtor promises, by its pay link (anonymous: NOT_FOUND for a token that opens nothing, TOO_MANY_REQUESTS for too many tries), to pay amountMinor by dueOn (today to 92 days on, at most what is due): collection waits until the day after. BAD_USER_INPUT names amountMinor or dueOn.',
  })
  async debtorPromiseToPay(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('amountMinor', { description: 'minor units (cents) as a whole number' }) amountMinor: string,
    @Args('dueOn', { description: 'YYYY-MM-DD' }) dueOn: string,
    @Context() ctx: GqlContext,
  ) {
    return debtorPromiseModelOf(await this.service.promiseByLink(token, { amountMinor, dueOn }, ctx.clientAddress, ctx.correlationId));
  }

  @Mutation(() => DebtorPaymentPlanModel, {
    description:
      'The debtor proposes, by its pay link (anonymous), to pay what is due today in `count` monthly instalments from firstDueOn, after an optional down payment today: agreed at once within the client’s limits, otherwise pending until the agency decides. BAD_USER_INPUT names count, firstDueOn or downPaymentMinor; CONFLICT when a plan is already pending or agreed.',
  })
  async debtorProposePaymentPlan(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('count', { type: () => Int }) count: number,
    @Args('firstDueOn', { description: 'YYYY-MM-DD' }) firstDueOn: string,
    @Context() ctx: GqlContext,
    @Args('downPaymentMinor', { type: () => String, nullable: true, description: 'paid today, minor units' })
    downPaymentMinor?: string | null,
  ) {
    const view = await this.service.proposeByLink(
      token,
      { count, firstDueOn, downPaymentMinor: downPaymentMinor ?? null },
      ctx.clientAddress,
      ctx.correlationId,
    );
    return debtorPlanModelOf(view);
  }
}

/** Plans and promises on the case file. */
@Resolver(() => CaseModel)
export class CasePlansResolver {
  constructor(private readonly service: PlansService) {}

  @ResolveField(() => PaymentPlanModel, { nullable: true, description: 'The latest payment plan: in force, or the last that ended' })
  async paymentPlan(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    const view = await this.service.planOf(requireIdentity(ctx), c.id);
    return view ? planModelOf(view) : null;
  }

  @ResolveField(() => [PaymentPromiseModel], { description: 'The debtor’s promises to pay, oldest first' })
  async promises(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return (await this.service.promisesOf(requireIdentity(ctx), c.id)).map(promiseModelOf);
  }

  @ResolveField(() => Int, { nullable: true, description: 'Promises to pay the debtor broke on this case' })
  brokenPromises(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.service.brokenPromises(requireIdentity(ctx), c.id);
  }
}

/** A client's limits for payment plans. */
@Resolver(() => ClientModel)
export class ClientPlansResolver {
  constructor(private readonly service: PlansService) {}

  @ResolveField(() => PaymentPlanLimitsModel, {
    nullable: true,
    description: 'Plans within these are agreed at once; default 12 months, instalments of at least 25.00, no down payment, 5 grace days',
  })
  async paymentPlanLimits(@Parent() c: ClientModel, @Context() ctx: GqlContext) {
    const l = await this.service.limits(requireIdentity(ctx), c.id);
    return l ? limitsModelOf(l) : null;
  }

  @Mutation(() => PaymentPlanLimitsModel, { description: "Set a client's payment plan limits (the agency admin)" })
  async setPaymentPlanLimits(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('input') input: PaymentPlanLimitsInput,
    @Context() ctx: GqlContext,
  ) {
    return limitsModelOf(await this.service.setLimits(requireRole(ctx, 'agency_admin'), clientId, input));
  }
}
