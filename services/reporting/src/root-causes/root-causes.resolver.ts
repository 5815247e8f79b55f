import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { RootCausesModel } from './root-causes.model';
import { RootCausesService } from './root-causes.service';
import { rootCausesFilter } from './root-causes-filter';

/** Thin: the caller's identity and filter to the read. */
@Resolver(() => RootCausesModel)
export class RootCausesResolver {
  constructor(private readonly service: RootCausesService) {}

  @Query(() => RootCausesModel, {
    nullable: true,
    description:
      "A client's root causes over the days from `from` to `to` (both included; disputes by the day raised, complaints by the day logged), of the cases the caller may see: a client user its own client's, an agent its brands', the admin all; null for a client the caller may not see (another client's, legal staff). BAD_USER_INPUT names clientId, from or to.",
  })
  async rootCauses(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('from', { type: () => String, nullable: true }) from?: string | null,
    @Args('to', { type: () => String, nullable: true }) to?: string | null,
  ): Promise<RootCausesModel | null> {
    const identity = requireIdentity(ctx);
    const filter = rootCausesFilter({ clientId, from, to });
    const view = await this.service.view(identity, filter.clientId, filter.period);
    return view && { clientId: filter.clientId, ...filter.period, ...view };
  }
}
