import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID } from 'class-validator';
import { PAYMENT_SOURCES, REVERSAL_KINDS, type PaymentWire } from './payment';

@ObjectType('PrincipalPaid')
export class PrincipalPaidModel {
  @Field(() => ID) claimId!: string;
  @Field() amountMinor!: string;
}

@ObjectType('PaymentAllocation', {
  description: "A payment's parts as the legal engine allocated them (costs → interest → principal, oldest claim first)",
})
export class PaymentAllocationModel {
  @Field() costsMinor!: string;
  @Field() interestMinor!: string;
  @Field(() => [PrincipalPaidModel]) principal!: PrincipalPaidModel[];
  @Field({ description: 'more than everything open: a refund task asks for it to go back' }) unallocatedMinor!: string;
  @Field({ description: 'the rule the engine allocated by (BE-X-1, NL-X-1)' }) rule!: string;
  @Field() legalSource!: string;
}

@ObjectType('PaymentReversal')
export class PaymentReversalModel {
  @Field({ description: REVERSAL_KINDS.join(', ') }) kind!: string;
  @Field() reason!: string;
  @Field() by!: string;
  @Field() at!: Date;
}

@ObjectType('Payment', { description: 'Money received for a case; amounts in minor units (cents), as decimal strings' })
export class PaymentModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() amountMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'YYYY-MM-DD: the day the money came in (interest stops on the part it pays from that day)' }) receivedOn!: string;
  @Field({ description: PAYMENT_SOURCES.join(', ') }) source!: string;
  @Field({ description: "paid to the client directly and reported by it: commission is due on it per the client's agreement" })
  direct!: boolean;
  @Field(() => String, { nullable: true }) payerName!: string | null;
  @Field(() => String, { nullable: true }) payerIban!: string | null;
  @Field(() => ID, { nullable: true, description: 'the bank statement entry it came from' }) bankEntryId!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() recordedBy!: string;
  @Field() recordedAt!: Date;
  @Field({ description: 'active or reversed' }) status!: string;
  @Field(() => PaymentAllocationModel, { nullable: true, description: 'the allocation it stands with (a reversed one: the one undone)' })
  allocation!: PaymentAllocationModel | null;
  @Field(() => PaymentReversalModel, { nullable: true }) reversal!: PaymentReversalModel | null;
}

@ObjectType('PaymentReference', { description: "The case's structured payment reference, made from its number" })
export class PaymentReferenceModel {
  @Field({ description: 'the case number the references are made from' }) caseNumber!: string;
  @Field({ description: 'Belgian structured communication, +++123/4567/89002+++' }) ogm!: string;
  @Field({ description: 'ISO 11649 creditor reference, RF18 5390 0754 7034' }) rf!: string;
}

@ObjectType('PaymentTask', { description: 'What money leaves for an agent: a refund of an overpayment, a reversal to look at' })
export class PaymentTaskModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field(() => ID, { nullable: true }) paymentId!: string | null;
  @Field({ description: 'refund or review' }) kind!: string;
  @Field() amountMinor!: string;
  @Field() currency!: string;
  @Field() reason!: string;
  @Field({ description: 'open, done or cancelled (its payment was reversed)' }) status!: string;
  @Field() createdAt!: Date;
  @Field(() => String, { nullable: true }) doneBy!: string | null;
  @Field(() => Date, { nullable: true }) doneAt!: Date | null;
}

@InputType('RecordPaymentInput', {
  description:
    "A payment on a case: an agent or the admin records one (bank, direct); a client's user reports money paid to the client directly (source direct, the default for it)",
})
export class RecordPaymentInput implements PaymentWire {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field({ description: 'minor units (cents) as a whole number, e.g. "12550" for 125.50' }) @IsString() amountMinor!: string;
  @Field(() => String, { nullable: true, description: "default: the case's currency (another one is refused)" })
  @IsOptional()
  @IsString()
  currency?: string | null;
  @Field({ description: 'YYYY-MM-DD, not after today' }) @IsString() receivedOn!: string;
  @Field(() => String, { nullable: true, description: `${PAYMENT_SOURCES.join(', ')}; a client's user: direct` })
  @IsOptional()
  @IsString()
  source?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() payerName?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() payerIban?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() note?: string | null;
}
