import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import {
  DISPUTE_CHANNELS,
  DISPUTE_OUTCOMES,
  DISPUTE_RAISERS,
  DISPUTE_REASONS,
  DISPUTE_STATUSES,
  isOverdue,
  MAX_TEXT,
  type Dispute,
} from './dispute';

@ObjectType('ClaimCredit', { description: 'What a resolved dispute credited on a claim (minor units): no longer collected' })
export class ClaimCreditModel {
  @Field(() => ID) claimId!: string;
  @Field() amountMinor!: string;
}

@ObjectType('DisputeAnswer', { description: "The client's answer to a dispute" })
export class DisputeAnswerModel {
  @Field() text!: string;
  @Field(() => String, {
    nullable: true,
    description: `the outcome the client decided on (${DISPUTE_OUTCOMES.join(', ')}); none: the agency decides`,
  })
  proposedOutcome!: string | null;
  @Field() at!: Date;
  @Field({ description: 'kind:id of who answered' }) by!: string;
  @Field({ description: 'answered after the day it was due' }) late!: boolean;
}

@ObjectType('DisputeResolution')
export class DisputeResolutionModel {
  @Field({ description: DISPUTE_OUTCOMES.join(', ') }) outcome!: string;
  @Field(() => [ClaimCreditModel], { description: 'upheld: what was open on each claim; partly_upheld: the amounts given; rejected: none' })
  credits!: ClaimCreditModel[];
  @Field({ description: 'what the debtor is told of the outcome' }) explanation!: string;
  @Field() at!: Date;
  @Field({ description: 'kind:id of who resolved it' }) by!: string;
}

@ObjectType('Dispute', {
  description:
    "A debtor's reason not to pay some claims of a case. Until it is resolved those claims are not collected (the rest of the case is) and the case may not go to legal; the client is asked to answer by answerDueOn.",
})
export class DisputeModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field(() => [ID], { description: 'the disputed claims (Case.claims ids)' }) claimIds!: string[];
  @Field({ description: DISPUTE_REASONS.join(', ') }) reason!: string;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field({ description: `${DISPUTE_RAISERS.join(', ')}: whose dispute it is (debtor also when an agent recorded it)` }) raisedBy!: string;
  @Field({ description: `how it reached the agency: ${DISPUTE_CHANNELS.join(', ')}` }) channel!: string;
  @Field({ description: `${DISPUTE_STATUSES.join(', ')}: awaiting_client until the client answers; open: with the agency to resolve` })
  status!: string;
  @Field() raisedAt!: Date;
  @Field({ description: 'kind:id of who recorded it' }) recordedBy!: string;
  @Field({
    description: "YYYY-MM-DD: the client's answer is due by this day (its service level, in business days of the agency's calendar)",
  })
  answerDueOn!: string;
  @Field({ description: 'awaiting the client after answerDueOn' }) overdue!: boolean;
  @Field(() => Date, { nullable: true, description: 'when the client was reminded of its overdue answer' }) remindedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: "when the overdue answer went to the agency's account manager (a second service level after answerDueOn)",
  })
  escalatedAt!: Date | null;
  @Field(() => DisputeAnswerModel, { nullable: true }) answer!: DisputeAnswerModel | null;
  @Field(() => DisputeResolutionModel, { nullable: true }) resolution!: DisputeResolutionModel | null;
}

@ObjectType('DisputeConnection')
export class DisputeConnectionModel {
  @Field(() => [DisputeModel]) nodes!: DisputeModel[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@InputType('RaiseDisputeInput')
export class RaiseDisputeInput {
  @Field(() => ID) @IsString() caseId!: string;
  @Field(() => [ID], { description: 'one or more open claims of the case' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  claimIds!: string[];
  @Field({ description: DISPUTE_REASONS.join(', ') }) @IsString() reason!: string;
  @Field(() => String, { nullable: true, description: 'the debtor’s words; required for reason other' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEXT)
  text?: string | null;
  @Field({ description: `${DISPUTE_RAISERS.join(', ')}; a client user raises as client` }) @IsString() raisedBy!: string;
  @Field({ description: DISPUTE_CHANNELS.join(', ') }) @IsString() channel!: string;
}

@InputType('ClaimCreditInput')
export class ClaimCreditInput {
  @Field(() => ID) @IsString() claimId!: string;
  @Field({ description: 'minor units (cents) as a whole number, e.g. "2500" for 25.00' }) @IsString() amountMinor!: string;
}

@InputType('AnswerDisputeInput', {
  description: "The client's answer; with an outcome it is the client's decision and resolves the dispute, without one the agency decides",
})
export class AnswerDisputeInput {
  @Field(() => ID) @IsString() disputeId!: string;
  @Field() @IsString() answer!: string;
  @Field(() => String, { nullable: true, description: DISPUTE_OUTCOMES.join(', ') }) @IsOptional() @IsString() outcome?: string | null;
  @Field(() => [ClaimCreditInput], { nullable: true, description: 'partly_upheld: the amount credited on each claim concerned' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ClaimCreditInput)
  credits?: ClaimCreditInput[] | null;
}

@InputType('ResolveDisputeInput', { description: 'The agency resolves a dispute (agents of the brand, the admin)' })
export class ResolveDisputeInput {
  @Field(() => ID) @IsString() disputeId!: string;
  @Field({ description: DISPUTE_OUTCOMES.join(', ') }) @IsString() outcome!: string;
  @Field(() => String, { nullable: true, description: "what the debtor is told; default: the client's answer" })
  @IsOptional()
  @IsString()
  explanation?: string | null;
  @Field(() => [ClaimCreditInput], { nullable: true, description: 'partly_upheld: the amount credited on each claim concerned' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ClaimCreditInput)
  credits?: ClaimCreditInput[] | null;
}

/** A dispute as the API shows it, on `today` in the agency's calendar (amounts as decimal strings). */
export function disputeModelOf(d: Dispute, today: string): DisputeModel {
  return {
    id: d.id,
    caseId: d.caseId,
    clientId: d.clientId,
    brandId: d.brandId,
    claimIds: [...d.claimIds],
    reason: d.reason,
    text: d.text,
    raisedBy: d.raisedBy,
    channel: d.channel,
    status: d.status,
    raisedAt: new Date(d.raisedAt),
    recordedBy: d.recordedBy,
    answerDueOn: d.answerDueOn,
    overdue: isOverdue(d, today),
    remindedAt: d.remindedAt ? new Date(d.remindedAt) : null,
    escalatedAt: d.escalatedAt ? new Date(d.escalatedAt) : null,
    answer: d.answer ? { ...d.answer, at: new Date(d.answer.at) } : null,
    resolution: d.resolution
      ? {
          outcome: d.resolution.outcome,
          credits: d.resolution.credits.map((c) => ({ claimId: c.claimId, amountMinor: c.amountMinor.toString() })),
          explanation: d.resolution.explanation,
          at: new Date(d.resolution.at),
          by: d.resolution.by,
        }
      : null,
  };
}
