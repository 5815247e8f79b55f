import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import {
  ClaimDeclarationModel,
  DebtorFlagModel,
  RemoveDebtorFlagInput,
  SetDebtorFlagInput,
  SettlementRegisterCheckModel,
  flagModelOf,
} from './debtor-flag.model';
import { DebtorFlagsService } from './debtor-flags.service';

@Resolver(() => DebtorFlagModel)
export class DebtorFlagsResolver {
  constructor(private readonly service: DebtorFlagsService) {}

  @Query(() => [DebtorFlagModel], {
    description: "The flags of the case's debtor (removed ones too with history), for whoever sees the case",
  })
  async debtorFlags(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('history', { type: () => Boolean, nullable: true, defaultValue: false }) history: boolean,
    @Context() ctx: GqlContext,
  ) {
    return (await this.service.flags(requireIdentity(ctx), caseId, history)).map(flagModelOf);
  }

  @Mutation(() => DebtorFlagModel, {
    description: "Flag the case's debtor (agents of the case's brand, the client's users, the admin), on stated evidence",
  })
  async setDebtorFlag(@Args('input') input: SetDebtorFlagInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    const { caseId, ...flag } = input;
    return flagModelOf(await this.service.set(who, caseId, flag));
  }

  @Mutation(() => DebtorFlagModel, {
    description: 'Remove a debtor flag, with the reason (the settlement ended…): the journeys it stopped go on, assessed anew',
  })
  async removeDebtorFlag(@Args('input') input: RemoveDebtorFlagInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    return flagModelOf(await this.service.remove(who, input.flagId, { reason: input.reason, evidence: input.evidence ?? null }));
  }

  @Mutation(() => SettlementRegisterCheckModel, {
    description:
      "Ask the collective debt settlement register about the case's debtor: an admitted settlement is flagged, an ended one removed",
  })
  async checkSettlementRegister(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent');
    const r = await this.service.checkRegister(who, caseId);
    return {
      changed: r.changed,
      found: r.found.map((s) => `${s.reference} ${s.status} ${s.decisionDate}${s.endedOn ? `–${s.endedOn}` : ''}`),
      flag: r.flag ? flagModelOf(r.flag) : null,
    };
  }

  @Mutation(() => Boolean, {
    description:
      'The debtor reports hardship by its pay link (anonymous: NOT_FOUND for a token that opens nothing, TOO_MANY_REQUESTS for too many tries): an agent reviews the case before any further reminder. BAD_USER_INPUT names text; CONFLICT when hardship is already reported.',
  })
  async debtorReportHardship(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('text', { description: 'the debtor’s own words (at most 2 000 characters)' }) text: string,
    @Context() ctx: GqlContext,
  ) {
    await this.service.reportHardshipByLink(token, text, ctx.clientAddress);
    return true;
  }

  @Mutation(() => Boolean, {
    description: "A client's policy under debt counselling: do costs stop (default yes)? The agency admin sets it.",
  })
  async setDebtorFlagPolicy(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('costsStopUnderCounselling') costsStop: boolean,
    @Context() ctx: GqlContext,
  ) {
    return this.service.setPolicy(requireRole(ctx, 'agency_admin'), clientId, costsStop);
  }

  @Query(() => ClaimDeclarationModel, {
    description: "The claim declaration for the debt mediator of the case's debtor: the PDF with the statement as of the decision date",
  })
  async claimDeclaration(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext) {
    const { pdf, statement: s } = await this.service.claimDeclaration(requireIdentity(ctx), caseId);
    return {
      pdfBase64: Buffer.from(pdf).toString('base64'),
      asOf: s.asOf,
      principalMinor: s.principal.amountMinor.toString(),
      interestMinor: s.interest.amountMinor.toString(),
      damagesMinor: s.damages.amountMinor.toString(),
      paidMinor: s.paid.amountMinor.toString(),
      totalMinor: s.total.amountMinor.toString(),
      currency: s.currency,
    };
  }
}

/** The flags on the case file. */
@Resolver(() => CaseModel)
export class CaseDebtorFlagsResolver {
  constructor(private readonly service: DebtorFlagsService) {}

  @ResolveField(() => [DebtorFlagModel], {
    description: "The active flags of the case's debtor (debtorFlags(history: true) for the removed ones)",
  })
  async debtorFlags(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return (await this.service.flags(requireIdentity(ctx), c.id, false)).map(flagModelOf);
  }
}
