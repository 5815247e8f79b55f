import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('LegalCheck')
export class LegalCheckModel {
  @Field() allowed!: boolean;
  @Field({ description: 'rule id of legal-rules.md, e.g. BE-C-4' }) rule!: string;
  @Field({ description: 'the article or document' }) source!: string;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) earliestAt!: string | null;
}

@ObjectType('LegalDecision')
export class LegalDecisionModel extends LegalCheckModel {
  @Field() step!: string;
  @Field(() => [LegalCheckModel]) checks!: LegalCheckModel[];
}

@ObjectType('StatementLine')
export class StatementLineModel {
  @Field({ description: 'principal, interest, damages or payment' }) kind!: string;
  @Field() label!: string;
  @Field(() => String, { nullable: true }) date!: string | null;
  @Field(() => String, { nullable: true }) claimId!: string | null;
  @Field() amountMinor!: string;
  @Field() explanation!: string;
  @Field(() => String, { nullable: true }) rule!: string | null;
  @Field(() => String, { nullable: true }) source!: string | null;
}

@ObjectType('LegalStatement', { description: 'What the debtor owes on a date, line by line, each with its rule' })
export class LegalStatementModel {
  @Field() asOf!: string;
  @Field() currency!: string;
  @Field() principalMinor!: string;
  @Field() interestMinor!: string;
  @Field() damagesMinor!: string;
  @Field() paidMinor!: string;
  @Field() totalMinor!: string;
  @Field() complete!: boolean;
  @Field(() => [String]) problems!: string[];
  @Field(() => [StatementLineModel]) lines!: StatementLineModel[];
}

@ObjectType('LegalAssessment')
export class LegalAssessmentModel {
  @Field() now!: string;
  @Field() jurisdiction!: string;
  @Field(() => [LegalDecisionModel], { description: 'one per step asked (every step when none was named)' })
  decisions!: LegalDecisionModel[];
  @Field(() => LegalStatementModel) statement!: LegalStatementModel;
}
