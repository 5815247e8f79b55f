import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import {
  CaseFilterInput,
  CaseModel,
  CaseConnectionModel,
  CaseOrderInput,
  CasePageInput,
  CaseSortField,
  SortDirection,
  ClaimModel,
  DebtorModel,
  NoteModel,
  AuditEntryModel,
} from './case.model';
import { BrandModel } from '../clients/client.model';
import { CaseFileService } from './case-file.service';
import { CaseReadsService } from './case-reads.service';
import { CaseCommandsInput } from './case-commands.model';
import { TenantDatabase } from '../tenancy/tenant-database';
import { caseLoaders } from './case-loaders';

@Resolver(() => CaseModel)
export class CaseFileResolver {
  constructor(
    private readonly caseFile: CaseFileService,
    private readonly reads: CaseReadsService,
    private readonly tenant: TenantDatabase,
  ) {}

  @Query(() => CaseConnectionModel, { description: 'Cases the caller may see, filtered, sorted, cursor-paginated' })
  cases(
    @Context() ctx: GqlContext,
    @Args('filter', { nullable: true }) filter?: CaseFilterInput,
    @Args('orderBy', { nullable: true }) orderBy?: CaseOrderInput,
    @Args('page', { nullable: true }) page?: CasePageInput,
  ) {
    return this.reads.list(requireIdentity(ctx), {
      filter: filter ?? {},
      order: { field: orderBy?.field ?? CaseSortField.OPENED_AT, direction: orderBy?.direction ?? SortDirection.ASC },
      first: page?.first ?? 50,
      after: page?.after ?? null,
    });
  }

  @Query(() => CaseModel, { nullable: true, description: 'One case with its debtor, claims, balance and history' })
  case(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.reads.one(requireIdentity(ctx), id);
  }

  /** Batched per request with the other cases' debtors (one query, see case-loaders). */
  @ResolveField(() => DebtorModel, { nullable: true })
  debtor(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return caseLoaders(ctx, this.tenant).debtor.load(c.debtorId);
  }

  @ResolveField(() => [ClaimModel])
  claims(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.reads.claims(requireIdentity(ctx), c.id);
  }

  @ResolveField(() => [NoteModel])
  notes(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.reads.notes(requireIdentity(ctx), c.id);
  }

  @ResolveField(() => [AuditEntryModel])
  history(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return this.reads.history(requireIdentity(ctx), c.id);
  }

  /** Batched per request with the other cases' brands (one query, see case-loaders). */
  @ResolveField(() => BrandModel, { nullable: true })
  brand(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return caseLoaders(ctx, this.tenant).brand.load(c.brandId);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: GqlContext) {
    return this.reads.one(requireIdentity(ctx), ref.id);
  }

  // Lifecycle ---------------------------------------------------------------------------------

  @Mutation(() => CaseModel, { description: 'Move a case along placed → amicable → legal_review → legal' })
  changeCasePhase(@Args('input') input: CaseCommandsInput.ChangePhase, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    return this.caseFile.changePhase(who, input.caseId, input.to as never, input.reason ?? null, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'Close a case with its outcome and a reason' })
  closeCase(@Args('input') input: CaseCommandsInput.Close, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    return this.caseFile.close(who, input.caseId, input.outcome as never, input.reason, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'Assign a case to an agent of its brand' })
  assignCase(@Args('input') input: CaseCommandsInput.Assign, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    return this.caseFile.assign(who, input.caseId, input.agentId, ctx.correlationId);
  }

  @Mutation(() => CaseModel, {
    description: "Put collection on hold until a date, with a reason (the agency's staff; a client user on its own cases, up to 90 days)",
  })
  holdCase(@Args('input') input: CaseCommandsInput.Hold, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal', 'client_user');
    return this.caseFile.hold(who, input.caseId, input.until, input.reason, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'End a hold before its date (as holdCase: a client user on its own cases)' })
  releaseCaseHold(@Args('input') input: CaseCommandsInput.Release, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal', 'client_user');
    return this.caseFile.releaseHold(who, input.caseId, input.reason, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'Add a note to a case' })
  addCaseNote(@Args('input') input: CaseCommandsInput.Note, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'legal');
    return this.caseFile.note(who, input.caseId, input.note, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'The client takes a whole case back (closed returned_to_client, with its balance now)' })
  recallCase(@Args('input') input: CaseCommandsInput.Recall, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.caseFile.recallCase(who, input.caseId, input.reason, ctx.correlationId);
  }

  @Mutation(() => CaseModel, { description: 'The client takes one claim back; the last one closes the case' })
  recallClaim(@Args('input') input: CaseCommandsInput.RecallClaim, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'client_user');
    return this.caseFile.recallClaim(who, input.claimId, input.reason, ctx.correlationId);
  }
}

@Resolver(() => DebtorModel)
export class DebtorResolver {
  constructor(
    private readonly caseFile: CaseFileService,
    private readonly reads: CaseReadsService,
  ) {}

  @Query(() => DebtorModel, { nullable: true })
  debtor(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.reads.debtor(requireIdentity(ctx), id);
  }

  @Query(() => [DebtorModel], { description: "A client's debtors by name (agency admin, the client's users)" })
  debtors(
    @Args('clientId', { type: () => ID }) clientId: string,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Number, nullable: true }) first?: number,
    @Args('after', { type: () => String, nullable: true, description: 'name|id of the last debtor seen' }) after?: string,
  ) {
    return this.reads.debtors(requireIdentity(ctx), clientId, Math.min(Math.max(first ?? 50, 1), 500), after ?? null);
  }

  @Mutation(() => DebtorModel, { description: "Correct a debtor's contacts, preferred channel, language or time zone" })
  updateDebtor(@Args('input') input: CaseCommandsInput.UpdateDebtor, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent', 'client_user');
    const { debtorId, ...changes } = input;
    return this.caseFile.updateDebtor(who, debtorId, changes, ctx.correlationId);
  }

  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: GqlContext) {
    return this.reads.debtor(requireIdentity(ctx), ref.id);
  }
}
