import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ACCOUNTS } from './ledger';
import type { AccountBalance, LedgerEntryView } from './ledger-store';

@ObjectType('LedgerEntry', { description: 'One line of a ledger transaction: a debit (amount > 0) or a credit (amount < 0) to an account' })
export class LedgerEntryModel {
  @Field({ description: 'The transaction it belongs to (unique per effect of an event)' }) transactionKey!: string;
  @Field(() => Int) line!: number;
  @Field({ description: 'payment_received, payment_allocated, allocation_reversed, payment_reversed, fee_charged' }) kind!: string;
  @Field({ description: ACCOUNTS.join(', ') }) account!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID, { nullable: true, description: 'null for a client-level transaction (a remittance, the monthly minimum)' }) caseId!:
    string | null;
  @Field(() => ID, { nullable: true }) paymentId!: string | null;
  @Field(() => ID, { nullable: true }) claimId!: string | null;
  @Field({ description: 'principal, interest, costs, overpayment, share, vat, sweep, received, or a fee kind' }) part!: string;
  @Field({ description: 'Minor units: debit > 0, credit < 0' }) amountMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'The day it counts for (YYYY-MM-DD)' }) bookedOn!: string;
  @Field(() => String, { nullable: true, description: 'The transaction this one reverses' }) reverses!: string | null;
  @Field() memo!: string;
}

@ObjectType('LedgerEntryPage')
export class LedgerEntryPageModel {
  @Field(() => [LedgerEntryModel]) nodes!: LedgerEntryModel[];
  @Field(() => String, { nullable: true, description: 'Pass as after for the next page; null on the last' }) endCursor!: string | null;
}

@ObjectType('LedgerBalance', { description: "An account's balance over a period (debit positive, minor units)" })
export class LedgerBalanceModel {
  @Field() account!: string;
  @Field(() => ID, { nullable: true, description: "The client for a client's own account (payable, receivable)" }) clientId!: string | null;
  @Field() currency!: string;
  @Field({ description: 'Before the period' }) openingMinor!: string;
  @Field({ description: 'Debits in the period' }) debitsMinor!: string;
  @Field({ description: 'Credits in the period (positive)' }) creditsMinor!: string;
  @Field({ description: 'At the end of the period' }) closingMinor!: string;
}

export const ledgerEntryModelOf = (e: LedgerEntryView): LedgerEntryModel => ({
  transactionKey: e.transactionKey,
  line: e.line,
  kind: e.kind,
  account: e.account,
  clientId: e.clientId,
  caseId: e.caseId,
  paymentId: e.paymentId,
  claimId: e.claimId,
  part: e.part,
  amountMinor: e.amountMinor.toString(),
  currency: e.currency,
  bookedOn: e.bookedOn,
  reverses: e.reverses,
  memo: e.memo,
});

export const ledgerBalanceModelOf = (b: AccountBalance): LedgerBalanceModel => ({
  account: b.account,
  clientId: b.clientId,
  currency: b.currency,
  openingMinor: b.openingMinor.toString(),
  debitsMinor: b.debitsMinor.toString(),
  creditsMinor: b.creditsMinor.toString(),
  closingMinor: b.closingMinor.toString(),
});
