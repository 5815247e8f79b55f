import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { CaseJourneyModel, OutgoingModel, journeyModelOf, outgoingModelOf } from './journey.model';
import { JourneysService } from './journeys.service';

@Resolver(() => OutgoingModel)
export class OutgoingResolver {
  constructor(private readonly journeys: JourneysService) {}

  @Query(() => OutgoingModel, {
    description:
      'What goes out on a date (default today): each due step with its channel, template, amounts and legal answer, the counts per channel, and the steps that will not go out with their rule and from when they may. Reads only.',
  })
  async outgoing(
    @Context() ctx: GqlContext,
    @Args('date', { type: () => String, nullable: true, description: 'YYYY-MM-DD in the agency’s calendar' }) date?: string,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
    @Args('brandId', { type: () => ID, nullable: true }) brandId?: string,
  ) {
    return outgoingModelOf(await this.journeys.outgoing(requireIdentity(ctx), { date, clientId, brandId }));
  }
}

/** The journey on the case file. */
@Resolver(() => CaseModel)
export class CaseJourneyResolver {
  constructor(private readonly journeys: JourneysService) {}

  @ResolveField(() => CaseJourneyModel, {
    nullable: true,
    description: 'Its scenario and version, the steps done, the next step and when, the refusals',
  })
  async journey(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    const j = await this.journeys.journey(requireIdentity(ctx), c.id);
    return j ? journeyModelOf(j) : null;
  }
}
