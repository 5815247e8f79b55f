import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { LegalStatementModel } from '../assessment/assessment.model';
import { PaymentReferenceModel } from '../payments/payment.model';
import { caseOutcomes, casePhases } from '../case-lifecycle/case-lifecycle';

@ObjectType('DebtorClaim', { description: 'A claim of the case as its debtor sees it; amounts in minor units (cents), as decimal strings' })
export class DebtorClaimModel {
  @Field(() => ID, { description: 'the claimId of its statement lines' }) id!: string;
  @Field({ description: "the client's invoice number" }) invoiceNumber!: string;
  @Field({ description: 'YYYY-MM-DD' }) issueDate!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field() currency!: string;
  @Field({ description: 'the principal as placed' }) principalMinor!: string;
  @Field({ description: 'the principal still open, as the legal engine allocated the payments' }) outstandingMinor!: string;
  @Field({ description: 'an unresolved dispute concerns it: it is not asked for (not in statement nor totalDueMinor) until resolved' })
  disputed!: boolean;
}

@ObjectType('DebtorDispute', { description: 'A dispute of the case as its debtor sees it: what it disputes, why, where it stands' })
export class DebtorDisputeModel {
  @Field(() => ID) id!: string;
  @Field(() => [ID], { description: 'the disputed claims (DebtorClaim ids)' }) claimIds!: string[];
  @Field(() => [String], { description: 'their invoice numbers' }) invoiceNumbers!: string[];
  @Field({ description: 'the reason code (Dispute.reason)' }) reason!: string;
  @Field(() => String, { nullable: true }) text!: string | null;
  @Field({ description: 'awaiting_client, open (with the agency), resolved' }) status!: string;
  @Field() raisedAt!: Date;
  @Field(() => String, { nullable: true, description: 'when resolved: upheld, rejected, partly_upheld' }) outcome!: string | null;
  @Field(() => String, { nullable: true, description: 'when resolved: what the debtor is told' }) explanation!: string | null;
}

@ObjectType('DebtorStatement', {
  description:
    "What a pay link opens: its own case's statement today and the reference to pay with — nothing else of the case (not a Case). Amounts in minor units (cents), as decimal strings.",
})
export class DebtorStatementModel {
  @Field({ description: 'the case number (letters print it as AMI-<number>; the payment references are made from it)' })
  caseReference!: string;
  @Field({ description: 'the creditor' }) clientName!: string;
  @Field({ description: "the client's brand the case is collected in (its look: payPage)" }) brandName!: string;
  @Field() debtorName!: string;
  @Field({ description: "ISO 639-1: the debtor's language as the case file has it (the placement's, else from its country and brand)" })
  language!: string;
  @Field({ description: 'ISO 4217' }) currency!: string;
  @Field({ description: casePhases.join(', ') }) phase!: string;
  @Field() closed!: boolean;
  @Field(() => String, { nullable: true, description: `when closed: ${caseOutcomes.join(', ')}` }) outcome!: string | null;
  @Field({ description: 'closed as paid in full' }) paid!: boolean;
  @Field(() => [DebtorClaimModel], { description: 'the claims in collection (recalled ones left out), oldest due first' })
  claims!: DebtorClaimModel[];
  @Field(() => LegalStatementModel, {
    description:
      'the legal engine’s statement as of now: principal, interest, damages and payments line by line, each with its rule and source — while a dispute is open, of the undisputed claims only (what a letter demands)',
  })
  statement!: LegalStatementModel;
  @Field(() => [DebtorDisputeModel], { description: 'the disputes of the case, oldest first' }) disputes!: DebtorDisputeModel[];
  @Field({ description: 'what is to pay today: the statement’s total (disputed claims left out); 0 once the case is closed' })
  totalDueMinor!: string;
  @Field(() => PaymentReferenceModel, { description: 'the structured reference a transfer must carry (OGM or RF)' })
  paymentReference!: PaymentReferenceModel;
  @Field({ description: 'when this link stops working' }) expiresAt!: Date;
}

@ObjectType('IssuedPayLink', {
  description: 'A pay link issued anew: the earlier ones stop working; the token itself goes only to communications (PayLinkIssued)',
})
export class IssuedPayLinkModel {
  @Field(() => ID) caseId!: string;
  @Field() issuedAt!: Date;
  @Field() expiresAt!: Date;
  @Field(() => Int, { description: 'how many links in force were revoked (0 or 1)' }) revoked!: number;
}
