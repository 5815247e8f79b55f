import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { LegalAssessmentModel } from './assessment.model';
import { AssessmentService } from './assessment.service';

@Resolver()
export class AssessmentResolver {
  constructor(private readonly assessment: AssessmentService) {}

  @Query(() => LegalAssessmentModel, {
    description: 'Ask the legal engine whether a step may be taken on a case now (or at `at`), with its statement',
  })
  assessCase(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Context() ctx: GqlContext,
    @Args('step', {
      type: () => String,
      nullable: true,
      description:
        'first_reminder, reminder, formal_notice, final_notice, phone_call, sms, email, charge_damages, charge_interest, hand_to_legal; all when absent',
    })
    step?: string,
    @Args('at', { type: () => String, nullable: true, description: 'ISO instant; default now' }) at?: string,
  ) {
    return this.assessment.assessCase(requireIdentity(ctx), caseId, step ?? null, at ?? null);
  }

  @Query(() => LegalAssessmentModel, {
    description:
      'The same for a case given whole, as the JSON of `amicus legal assess` (libs/legal/README.md): "what do I owe if I pay on Friday?"',
  })
  assessHypotheticalCase(@Args('caseJson') caseJson: string, @Context() ctx: GqlContext) {
    return this.assessment.assessHypothetical(requireIdentity(ctx), caseJson);
  }
}
