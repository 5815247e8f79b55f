import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { structuredReferencesOf } from '@amicus/payment-references';
import type { PlanLimits } from './payment-plan';
import type { CasePromise } from './plan-store';
import type { PlanView } from './plans.service';

@ObjectType('PlanInstalment', { description: 'One instalment of a payment plan, with what payments covered of it so far' })
export class PlanInstalmentModel {
  @Field(() => Int, { description: '1, 2, …: payments cover the instalments in this order' }) seq!: number;
  @Field({ description: 'YYYY-MM-DD' }) dueOn!: string;
  @Field({ description: 'minor units' }) amountMinor!: string;
  @Field() downPayment!: boolean;
  @Field({ description: 'covered by payments so far, minor units' }) paidMinor!: string;
  @Field({ description: 'paid, partly_paid, due, missed (not covered within the grace days), upcoming' }) status!: string;
}

@ObjectType('PlanPaymentReference', {
  description: "A payment plan's own structured reference: instalments paid with it are matched to the plan's case by the bank import",
})
export class PlanPaymentReferenceModel {
  @Field({ description: 'the number the references are made from (9,000,000,001 and up: never a case number)' }) referenceNumber!: string;
  @Field({ description: 'Belgian structured communication, +++900/0000/00116+++' }) ogm!: string;
  @Field({ description: 'ISO 11649 creditor reference' }) rf!: string;
}

@ObjectType('PaymentPlan', {
  description:
    "Instalments agreed with the debtor, summing to the case's open amount on the day proposed. While it is kept the journey waits; an instalment not covered within the grace days breaks it and collection goes on.",
})
export class PaymentPlanModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field({ description: 'pending (waits for approval), agreed, rejected, broken, completed' }) status!: string;
  @Field({ description: 'what the instalments sum to, minor units' }) totalMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'paid towards the plan since it was proposed, minor units' }) paidMinor!: string;
  @Field(() => Int, { description: 'days after an instalment’s date before it counts as missed' }) graceDays!: number;
  @Field(() => [PlanInstalmentModel]) instalments!: PlanInstalmentModel[];
  @Field(() => [String], { description: 'why it waits for an approval: the client’s limits it is outside of' }) outsideLimits!: string[];
  @Field({ description: 'agent, debtor_page' }) source!: string;
  @Field() proposedOn!: string;
  @Field() proposedAt!: Date;
  @Field({ description: 'kind:id' }) proposedBy!: string;
  @Field(() => String, { nullable: true, description: 'within_limits, approved' }) agreement!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'why it was rejected' }) decisionReason!: string | null;
  @Field(() => Int, { nullable: true, description: 'the instalment whose miss broke it' }) missedSeq!: number | null;
  @Field(() => String, { nullable: true, description: 'the day it broke or was completed' }) endedOn!: string | null;
  @Field(() => PlanPaymentReferenceModel, { nullable: true, description: 'what to quote when paying an instalment' })
  paymentReference!: PlanPaymentReferenceModel | null;
}

@ObjectType('PaymentPromise', { description: "A debtor's promise to pay an amount by a date; the journey waits until the day after it" })
export class PaymentPromiseModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field({ description: 'minor units' }) amountMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueOn!: string;
  @Field() madeOn!: string;
  @Field() madeAt!: Date;
  @Field({ description: 'kind:id' }) madeBy!: string;
  @Field({ description: 'agent, call, debtor_page' }) source!: string;
  @Field({ description: 'open, kept, broken, replaced' }) status!: string;
  @Field({ description: 'received from the day it was made to its date, as last checked; minor units' }) paidMinor!: string;
  @Field(() => Date, { nullable: true }) endedAt!: Date | null;
}

@ObjectType('PaymentPlanLimits', { description: "A client's limits for plans agreed without an approval" })
export class PaymentPlanLimitsModel {
  @Field(() => Int) maxMonths!: number;
  @Field({ description: 'minor units; every instalment but the last at least this' }) minInstalmentMinor!: string;
  @Field() downPaymentRequired!: boolean;
  @Field(() => Int) graceDays!: number;
}

@ObjectType('DebtorPaymentPlan', { description: 'A plan the debtor proposed on its page, as the debtor sees it' })
export class DebtorPaymentPlanModel {
  @Field({ description: 'agreed (within the client’s limits), pending (the agency decides)' }) status!: string;
  @Field({ description: 'minor units' }) totalMinor!: string;
  @Field() currency!: string;
  @Field(() => [PlanInstalmentModel]) instalments!: PlanInstalmentModel[];
  @Field(() => PlanPaymentReferenceModel, { nullable: true, description: 'what to quote when paying an instalment' })
  paymentReference!: PlanPaymentReferenceModel | null;
}

@ObjectType('DebtorPromise', { description: 'A promise the debtor made on its page' })
export class DebtorPromiseModel {
  @Field({ description: 'minor units' }) amountMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueOn!: string;
  @Field({ description: 'open, kept, broken, replaced' }) status!: string;
}

@ObjectType('DebtorArrangements', {
  description: 'What the debtor arranged on its page and still stands: the plan in force, the open promise',
})
export class DebtorArrangementsModel {
  @Field(() => DebtorPaymentPlanModel, { nullable: true, description: 'pending or agreed; none once it ended' })
  paymentPlan!: DebtorPaymentPlanModel | null;
  @Field(() => DebtorPromiseModel, { nullable: true, description: 'the open promise, if any' }) promise!: DebtorPromiseModel | null;
}

@InputType('PlanInstalmentInput')
export class PlanInstalmentInput {
  @Field({ description: 'YYYY-MM-DD' }) @IsString() dueOn!: string;
  @Field({ description: 'minor units as a whole number' }) @IsString() amountMinor!: string;
}

@InputType('ProposePaymentPlanInput', {
  description:
    "Either the instalments, or a count of monthly instalments from a first date; optionally a down payment before them. They sum to the case's open amount today.",
})
export class ProposePaymentPlanInput {
  @Field(() => ID) @IsString() caseId!: string;
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

@InputType('PaymentPlanLimitsInput')
export class PaymentPlanLimitsInput {
  @Field(() => Int) @IsInt() maxMonths!: number;
  @Field() @IsString() minInstalmentMinor!: string;
  @Field() @IsBoolean() downPaymentRequired!: boolean;
  @Field(() => Int) @IsInt() graceDays!: number;
}

export function planModelOf({ plan, standing }: PlanView): PaymentPlanModel {
  return {
    id: plan.id,
    caseId: plan.caseId,
    status: plan.status,
    totalMinor: plan.totalMinor.toString(),
    currency: plan.currency,
    paidMinor: standing.paidMinor.toString(),
    graceDays: plan.graceDays,
    instalments: standing.instalments.map((i) => ({
      seq: i.seq,
      dueOn: i.dueOn,
      amountMinor: i.amountMinor.toString(),
      downPayment: i.downPayment,
      paidMinor: i.paidMinor.toString(),
      status: i.status,
    })),
    outsideLimits: plan.outsideLimits,
    source: plan.source,
    proposedOn: plan.proposedOn,
    proposedAt: plan.proposedAt,
    proposedBy: plan.proposedBy,
    agreement: plan.agreement,
    decidedAt: plan.decidedAt,
    decidedBy: plan.decidedBy,
    decisionReason: plan.decisionReason,
    missedSeq: plan.missedSeq,
    endedOn: plan.endedOn,
    paymentReference: plan.referenceNumber === null ? null : planReferenceOf(plan.referenceNumber),
  };
}

const planReferenceOf = (n: bigint): PlanPaymentReferenceModel => ({ referenceNumber: n.toString(), ...structuredReferencesOf(n) });

export function promiseModelOf(p: CasePromise): PaymentPromiseModel {
  return {
    id: p.id,
    caseId: p.caseId,
    amountMinor: p.amountMinor.toString(),
    currency: p.currency,
    dueOn: p.dueOn,
    madeOn: p.madeOn,
    madeAt: p.madeAt,
    madeBy: p.madeBy,
    source: p.source,
    status: p.status,
    paidMinor: p.paidMinor.toString(),
    endedAt: p.endedAt,
  };
}

export const limitsModelOf = (l: PlanLimits): PaymentPlanLimitsModel => ({
  maxMonths: l.maxMonths,
  minInstalmentMinor: l.minInstalmentMinor.toString(),
  downPaymentRequired: l.downPaymentRequired,
  graceDays: l.graceDays,
});

export function debtorPlanModelOf(view: PlanView): DebtorPaymentPlanModel {
  const m = planModelOf(view);
  return {
    status: m.status,
    totalMinor: m.totalMinor,
    currency: m.currency,
    instalments: m.instalments,
    paymentReference: m.paymentReference,
  };
}

export const debtorPromiseModelOf = (p: CasePromise): DebtorPromiseModel => ({
  amountMinor: p.amountMinor.toString(),
  currency: p.currency,
  dueOn: p.dueOn,
  status: p.status,
});
