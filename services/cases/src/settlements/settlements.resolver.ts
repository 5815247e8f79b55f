import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { CaseReadsService } from '../case-file/case-reads.service';
import { ClientModel } from '../clients/client.model';
import { SETTLEMENT_STATUSES, type SettlementStatus, type SettlementTerms } from './settlement';
import { OfferSettlementInput, SettlementModel, settlementModelOf, SettlementTermsModel } from './settlement.model';
import { SettlementsService } from './settlements.service';

/** Settlements: thin — authorise, call the service, shape the answer. */
@Resolver(() => SettlementModel)
export class SettlementsResolver {
  constructor(
    private readonly service: SettlementsService,
    private readonly reads: CaseReadsService,
  ) {}

  @Mutation(() => SettlementModel, {
    description:
      "Record a debtor's offer to settle for less than the balance (an agent of the case's brand, the admin): accepted at once within the client's terms, else it waits for the client. BAD_USER_INPUT names amountMinor, payBy or plan.*; CONFLICT when a settlement is already pending.",
  })
  async offerSettlement(@Args('input') input: OfferSettlementInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agent', 'agency_admin');
    const s = await this.service.offer(
      who,
      {
        caseId: input.caseId,
        amountMinor: input.amountMinor,
        payBy: input.payBy ?? null,
        plan: input.plan ?? null,
        note: input.note ?? null,
      },
      ctx.correlationId,
    );
    return settlementModelOf(s);
  }

  @Mutation(() => SettlementModel, {
    description:
      'The client accepts or declines a settlement above its terms (its own users; the admin records one given by phone or mail). Declining needs a reason; the journey goes on.',
  })
  async decideSettlement(
    @Args('settlementId', { type: () => ID }) settlementId: string,
    @Args('accept') accept: boolean,
    @Context() ctx: GqlContext,
    @Args('reason', { type: () => String, nullable: true }) reason?: string | null,
  ) {
    const who = requireRole(ctx, 'client_user', 'agency_admin');
    return settlementModelOf(await this.service.decide(who, settlementId, accept, reason ?? null, ctx.correlationId));
  }

  @Query(() => [SettlementModel], {
    description:
      "Settlements on the cases the caller may see, newest first (a client user: its own client's — e.g. status awaiting_client)",
  })
  async settlements(
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('status', { type: () => String, nullable: true, description: SETTLEMENT_STATUSES.join(', ') }) status?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
  ) {
    if (status && !(SETTLEMENT_STATUSES as readonly string[]).includes(status))
      throw DomainError.invalid([{ field: 'status', reason: `is not one of ${SETTLEMENT_STATUSES.join(', ')}` }]);
    const list = await this.service.list(requireIdentity(ctx), {
      caseId: caseId ?? null,
      clientId: clientId ?? null,
      status: (status as SettlementStatus | undefined) ?? null,
      first: Math.min(Math.max(first ?? 50, 1), 500),
    });
    return list.map(settlementModelOf);
  }

  @ResolveField(() => CaseModel, { nullable: true })
  case(@Parent() s: SettlementModel, @Context() ctx: GqlContext) {
    return this.reads.one(requireIdentity(ctx), s.caseId);
  }
}

@Resolver(() => CaseModel)
export class CaseSettlementsResolver {
  constructor(private readonly service: SettlementsService) {}

  @ResolveField(() => [SettlementModel], { description: 'The settlement offers on the case, oldest first' })
  async settlements(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return (await this.service.ofCase(requireIdentity(ctx), c.id)).map(settlementModelOf);
  }
}

@Resolver(() => ClientModel)
export class ClientSettlementsResolver {
  constructor(private readonly service: SettlementsService) {}

  @ResolveField(() => SettlementTermsModel, {
    nullable: true,
    description: 'The discount agents may grant on their own (none until set); the agency and the client’s own users',
  })
  async settlementTerms(@Parent() c: ClientModel, @Context() ctx: GqlContext) {
    const t = await this.service.terms(requireIdentity(ctx), c.id);
    return t ? termsModelOf(t) : null;
  }

  @Mutation(() => SettlementTermsModel, {
    description:
      "Set the discount a client lets agents grant on their own (basis points 0–10000) and the least amount; the admin, or the client's own user",
  })
  async setSettlementTerms(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('maxDiscountBp', { type: () => Int }) maxDiscountBp: number,
    @Context() ctx: GqlContext,
    @Args('minAmountMinor', { type: () => String, nullable: true }) minAmountMinor?: string | null,
  ) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return termsModelOf(await this.service.setTerms(who, clientId, { maxDiscountBp, minAmountMinor: minAmountMinor ?? null }));
  }
}

const termsModelOf = (t: SettlementTerms): SettlementTermsModel => ({
  maxDiscountBp: t.maxDiscountBp,
  minAmountMinor: t.minAmountMinor?.toString() ?? null,
});
