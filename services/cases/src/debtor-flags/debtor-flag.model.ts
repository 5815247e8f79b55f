import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { FLAG_KINDS, FLAG_SOURCES, type DebtorFlag } from './debtor-flag';

@ObjectType('DebtorFlagContact', {
  description: 'Whom collection addresses instead of the debtor: the debt mediator, the counsellor, the estate',
})
export class DebtorFlagContactModel {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}

@ObjectType('DebtorFlag', {
  description:
    "A debtor's vulnerability or legal stop, for every case of that debtor with its client: collective_settlement (the journey stops and the legal engine refuses every step and charge from decisionDate), debt_counselling (contact goes to the counsellor), deceased (the estate is addressed), hardship (an agent reviews). Who set it, when, from which case and on what evidence; a removed flag stays, with who removed it and why.",
})
export class DebtorFlagModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) debtorId!: string;
  @Field({ description: FLAG_KINDS.join(', ') }) kind!: string;
  @Field({ description: 'active, removed' }) status!: string;
  @Field(() => String, {
    nullable: true,
    description: 'collective_settlement: the admissibility decision (BE) or the ruling applying the Wsnp (NL)',
  })
  decisionDate!: string | null;
  @Field(() => String, { nullable: true, description: 'BE, NL: whose settlement' }) country!: string | null;
  @Field(() => String, { nullable: true, description: "the court's or register's reference" }) reference!: string | null;
  @Field(() => DebtorFlagContactModel, { nullable: true }) contact!: DebtorFlagContactModel | null;
  @Field({ description: 'what the flag rests on' }) evidence!: string;
  @Field({ description: `who set it: ${FLAG_SOURCES.join(', ')}` }) source!: string;
  @Field({ description: 'kind:id of who set it' }) setBy!: string;
  @Field(() => ID, { description: 'the case it was set from' }) setOnCaseId!: string;
  @Field() setAt!: Date;
  @Field(() => Date, { nullable: true }) removedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'kind:id of who removed it' }) removedBy!: string | null;
  @Field(() => String, { nullable: true }) removalReason!: string | null;
  @Field(() => String, { nullable: true }) removalEvidence!: string | null;
}

export function flagModelOf(f: DebtorFlag): DebtorFlagModel {
  return {
    id: f.id,
    debtorId: f.debtorId,
    kind: f.kind,
    status: f.status,
    decisionDate: f.decisionDate,
    country: f.country,
    reference: f.reference,
    contact: f.contact,
    evidence: f.evidence,
    source: f.source,
    setBy: `${f.setBy.kind}:${f.setBy.id}`,
    setOnCaseId: f.setOnCaseId,
    setAt: new Date(f.setAt),
    removedAt: f.removedAt ? new Date(f.removedAt) : null,
    removedBy: f.removedBy ? `${f.removedBy.kind}:${f.removedBy.id}` : null,
    removalReason: f.removalReason,
    removalEvidence: f.removalEvidence,
  };
}

@InputType('DebtorFlagContactInput')
export class DebtorFlagContactInput {
  @Field() @IsString() @MaxLength(500) name!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) organisation?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) phone?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) address?: string | null;
}

@InputType('SetDebtorFlagInput')
export class SetDebtorFlagInput {
  @Field(() => ID, { description: "a case of the debtor: the flag is the debtor's, for all its cases" }) @IsString() caseId!: string;
  @Field({ description: FLAG_KINDS.join(', ') }) @IsString() kind!: string;
  @Field(() => String, { nullable: true, description: 'collective_settlement (required): YYYY-MM-DD, not after today' })
  @IsOptional()
  @IsString()
  decisionDate?: string | null;
  @Field(() => String, { nullable: true, description: "collective_settlement: BE or NL (default the debtor's country)" })
  @IsOptional()
  @IsString()
  country?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) reference?: string | null;
  @Field(() => DebtorFlagContactInput, {
    nullable: true,
    description: 'the mediator, the counsellor (required for debt_counselling), the estate',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DebtorFlagContactInput)
  contact?: DebtorFlagContactInput | null;
  @Field({ description: 'what the flag rests on: the court decision, the counsellor’s letter, the call' }) @IsString() evidence!: string;
}

@InputType('RemoveDebtorFlagInput')
export class RemoveDebtorFlagInput {
  @Field(() => ID) @IsString() flagId!: string;
  @Field({ description: 'why it no longer holds (the settlement ended, the counsellor withdrew)' }) @IsString() reason!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) evidence?: string | null;
}

@ObjectType('SettlementRegisterCheck', { description: "What the settlement register said about the case's debtor, and what it changed" })
export class SettlementRegisterCheckModel {
  @Field({ description: 'flagged, removed, unchanged' }) changed!: string;
  @Field(() => [String], { description: 'the settlements found: reference, status and decision date' }) found!: string[];
  @Field(() => DebtorFlagModel, { nullable: true, description: 'the collective settlement flag after the check' })
  flag!: DebtorFlagModel | null;
}

@ObjectType('ClaimDeclaration', {
  description:
    'The claim declaration for the debt mediator (BE) or the administrator (NL): the statement as of the decision date, as a PDF',
})
export class ClaimDeclarationModel {
  @Field({ description: 'the PDF, base64' }) pdfBase64!: string;
  @Field({ description: 'the decision date the statement is drawn up at' }) asOf!: string;
  @Field({ description: 'minor units' }) principalMinor!: string;
  @Field({ description: 'minor units: interest to the decision date' }) interestMinor!: string;
  @Field({ description: 'minor units' }) damagesMinor!: string;
  @Field({ description: 'minor units' }) paidMinor!: string;
  @Field({ description: 'minor units: the amount declared' }) totalMinor!: string;
  @Field() currency!: string;
}
