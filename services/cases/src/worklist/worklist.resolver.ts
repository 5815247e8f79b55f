import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { AssignmentRuleInput, BulkAssignmentModel, WorklistEntryModel } from './worklist.model';
import { WorklistService } from './worklist.service';

@Resolver(() => WorklistEntryModel)
export class WorklistResolver {
  constructor(private readonly worklist: WorklistService) {}

  @Query(() => [WorklistEntryModel], { description: "The calling agent's open cases across its brands, most urgent first" })
  myWorklist(@Context() ctx: GqlContext, @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number) {
    const agent = requireRole(ctx, 'agent');
    return this.worklist.myWorklist(agent, Math.min(Math.max(first, 1), 500));
  }

  @Mutation(() => BulkAssignmentModel, {
    description: 'Assign cases to an agent in bulk by rule (brand, language, amount band); agency admin',
  })
  assignCasesByRule(@Args('rule') rule: AssignmentRuleInput, @Context() ctx: GqlContext) {
    const admin = requireRole(ctx, 'agency_admin');
    return this.worklist.assignByRule(admin, rule, ctx.correlationId);
  }
}
