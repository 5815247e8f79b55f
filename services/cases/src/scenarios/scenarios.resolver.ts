import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import {
  CreateScenarioInput,
  SaveScenarioDraftInput,
  ScenarioHistoryEntryModel,
  ScenarioModel,
  ScenarioVersionInput,
  ScenarioVersionModel,
  SegmentModel,
  SetSegmentsInput,
  historyModelOf,
  scenarioModelOf,
  versionModelOf,
} from './scenario.model';
import { segmentToWire } from './scenario-wire';
import { ScenariosService } from './scenarios.service';

@Resolver(() => ScenarioModel)
export class ScenariosResolver {
  constructor(private readonly service: ScenariosService) {}

  @Query(() => [ScenarioModel], { description: "The scenarios the caller may see; with clientId, that client's and the agency defaults" })
  async scenarios(@Context() ctx: GqlContext, @Args('clientId', { type: () => ID, nullable: true }) clientId?: string) {
    return (await this.service.list(requireIdentity(ctx), clientId ?? null)).map(scenarioModelOf);
  }

  @Query(() => ScenarioModel, { nullable: true, description: 'One scenario with its versions' })
  async scenario(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    const found = await this.service.one(requireIdentity(ctx), id);
    return found ? scenarioModelOf(found) : null;
  }

  @Query(() => [SegmentModel], { description: "A client's segments, in order" })
  async segments(@Args('clientId', { type: () => ID }) clientId: string, @Context() ctx: GqlContext) {
    return (await this.service.segments(requireIdentity(ctx), clientId)).map(segmentToWire);
  }

  @ResolveField(() => [ScenarioHistoryEntryModel], {
    description: 'Who created, drafted, approved, activated and retired its versions, and when',
  })
  async history(@Parent() s: ScenarioModel, @Context() ctx: GqlContext) {
    return (await this.service.history(requireIdentity(ctx), s.id)).map(historyModelOf);
  }

  @Mutation(() => ScenarioModel, { description: 'A scenario with its first draft (agency admin)' })
  async createScenario(@Args('input') input: CreateScenarioInput, @Context() ctx: GqlContext) {
    return scenarioModelOf(await this.service.create(requireRole(ctx, 'agency_admin'), input));
  }

  @Mutation(() => ScenarioVersionModel, { description: 'A new draft version of a scenario (agency admin)' })
  async saveScenarioDraft(@Args('input') input: SaveScenarioDraftInput, @Context() ctx: GqlContext) {
    return versionModelOf(await this.service.saveDraft(requireRole(ctx, 'agency_admin'), input.scenarioId, input.steps));
  }

  @Mutation(() => ScenarioVersionModel, { description: 'Activate a draft; the active version retires (agency admin)' })
  async activateScenarioVersion(@Args('input') input: ScenarioVersionInput, @Context() ctx: GqlContext) {
    return versionModelOf(await this.service.activate(requireRole(ctx, 'agency_admin'), input.versionId));
  }

  @Mutation(() => ScenarioVersionModel, { description: 'Retire the active version; cases on it keep it (agency admin)' })
  async retireScenarioVersion(@Args('input') input: ScenarioVersionInput, @Context() ctx: GqlContext) {
    return versionModelOf(await this.service.retire(requireRole(ctx, 'agency_admin'), input.versionId));
  }

  @Mutation(() => ScenarioVersionModel, { description: "The client agrees a version of its own scenario (the client's user)" })
  async approveScenarioVersion(@Args('input') input: ScenarioVersionInput, @Context() ctx: GqlContext) {
    return versionModelOf(await this.service.approve(requireRole(ctx, 'client_user'), input.versionId));
  }

  @Mutation(() => [SegmentModel], { description: "Set a client's ordered segments (agency admin)" })
  async setSegments(@Args('input') input: SetSegmentsInput, @Context() ctx: GqlContext) {
    return (await this.service.setSegments(requireRole(ctx, 'agency_admin'), input.clientId, input.segments)).map(segmentToWire);
  }
}
