import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { REMITTANCE_PERIODS, type RemittancePeriod } from '../agreements/agreement';
import { RemittanceModel, remittanceModelOf } from './remittance.model';
import { RemittancesService } from './remittances.service';

@Resolver(() => RemittanceModel)
export class RemittancesResolver {
  constructor(private readonly service: RemittancesService) {}

  @Mutation(() => RemittanceModel, {
    description:
      "The agency admin closes a client's period (periodStart: a Monday or the 1st, by the client's remittance period): asked again, the same remittance and nothing posted twice; CONFLICT before the period has ended",
  })
  async issueRemittance(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('periodStart') periodStart: string,
  ): Promise<RemittanceModel> {
    return remittanceModelOf(await this.service.issue(requireRole(ctx, 'agency_admin'), clientId, periodStart));
  }

  @Mutation(() => [RemittanceModel], {
    description: 'The agency admin closes the period starting on periodStart for every client remitted by periodKind',
  })
  async issueRemittances(
    @Context() ctx: GqlContext,
    @Args('periodStart') periodStart: string,
    @Args('periodKind', { description: REMITTANCE_PERIODS.join(', ') }) periodKind: string,
  ): Promise<RemittanceModel[]> {
    const identity = requireRole(ctx, 'agency_admin');
    if (!(REMITTANCE_PERIODS as readonly string[]).includes(periodKind))
      throw DomainError.invalid([{ field: 'periodKind', reason: `is not one of ${REMITTANCE_PERIODS.join(', ')}` }]);
    return (await this.service.issueAll(identity, periodStart, periodKind as RemittancePeriod)).map(remittanceModelOf);
  }

  @Query(() => [RemittanceModel], {
    description: 'Remittances, the latest period first: the agency all (or one client’s), a client user its own',
  })
  async remittances(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
  ): Promise<RemittanceModel[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    return (await this.service.list(identity, clientId ?? null, Math.min(Math.max(first ?? 50, 1), 500))).map(remittanceModelOf);
  }

  @Query(() => RemittanceModel, { nullable: true, description: 'One remittance; null when there is none the caller may see' })
  async remittance(@Context() ctx: GqlContext, @Args('id', { type: () => ID }) id: string): Promise<RemittanceModel | null> {
    const r = await this.service.one(requireRole(ctx, 'agency_admin', 'client_user'), id);
    return r ? remittanceModelOf(r) : null;
  }

  @Query(() => String, {
    description:
      'The SEPA credit-transfer file (pain.001.001.09 XML) paying out these remittances from the trust account on executionDate (the agency admin)',
  })
  remittancePayoutFile(
    @Context() ctx: GqlContext,
    @Args('remittanceIds', { type: () => [ID] }) remittanceIds: string[],
    @Args('executionDate') executionDate: string,
  ): Promise<string> {
    return this.service.payoutFile(requireRole(ctx, 'agency_admin'), remittanceIds, executionDate);
  }

  @ResolveField(() => String, { description: 'The statement as CSV: one line per case and the total' })
  async statementCsv(@Parent() r: RemittanceModel, @Context() ctx: GqlContext): Promise<string> {
    return this.service.statementCsv(await this.visible(ctx, r.id));
  }

  @ResolveField(() => String, { description: 'The statement as an XLSX workbook, base64' })
  async statementXlsxBase64(@Parent() r: RemittanceModel, @Context() ctx: GqlContext): Promise<string> {
    return this.service.statementXlsxBase64(await this.visible(ctx, r.id));
  }

  @ResolveField(() => String, { description: "The statement as a PDF in the agency's colour, base64" })
  async statementPdfBase64(@Parent() r: RemittanceModel, @Context() ctx: GqlContext): Promise<string> {
    return this.service.statementPdfBase64(await this.visible(ctx, r.id));
  }

  private async visible(ctx: GqlContext, id: string) {
    const r = await this.service.one(requireRole(ctx, 'agency_admin', 'client_user'), id);
    if (!r) throw new DomainError('not_found', `no remittance ${id}`);
    return r;
  }
}
