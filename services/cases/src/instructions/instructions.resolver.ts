import { Args, Context, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import type { GivenKind, Instruction } from './instruction';
import { GiveInstructionInput, InstructionModel } from './instruction.model';
import { InstructionsService } from './instructions.service';

/** The client's instructions on a case: thin. */
@Resolver(() => CaseModel)
export class InstructionsResolver {
  constructor(private readonly service: InstructionsService) {}

  @Mutation(() => CaseModel, {
    description:
      "A client's instruction on its own case (its users; the admin records one the client gave): hold until a day, release, recall, or write off (the case closes written_off). Audited; InstructionGiven for a write-off.",
  })
  giveInstruction(@Args('input') input: GiveInstructionInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'client_user', 'agency_admin');
    return this.service.give(
      who,
      { caseId: input.caseId, kind: input.kind as GivenKind, reason: input.reason, until: input.until ?? null },
      ctx.correlationId,
    );
  }

  @ResolveField(() => [InstructionModel], {
    description:
      "The client's instructions on the case, oldest first: holds, releases, recalls, write-offs, settlement and escalation decisions",
  })
  async instructions(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    return (await this.service.ofCase(requireIdentity(ctx), c.id)).map(modelOf);
  }
}

const modelOf = (i: Instruction): InstructionModel => ({ ...i, at: new Date(i.at) });
