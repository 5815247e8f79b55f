import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsString, Matches } from 'class-validator';

@ObjectType('EscalationCondition', { description: 'One condition of an escalation to legal, answered with its rule and source' })
export class EscalationConditionModel {
  @Field({ description: 'formal_notice, no_open_dispute, amount_threshold, no_legal_stop, client_approval' }) key!: string;
  @Field() met!: boolean;
  @Field({ description: 'the rule it applies (BE-A-2, NL-C-1, CASE-DISPUTE-OPEN, ESC-THRESHOLD, …)' }) rule!: string;
  @Field({ description: 'where the rule comes from' }) source!: string;
  @Field({ description: 'what was found' }) detail!: string;
  @Field(() => String, { nullable: true, description: 'unmet, and only time is missing: the day it will be met' }) metFrom!: string | null;
}

@ObjectType('EscalationEligibility')
export class EscalationEligibilityModel {
  @Field({ description: 'every condition is met' }) eligible!: boolean;
  @Field(() => [EscalationConditionModel]) conditions!: EscalationConditionModel[];
  @Field(() => String, { nullable: true, description: 'when every unmet condition has a date: the day the case becomes eligible' })
  eligibleFrom!: string | null;
}

@ObjectType('EscalationEstimate', { description: 'Court and bailiff costs of the route against the expected recovery (minor units)' })
export class EscalationEstimateModel {
  @Field() route!: string;
  @Field() routeSource!: string;
  @Field({ description: 'where the cost figures come from (indicative)' }) costSource!: string;
  @Field() currency!: string;
  @Field() courtCostsMinor!: string;
  @Field() bailiffCostsMinor!: string;
  @Field() openMinor!: string;
  @Field(() => Int, { description: 'expected share recovered, in basis points (5000 = 50%)' }) recoveryRateBp!: number;
  @Field({ description: 'client_history (its closed cases) or agency_default' }) recoveryRateBasis!: string;
  @Field() expectedRecoveryMinor!: string;
  @Field({ description: 'expected recovery less the costs' }) netMinor!: string;
}

@ObjectType('EscalationProposal')
export class EscalationProposalModel {
  @Field(() => ID) id!: string;
  @Field() proposedAt!: Date;
  @Field({ description: 'kind:id of who proposed (system:scheduler for the journey’s review_for_legal step)' }) by!: string;
  @Field() reason!: string;
  @Field(() => EscalationEstimateModel) estimate!: EscalationEstimateModel;
  @Field({ description: 'awaiting_client, awaiting_legal, accepted, declined (by the client), returned (by legal staff)' }) status!: string;
  @Field({ description: "the client's approval is required by its settings" }) approvalRequired!: boolean;
  @Field({ description: 'the approval as it stands, in words' }) approval!: string;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;
  @Field(() => String, { nullable: true, description: "the client's reason when it declined" }) answerReason!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'why legal staff sent it back' }) decisionReason!: string | null;
}

@ObjectType('Escalation', { description: "A case's escalation to legal staff: may it go, and the proposal on file" })
export class EscalationModel {
  @Field(() => ID) caseId!: string;
  @Field(() => EscalationEligibilityModel) eligibility!: EscalationEligibilityModel;
  @Field(() => EscalationProposalModel, { nullable: true }) proposal!: EscalationProposalModel | null;
}

@ObjectType('EscalationSettings', { description: "A client's escalation settings" })
export class EscalationSettingsModel {
  @Field({ description: 'a case goes to legal only when its open amount is above this (minor units); default 25000' })
  thresholdMinor!: string;
  @Field({ description: 'the client approves each escalation before legal staff accept it; default true' }) approvalRequired!: boolean;
}

@InputType('EscalationSettingsInput')
export class EscalationSettingsInput {
  @Field(() => ID) @IsString() clientId!: string;
  @Field({ description: 'minor units, a whole number' })
  @Matches(/^\d{1,15}$/, { message: 'is not an amount in minor units' })
  thresholdMinor!: string;
  @Field() @IsBoolean() approvalRequired!: boolean;
}
