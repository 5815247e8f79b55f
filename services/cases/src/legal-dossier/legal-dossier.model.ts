import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@ObjectType('LegalDossier', { description: 'A case’s court dossier, issued (recorded, audited, DossierIssued)' })
export class LegalDossierModel {
  @Field(() => ID) dossierId!: string;
  @Field({ description: 'The dossier as a PDF in the court’s language, base64' }) pdfBase64!: string;
  @Field({ description: 'SHA-256 of the PDF, hex' }) pdfSha256!: string;
  @Field({ description: 'The machine-readable package (JSON, format amicus-legal-dossier/1) for a bailiff’s or lawyer’s system' })
  package!: string;
  @Field({ description: 'nl, fr or de' }) language!: string;
  @Field(() => String, { nullable: true, description: 'The court route (BE-R-1, NL-R-1, …); null when none fits' }) routeId!: string | null;
  @Field(() => Int, { description: 'The communications in its history' }) communications!: number;
}

@ObjectType('CourtRoute', { description: 'A court route with its conditions, limit and legal source (libs/legal routes)' })
export class CourtRouteModel {
  @Field() id!: string;
  @Field() name!: string;
  @Field() court!: string;
  @Field(() => String, { nullable: true, description: 'the largest principal it takes, minor units; null: no limit' }) limitMinor!:
    string | null;
  @Field(() => [String]) conditions!: string[];
  @Field({ description: 'where it is laid down; UNVERIFIED marks what was not checked in a text' }) source!: string;
}

@ObjectType('CourtRouteConsidered')
export class CourtRouteConsideredModel {
  @Field() id!: string;
  @Field() fits!: boolean;
  @Field() reason!: string;
}

@ObjectType('LegalRoute', { description: 'The court route a case takes now, and why the others do not fit' })
export class LegalRouteModel {
  @Field(() => CourtRouteModel, { nullable: true }) route!: CourtRouteModel | null;
  @Field(() => [CourtRouteConsideredModel]) considered!: CourtRouteConsideredModel[];
}

@ObjectType('ProceedingEntry', {
  description: 'A hearing, a deadline (reminded to legal staff), an enforcement step by the bailiff, a judicial cost',
})
export class ProceedingEntryModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field({ description: 'hearing, deadline, enforcement, judicial_cost' }) kind!: string;
  @Field() on!: string;
  @Field() description!: string;
  @Field(() => String, { nullable: true, description: 'the day legal staff are reminded (hearings, deadlines)' }) remindOn!: string | null;
  @Field(() => String, { nullable: true }) amountMinor!: string | null;
  @Field(() => Date, { nullable: true }) doneAt!: Date | null;
  @Field() recordedBy!: string;
}

@ObjectType('Judgment')
export class JudgmentModel {
  @Field(() => ID) id!: string;
  @Field() judgedOn!: string;
  @Field() court!: string;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field() principalMinor!: string;
  @Field() costsMinor!: string;
  @Field(() => String, { nullable: true }) interestRatePercent!: string | null;
  @Field(() => String, { nullable: true }) interestFrom!: string | null;
  @Field() currency!: string;
}

@ObjectType('JudgmentPayment', { description: 'A payment after the judgment as its terms allocate it' })
export class JudgmentPaymentModel {
  @Field(() => ID) id!: string;
  @Field() receivedOn!: string;
  @Field() amountMinor!: string;
  @Field() costsMinor!: string;
  @Field() interestMinor!: string;
  @Field() principalMinor!: string;
  @Field() surplusMinor!: string;
}

@ObjectType('JudgmentBalance', { description: 'What is owed under the judgment today' })
export class JudgmentBalanceModel {
  @Field() asOf!: string;
  @Field() rule!: string;
  @Field() source!: string;
  @Field() costsMinor!: string;
  @Field() interestMinor!: string;
  @Field() principalMinor!: string;
  @Field() totalMinor!: string;
  @Field(() => [JudgmentPaymentModel]) payments!: JudgmentPaymentModel[];
}

@ObjectType('Proceeding', { description: 'A case’s proceedings: the court, the entries, the judgment and what is owed under it' })
export class ProceedingModel {
  @Field(() => ID) caseId!: string;
  @Field(() => String, { nullable: true }) court!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String, { nullable: true }) routeId!: string | null;
  @Field(() => Date, { nullable: true }) openedAt!: Date | null;
  @Field(() => [ProceedingEntryModel]) entries!: ProceedingEntryModel[];
  @Field(() => JudgmentModel, { nullable: true }) judgment!: JudgmentModel | null;
  @Field(() => JudgmentBalanceModel, { nullable: true }) balance!: JudgmentBalanceModel | null;
}

@InputType('ProceedingEntryInput')
export class ProceedingEntryInput {
  @Field(() => ID) @IsString() caseId!: string;
  @Field({ description: 'hearing, deadline, enforcement, judicial_cost' })
  @IsIn(['hearing', 'deadline', 'enforcement', 'judicial_cost'], { message: 'is not hearing, deadline, enforcement or judicial_cost' })
  kind!: string;
  @Field({ description: 'YYYY-MM-DD' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'is not a date (YYYY-MM-DD)' }) on!: string;
  @Field() @IsString() @MaxLength(2000) description!: string;
  @Field(() => String, { nullable: true, description: 'default: a week before (hearings, deadlines)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'is not a date (YYYY-MM-DD)' })
  remindOn?: string | null;
  @Field(() => String, { nullable: true, description: 'a judicial cost, minor units' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'is not an amount in minor units' })
  amountMinor?: string | null;
}

@InputType('JudgmentInput')
export class JudgmentInputModel {
  @Field(() => ID) @IsString() caseId!: string;
  @Field() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'is not a date (YYYY-MM-DD)' }) judgedOn!: string;
  @Field() @IsString() @MaxLength(300) court!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() reference?: string | null;
  @Field({ description: 'the principal awarded, minor units' })
  @Matches(/^\d{1,15}$/, { message: 'is not an amount in minor units' })
  principalMinor!: string;
  @Field({ description: 'the costs awarded, minor units' })
  @Matches(/^\d{1,15}$/, { message: 'is not an amount in minor units' })
  costsMinor!: string;
  @Field(() => String, { nullable: true, description: 'yearly rate in percent, e.g. 12.5' })
  @IsOptional()
  @IsString()
  interestRatePercent?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsString() interestFrom?: string | null;
}
