import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { CaseReadsService } from '../case-file/case-reads.service';
import { ClientModel } from '../clients/client.model';
import { DebtorDisputeModel } from '../pay-links/pay-link.model';
import { DISPUTE_REASONS, DISPUTE_STATUSES, type Dispute, type DisputeStatus } from './dispute';
import { AnswerDisputeInput, DisputeConnectionModel, DisputeModel, RaiseDisputeInput, ResolveDisputeInput } from './dispute.model';
import { DisputesService } from './disputes.service';
import { DomainError } from '@amicus/errors';

@Resolver(() => DisputeModel)
export class DisputesResolver {
  constructor(
    private readonly service: DisputesService,
    private readonly reads: CaseReadsService,
  ) {}

  @Mutation(() => DisputeModel, {
    description:
      "Raise a dispute on claims of a case: an agent records the debtor's (from a call, an e-mail, a letter) or its own, a client user its own (raisedBy client), the admin any. Collection of those claims waits; the client is asked to answer within its service level.",
  })
  async raiseDispute(@Args('input') input: RaiseDisputeInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    const d = await this.service.raise(who, { ...input, disputeId: crypto.randomUUID() }, ctx.correlationId);
    return this.service.view(d);
  }

  @Mutation(() => DisputeModel, {
    description:
      "The client's answer to one of its disputes (client users; the admin records one given by phone or e-mail). With an outcome it resolves the dispute: rejected, collection of the claims goes on; upheld, they are credited; partly_upheld, the amounts given are credited.",
  })
  async answerDispute(@Args('input') input: AnswerDisputeInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'client_user', 'agency_admin');
    const { disputeId, ...answer } = input;
    return this.service.view(await this.service.answer(who, disputeId, answer, ctx.correlationId));
  }

  @Mutation(() => DisputeModel, { description: 'The agency resolves a dispute (agents of the case’s brand, the admin)' })
  async resolveDispute(@Args('input') input: ResolveDisputeInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent');
    const { disputeId, ...resolution } = input;
    return this.service.view(await this.service.resolve(who, disputeId, resolution, ctx.correlationId));
  }

  @Query(() => DisputeModel, { nullable: true })
  async dispute(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    const d = await this.service.one(requireIdentity(ctx), id);
    return d ? this.service.view(d) : null;
  }

  @Query(() => DisputeConnectionModel, {
    description:
      'Disputes on the cases the caller may see (a client user: its own client’s; an agent: its brands’; legal staff: cases with legal), newest first; overdue: awaiting the client after their due day',
  })
  async disputes(
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('status', { type: () => String, nullable: true, description: DISPUTE_STATUSES.join(', ') }) status?: string,
    @Args('overdue', { type: () => Boolean, nullable: true }) overdue?: boolean,
    @Args('escalated', {
      type: () => Boolean,
      nullable: true,
      description: "only those gone to the agency's account manager (still unanswered a second service level after their due day)",
    })
    escalated?: boolean,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    if (status && !(DISPUTE_STATUSES as readonly string[]).includes(status))
      throw DomainError.invalid([{ field: 'status', reason: `is not one of ${DISPUTE_STATUSES.join(', ')}` }]);
    const page = await this.service.list(requireIdentity(ctx), {
      caseId: caseId ?? null,
      clientId: clientId ?? null,
      status: (status as DisputeStatus | undefined) ?? null,
      overdue: overdue ?? false,
      escalated: escalated ?? false,
      first: Math.min(Math.max(first ?? 50, 1), 500),
      after: after ?? null,
    });
    return { ...page, nodes: page.nodes.map((d) => this.service.view(d)) };
  }

  @ResolveField(() => CaseModel, { nullable: true })
  case(@Parent() d: DisputeModel, @Context() ctx: GqlContext) {
    return this.reads.one(requireIdentity(ctx), d.caseId);
  }
}

/** The disputes on the case file. */
@Resolver(() => CaseModel)
export class CaseDisputesResolver {
  constructor(private readonly service: DisputesService) {}

  @ResolveField(() => [DisputeModel], { description: 'The disputes raised on the case, oldest first, resolved ones too' })
  async disputes(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return (await this.service.ofCase(requireIdentity(ctx), c.id)).map((d) => this.service.view(d));
  }
}

/** A client's service level for disputes. */
@Resolver(() => ClientModel)
export class ClientDisputesResolver {
  constructor(private readonly service: DisputesService) {}

  @ResolveField(() => Int, {
    nullable: true,
    description: "Business days (of the agency's calendar) the client has to answer a dispute; 10 unless the admin set another",
  })
  disputeAnswerDays(@Parent() c: ClientModel, @Context() ctx: GqlContext) {
    return this.service.answerDays(requireIdentity(ctx), c.id);
  }

  @Mutation(() => Int, { description: "Set a client's service level for answering disputes, in business days (1–60); the agency admin" })
  setDisputeAnswerDays(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('businessDays', { type: () => Int }) businessDays: number,
    @Context() ctx: GqlContext,
  ) {
    return this.service.setAnswerDays(requireRole(ctx, 'agency_admin'), clientId, businessDays);
  }
}

/** The debtor's page: a dispute raised by the pay link's token (anonymous, like payLink). */
@Resolver(() => DebtorDisputeModel)
export class DebtorDisputesResolver {
  constructor(private readonly service: DisputesService) {}

  @Mutation(() => DebtorDisputeModel, {
    description: `The debtor disputes claims of its case by its pay link (anonymous: NOT_FOUND for a token that opens nothing, TOO_MANY_REQUESTS for too many tries), with a reason (${DISPUTE_REASONS.join(', ')}) and free text (required for other). Those claims are no longer asked for until the dispute is resolved; the client is asked to answer. BAD_USER_INPUT names claimIds, reason or text; CONFLICT when a claim is already disputed or the case is closed.`,
  })
  async debtorRaiseDispute(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('claimIds', { type: () => [ID], description: 'DebtorClaim ids of the case' }) claimIds: string[],
    @Args('reason') reason: string,
    @Context() ctx: GqlContext,
    @Args('text', { type: () => String, nullable: true, description: 'the debtor’s own words (at most 10 000 characters)' })
    text?: string | null,
  ) {
    const d = await this.service.raiseByLink(token, { claimIds, reason, text: text ?? null }, ctx.clientAddress, ctx.correlationId);
    return debtorDisputeOf(d);
  }
}

function debtorDisputeOf(d: Dispute): DebtorDisputeModel {
  return {
    id: d.id,
    claimIds: d.claimIds,
    // The page reads the invoice numbers from its statement once it reloads; the ids name them here.
    invoiceNumbers: [],
    reason: d.reason,
    text: d.text,
    status: d.status,
    raisedAt: new Date(d.raisedAt),
    outcome: d.resolution?.outcome ?? null,
    explanation: d.resolution?.explanation ?? null,
  };
}
