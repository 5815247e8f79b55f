import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { CaseReadsService } from '../case-file/case-reads.service';
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type Complaint, type ComplaintStatus } from './complaint';
import { complaintModelOf, ComplaintModel, LogComplaintInput } from './complaint.model';
import { ComplaintsService } from './complaints.service';

/** Complaints: thin — authorise, call the service, shape the answer. */
@Resolver(() => ComplaintModel)
export class ComplaintsResolver {
  constructor(
    private readonly service: ComplaintsService,
    private readonly reads: CaseReadsService,
  ) {}

  @Mutation(() => ComplaintModel, {
    description:
      'Log a complaint about how a case was handled (agents of its brand, the client’s own users, the admin); it goes to the agency admin',
  })
  async logComplaint(@Args('input') input: LogComplaintInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agent', 'client_user', 'agency_admin');
    return this.view(await this.service.log(who, { ...input, channel: input.channel ?? null }, ctx.correlationId));
  }

  @Mutation(() => ComplaintModel, { description: "The agency admin decides whether the case's journey pauses while the complaint is open" })
  async pauseForComplaint(
    @Args('complaintId', { type: () => ID }) complaintId: string,
    @Args('pause') pause: boolean,
    @Context() ctx: GqlContext,
  ) {
    return this.view(await this.service.setPause(requireRole(ctx, 'agency_admin'), complaintId, pause, ctx.correlationId));
  }

  @Mutation(() => ComplaintModel, { description: 'The agency admin answers an open complaint' })
  async answerComplaint(
    @Args('complaintId', { type: () => ID }) complaintId: string,
    @Args('answer') answer: string,
    @Context() ctx: GqlContext,
  ) {
    return this.view(await this.service.answer(requireRole(ctx, 'agency_admin'), complaintId, answer, ctx.correlationId));
  }

  @Mutation(() => ComplaintModel, { description: 'The agency admin closes an answered complaint, upheld or not; a pause it held ends' })
  async closeComplaint(
    @Args('complaintId', { type: () => ID }) complaintId: string,
    @Args('upheld') upheld: boolean,
    @Context() ctx: GqlContext,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ) {
    return this.view(await this.service.close(requireRole(ctx, 'agency_admin'), complaintId, upheld, note ?? null, ctx.correlationId));
  }

  @Query(() => [ComplaintModel], {
    description:
      'Complaints on the cases the caller may see, soonest due first (the admin: all; a client user: its own client’s cases; an agent: its brands’)',
  })
  async complaints(
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('status', { type: () => String, nullable: true, description: COMPLAINT_STATUSES.join(', ') }) status?: string,
    @Args('overdue', { type: () => Boolean, nullable: true }) overdue?: boolean,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first?: number,
  ) {
    if (status && !(COMPLAINT_STATUSES as readonly string[]).includes(status))
      throw DomainError.invalid([{ field: 'status', reason: `is not one of ${COMPLAINT_STATUSES.join(', ')}` }]);
    const list = await this.service.list(requireIdentity(ctx), {
      caseId: caseId ?? null,
      clientId: clientId ?? null,
      status: (status as ComplaintStatus | undefined) ?? null,
      overdue: overdue ?? false,
      first: Math.min(Math.max(first ?? 100, 1), 500),
    });
    return list.map((c) => this.view(c));
  }

  @ResolveField(() => CaseModel, { nullable: true })
  case(@Parent() c: ComplaintModel, @Context() ctx: GqlContext) {
    return this.reads.one(requireIdentity(ctx), c.caseId);
  }

  private view(c: Complaint): ComplaintModel {
    return complaintModelOf(c, this.service.today());
  }
}

@Resolver(() => CaseModel)
export class CaseComplaintsResolver {
  constructor(private readonly service: ComplaintsService) {}

  @ResolveField(() => [ComplaintModel], { description: 'The complaints logged on the case, oldest first' })
  async complaints(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    const today = this.service.today();
    return (await this.service.ofCase(requireIdentity(ctx), c.id)).map((x) => complaintModelOf(x, today));
  }
}

/** The debtor's page: a complaint by the pay link's token (anonymous, like debtorRaiseDispute). */
@Resolver(() => ComplaintModel)
export class DebtorComplaintsResolver {
  constructor(private readonly service: ComplaintsService) {}

  @Mutation(() => Boolean, {
    description: `The debtor complains about how its case is handled, by its pay link (anonymous: NOT_FOUND for a token that opens nothing), with a category (${COMPLAINT_CATEGORIES.join(', ')}) and its words; it goes to the agency admin`,
  })
  async debtorLogComplaint(
    @Args('token', { description: 'the pay link’s token' }) token: string,
    @Args('category') category: string,
    @Args('text') text: string,
    @Context() ctx: GqlContext,
  ) {
    await this.service.logByLink(token, { category, text }, ctx.clientAddress, ctx.correlationId);
    return true;
  }
}
