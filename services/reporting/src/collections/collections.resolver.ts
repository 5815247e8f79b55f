import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { CollectionCohortModel, PortfolioAgeingModel } from './collections.model';
import { CollectionsReadsService } from './collections-reads.service';
import { reportFilter } from './report-filter';

/** Thin: the caller's identity and filter to the reads, bigints out as decimal strings. */
@Resolver()
export class CollectionsResolver {
  constructor(private readonly reads: CollectionsReadsService) {}

  @Query(() => [CollectionCohortModel], {
    description: 'Collection curves per placement cohort of the cases the caller may see, by client, currency and placement month',
  })
  async collectionCurve(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string | null,
    @Args('currency', { type: () => String, nullable: true }) currency?: string | null,
  ): Promise<CollectionCohortModel[]> {
    const identity = requireIdentity(ctx);
    const curves = await this.reads.collectionCurves(identity, reportFilter({ clientId, currency }));
    return curves.map((c) => ({
      clientId: c.clientId,
      currency: c.currency,
      cohortMonth: c.cohortMonth,
      placedMinor: c.placedMinor.toString(),
      points: c.points.map((p) => ({
        monthsSincePlacement: p.monthsSincePlacement,
        collectedMinor: p.collectedMinor.toString(),
        shareBp: p.shareBp,
      })),
    }));
  }

  @Query(() => [PortfolioAgeingModel], { description: 'Open cases the caller may see by days past due, per client and currency' })
  async ageing(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string | null,
  ): Promise<PortfolioAgeingModel[]> {
    const identity = requireIdentity(ctx);
    const rows = await this.reads.ageing(identity, reportFilter({ clientId }));
    return rows.map((r) => ({ ...r, buckets: r.buckets.map((b) => ({ ...b, openMinor: b.openMinor.toString() })) }));
  }
}
