import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import {
  CaseJourneyModel,
  OutgoingModel,
  MigrateCaseJourneyInput,
  ScenarioSimulationModel,
  journeyModelOf,
  outgoingModelOf,
  simulationModelOf,
} from './journey.model';
import { JourneysService } from './journeys.service';
import { SimulationService } from './simulation.service';

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

@Resolver(() => ScenarioSimulationModel)
export class SimulationResolver {
  constructor(private readonly simulation: SimulationService) {}

  @Query(() => ScenarioSimulationModel, {
    description:
      "A scenario's timeline on a real case (caseId) or a hypothetical one (caseJson, as `amicus legal assess` reads it): each step's date and when the law lets it go, the legal terms in between, the statement on each date. Reads only.",
  })
  async simulateScenario(
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
    @Args('caseJson', { type: () => String, nullable: true }) caseJson?: string,
    @Args('versionId', { type: () => ID, nullable: true, description: "default: the case's own version, else the one it would follow" })
    versionId?: string,
    @Args('from', { type: () => String, nullable: true, description: 'ISO instant the timeline starts at; default now' }) from?: string,
  ) {
    return simulationModelOf(await this.simulation.simulate(requireIdentity(ctx), { caseId, caseJson, versionId, from }));
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

@Resolver(() => CaseJourneyModel)
export class JourneyMigrationResolver {
  constructor(private readonly journeys: JourneysService) {}

  @Mutation(() => CaseJourneyModel, {
    description:
      'Move a case to another active scenario version, going on from the same step key or the one named (agency admin); audited. A case otherwise keeps the version it started on.',
  })
  async migrateCaseJourney(@Args('input') input: MigrateCaseJourneyInput, @Context() ctx: GqlContext) {
    return journeyModelOf(await this.journeys.migrate(requireRole(ctx, 'agency_admin'), input));
  }
}
