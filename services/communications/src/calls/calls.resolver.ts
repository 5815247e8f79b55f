import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CallModel, CallScriptInput, CallScriptModel, LogCallInput } from './call.model';
import { CallsService } from './calls.service';

@Resolver(() => CallModel)
export class CallsResolver {
  constructor(private readonly service: CallsService) {}

  @Mutation(() => CallModel, { description: 'Log a call with a debtor (agent); it counts towards the contact limits' })
  logCall(@Args('input') input: LogCallInput, @Context() ctx: GqlContext): Promise<CallModel> {
    const identity = requireRole(ctx, 'agent', 'agency_admin');
    return this.service.log(identity, input, ctx.correlationId);
  }

  @Query(() => [CallModel], { description: "A case's calls" })
  calls(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext): Promise<CallModel[]> {
    return this.service.ofCase(requireIdentity(ctx), caseId);
  }

  @Query(() => CallScriptModel, { description: "The brand's call script in a language (filled in for a case when caseId is given)" })
  async callScript(
    @Args('brandId', { type: () => ID }) brandId: string,
    @Args('language') language: string,
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
  ): Promise<CallScriptModel> {
    const { language: chosen, script, source } = await this.service.script(requireIdentity(ctx), brandId, language, caseId);
    return { language: chosen, ...script, source };
  }

  @Mutation(() => CallScriptModel, {
    description: "A brand's own call script in a language (agency admin); refused with BAD_USER_INPUT naming each unknown placeholder",
  })
  async updateCallScript(
    @Args('brandId', { type: () => ID }) brandId: string,
    @Args('language') language: string,
    @Args('script') script: CallScriptInput,
    @Context() ctx: GqlContext,
  ): Promise<CallScriptModel> {
    requireRole(ctx, 'agency_admin');
    const { language: chosen, script: merged, source } = await this.service.updateScript(brandId, language, script);
    return { language: chosen, ...merged, source };
  }
}
