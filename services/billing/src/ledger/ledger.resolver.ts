import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { LedgerBalanceModel, LedgerEntryPageModel, ledgerBalanceModelOf, ledgerEntryModelOf } from './ledger.model';
import { LedgerService } from './ledger.service';

@Resolver()
export class LedgerResolver {
  constructor(private readonly service: LedgerService) {}

  @Query(() => LedgerEntryPageModel, {
    description:
      'Trust ledger entries in posting order, by client, account and period (YYYY-MM-DD, inclusive): the agency all, a client user its own',
  })
  async ledgerEntries(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('account', { type: () => String, nullable: true }) account?: string,
    @Args('from', { type: () => String, nullable: true }) from?: string,
    @Args('to', { type: () => String, nullable: true }) to?: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ): Promise<LedgerEntryPageModel> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    const page = await this.service.entries(
      identity,
      { clientId: clientId ?? null, account: account ?? null, from: from ?? null, to: to ?? null },
      Math.min(Math.max(first ?? 100, 1), 1000),
      after ?? null,
    );
    return { nodes: page.nodes.map(ledgerEntryModelOf), endCursor: page.endCursor };
  }

  @Query(() => [LedgerBalanceModel], {
    description: "Balances per account (and per client for clients' own accounts) over a period: the agency all, a client user its own",
  })
  async ledgerBalances(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('from', { type: () => String, nullable: true }) from?: string,
    @Args('to', { type: () => String, nullable: true }) to?: string,
  ): Promise<LedgerBalanceModel[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    return (await this.service.balances(identity, { clientId: clientId ?? null, from: from ?? null, to: to ?? null })).map(
      ledgerBalanceModelOf,
    );
  }
}
