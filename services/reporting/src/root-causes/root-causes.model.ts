import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('RootCauseDisputeCounts', { description: 'Disputes raised in the period, and how many of them ended how' })
export class RootCauseDisputeCountsModel {
  @Field(() => Int) raised!: number;
  @Field(() => Int, { description: 'Not resolved yet' }) open!: number;
  @Field(() => Int) resolved!: number;
  @Field(() => Int) upheld!: number;
  @Field(() => Int) rejected!: number;
  @Field(() => Int) partlyUpheld!: number;
}

@ObjectType('RootCauseByReason', { description: 'Disputes of one reason code (Dispute.reason)' })
export class RootCauseByReasonModel extends RootCauseDisputeCountsModel {
  @Field({
    description:
      'not_received, partial_delivery, poor_quality, billing_error, already_paid, not_my_debt, wrong_amount, contract_cancelled, other',
  })
  reason!: string;
}

@ObjectType('RootCauseByBrand', {
  description: 'Disputes of the cases placed under one brand (placements carry no branch or product: the brand is what they carry)',
})
export class RootCauseByBrandModel extends RootCauseDisputeCountsModel {
  @Field(() => ID, { nullable: true }) brandId!: string | null;
}

@ObjectType('RootCauseAnswers', { description: "The client's answers to the disputes raised in the period" })
export class RootCauseAnswersModel {
  @Field(() => Int) answered!: number;
  @Field(() => Int, { description: 'Answered by the day the service level set' }) withinSla!: number;
  @Field(() => Int, { description: 'Within the service level over answered, in basis points (rounded down)' }) withinSlaBp!: number;
  @Field(() => Float, { nullable: true, description: 'Calendar days from raising to the answer, the median; null when none was answered' })
  medianDaysToAnswer!: number | null;
}

@ObjectType('RootCauseShares', { description: 'Each outcome over the resolved disputes, in basis points (rounded down)' })
export class RootCauseSharesModel {
  @Field(() => Int) upheldBp!: number;
  @Field(() => Int) rejectedBp!: number;
  @Field(() => Int) partlyUpheldBp!: number;
}

@ObjectType('RootCauseComplaints', { description: 'Complaints of one category logged in the period, by status' })
export class RootCauseComplaintsModel {
  @Field({ description: 'tone, contact_frequency, wrong_person, privacy, other' }) category!: string;
  @Field(() => Int) logged!: number;
  @Field(() => Int) open!: number;
  @Field(() => Int) closed!: number;
  @Field(() => Int, { description: 'Closed as upheld' }) upheld!: number;
  @Field(() => Int, { description: 'Closed, answered by its due day' }) answeredInTime!: number;
}

@ObjectType('RootCauses', {
  description: "A client's root causes: why its debtors do not pay (disputes) and what they complain of, of the cases the caller may see",
})
export class RootCausesModel {
  @Field(() => ID) clientId!: string;
  @Field(() => String, { nullable: true, description: 'First day counted (YYYY-MM-DD), null: from the start' }) from!: string | null;
  @Field(() => String, { nullable: true, description: 'Last day counted (YYYY-MM-DD), null: up to now' }) to!: string | null;
  @Field(() => RootCauseDisputeCountsModel) disputes!: RootCauseDisputeCountsModel;
  @Field(() => [RootCauseByReasonModel]) byReason!: RootCauseByReasonModel[];
  @Field(() => [RootCauseByBrandModel]) byBrand!: RootCauseByBrandModel[];
  @Field(() => RootCauseAnswersModel) answers!: RootCauseAnswersModel;
  @Field(() => RootCauseSharesModel) shares!: RootCauseSharesModel;
  @Field(() => [RootCauseComplaintsModel], { description: 'Every category, in a fixed order' }) complaints!: RootCauseComplaintsModel[];
}
