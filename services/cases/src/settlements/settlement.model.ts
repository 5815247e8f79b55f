import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PlanInstalmentInput } from '../plans/plan.model';
import { SETTLEMENT_STATUSES, type Settlement } from './settlement';

@ObjectType('Settlement', {
  description:
    "A debtor's offer to settle its case for less than the balance: accepted at once within the discount its client allows agents (SettlementTerms), else the client accepts or declines it. Accepted and paid, the case closes as settled.",
})
export class SettlementModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field() currency!: string;
  @Field({ description: "the case's open balance when offered, minor units" }) balanceMinor!: string;
  @Field({ description: 'the settled amount offered, minor units' }) amountMinor!: string;
  @Field(() => Int, { description: 'the discount asked, basis points of the balance (rounded up)' }) discountBp!: number;
  @Field({ description: "within the client's terms: accepted by the agency at once" }) withinTerms!: boolean;
  @Field({ description: 'paid by a payment plan at the settled amount' }) byPlan!: boolean;
  @Field(() => String, { nullable: true, description: 'paid at once: the day by which (YYYY-MM-DD)' }) payBy!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field({ description: SETTLEMENT_STATUSES.join(', ') }) status!: string;
  @Field() offeredAt!: Date;
  @Field({ description: 'kind:id of who recorded the offer' }) offeredBy!: string;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'kind:id of who accepted or declined' }) decidedBy!: string | null;
  @Field(() => String, { nullable: true }) decisionReason!: string | null;
  @Field(() => ID, { nullable: true, description: 'the payment plan at the settled amount (byPlan)' }) planId!: string | null;
}

@ObjectType('SettlementTerms', { description: 'The discount a client lets agents grant on their own; above it, the client decides' })
export class SettlementTermsModel {
  @Field(() => Int, { description: 'basis points of the open balance (0: none)' }) maxDiscountBp!: number;
  @Field(() => String, { nullable: true, description: 'the least amount an agent may settle for, minor units' }) minAmountMinor!:
    string | null;
}

@InputType('SettlementPlanInput', {
  description: 'The instalments the debtor offers to pay the settled amount by (as ProposePaymentPlanInput, summing to the settled amount)',
})
export class SettlementPlanInput {
  @Field(() => [PlanInstalmentInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PlanInstalmentInput)
  instalments?: PlanInstalmentInput[] | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() count?: number | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsString() firstDueOn?: string | null;
  @Field(() => String, { nullable: true, description: 'minor units' }) @IsOptional() @IsString() downPaymentMinor?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; default today' }) @IsOptional() @IsString() downPaymentOn?:
    string | null;
}

@InputType('OfferSettlementInput', {
  description: "A debtor's settlement offer, recorded by an agent of the case's brand or the admin: paid at once by payBy, or by a plan",
})
export class OfferSettlementInput {
  @Field(() => ID) @IsString() caseId!: string;
  @Field({ description: 'the settled amount, minor units, less than the open balance' }) @IsString() amountMinor!: string;
  @Field(() => String, { nullable: true, description: 'paid at once: by this day (YYYY-MM-DD), at most 60 days away' })
  @IsOptional()
  @IsString()
  payBy?: string | null;
  @Field(() => SettlementPlanInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SettlementPlanInput)
  plan?: SettlementPlanInput | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) note?: string | null;
}

export function settlementModelOf(s: Settlement): SettlementModel {
  return {
    id: s.id,
    caseId: s.caseId,
    clientId: s.clientId,
    brandId: s.brandId,
    currency: s.currency,
    balanceMinor: s.balanceMinor.toString(),
    amountMinor: s.amountMinor.toString(),
    discountBp: s.discountBp,
    withinTerms: s.withinTerms,
    byPlan: s.byPlan,
    payBy: s.payBy,
    note: s.note,
    status: s.status,
    offeredAt: new Date(s.offeredAt),
    offeredBy: s.offeredBy,
    decidedAt: s.decidedAt ? new Date(s.decidedAt) : null,
    decidedBy: s.decidedBy,
    decisionReason: s.decisionReason,
    planId: s.planId,
  };
}
