import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { AddRatePeriodInput, RateTableModel, rateTableModelOf } from './rates.model';
import { RatesService } from './rates.service';

@Resolver(() => RateTableModel)
export class RatesResolver {
  constructor(private readonly service: RatesService) {}

  @Query(() => [RateTableModel], { description: 'The reference-rate tables the legal engine uses, with a warning for one that ends soon' })
  async rateTables(@Context() ctx: GqlContext) {
    return (await this.service.tables(requireIdentity(ctx))).map(rateTableModelOf);
  }

  @Mutation(() => RateTableModel, { description: 'Add the next period of a rate table, with its source (agency admin)' })
  async addRatePeriod(@Args('input') input: AddRatePeriodInput, @Context() ctx: GqlContext) {
    return rateTableModelOf(await this.service.add(requireRole(ctx, 'agency_admin'), input));
  }
}
