import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { BrandModel } from '../clients/client.model';
import { caseOutcomes, casePhases } from '../case-lifecycle/case-lifecycle';

export enum CaseSortField {
  OPENED_AT = 'opened_at',
  OPEN_AMOUNT = 'open_minor',
  OLDEST_DUE_DATE = 'oldest_due_date',
  NEXT_ACTION_AT = 'next_action_at',
  PRIORITY = 'priority_score',
}
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(CaseSortField, { name: 'CaseSortField' });
registerEnumType(SortDirection, { name: 'SortDirection' });

const MINOR = /^-?\d{1,18}$/;

@ObjectType('DebtorAddress')
export class DebtorAddressModel {
  @Field(() => [String]) lines!: string[];
  @Field() postcode!: string;
  @Field() city!: string;
  @Field() country!: string;
}

@ObjectType('Debtor', { description: 'A consumer or a business that owes a client money' })
@Directive('@key(fields: "id")')
export class DebtorModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field({ description: 'consumer or business' }) kind!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: "the client's own reference of this debtor" }) clientReference!: string | null;
  @Field(() => String, { nullable: true, description: 'VAT or enterprise number (businesses)' }) vatNumber!: string | null;
  @Field(() => [String]) emails!: string[];
  @Field(() => [String], { description: 'E.164' }) phones!: string[];
  @Field(() => [DebtorAddressModel]) addresses!: DebtorAddressModel[];
  @Field(() => String, { nullable: true, description: 'email, sms, whatsapp, letter or phone' }) preferredChannel!: string | null;
  @Field({ description: 'ISO 639-1' }) language!: string;
  @Field({ description: 'ISO 3166-1 alpha-2: decides the jurisdiction' }) country!: string;
  @Field({ description: 'IANA time zone' }) timeZone!: string;
}

@ObjectType('CaseBalance', { description: 'Amounts in minor units (cents), as decimal strings' })
export class CaseBalanceModel {
  @Field() currency!: string;
  @Field() principalMinor!: string;
  @Field() interestMinor!: string;
  @Field() costsMinor!: string;
  @Field() paidMinor!: string;
  @Field() openMinor!: string;
}

@ObjectType('Claim', { description: 'One invoice handed over' })
export class ClaimModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() invoiceNumber!: string;
  @Field() issueDate!: string;
  @Field() dueDate!: string;
  @Field() principalMinor!: string;
  @Field({ description: 'what resolved disputes credited on it (a credit note): no longer collected' }) creditedMinor!: string;
  @Field() currency!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() interestClause!: boolean;
  @Field() damagesClause!: boolean;
  @Field(() => String, { nullable: true }) firstReminderSentOn!: string | null;
  @Field({ description: 'open or recalled' }) status!: string;
  @Field(() => ID, { nullable: true }) placementId!: string | null;
}

@ObjectType('CaseNote')
export class NoteModel {
  @Field(() => ID) id!: string;
  @Field() author!: string;
  @Field() body!: string;
  @Field() createdAt!: Date;
}

@ObjectType('AuditEntry', { description: 'One entry of a case’s append-only history: who did what, when and why' })
export class AuditEntryModel {
  @Field() seq!: string;
  @Field({ description: 'agent, legal_staff, admin, client or system' }) actorKind!: string;
  @Field() actorId!: string;
  @Field() at!: Date;
  @Field() action!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'JSON snapshot before' }) before!: string | null;
  @Field({ description: 'JSON snapshot after' }) after!: string;
}

@ObjectType('Case', { description: 'The dossier of one debtor for one client and brand' })
@Directive('@key(fields: "id")')
export class CaseModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => ID) brandId!: string;
  @Field(() => ID) debtorId!: string;
  @Field({ description: casePhases.join(', ') }) phase!: string;
  @Field(() => String, { nullable: true, description: caseOutcomes.join(', ') }) outcome!: string | null;
  @Field(() => String, { nullable: true }) closeReason!: string | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => CaseBalanceModel) balance!: CaseBalanceModel;
  @Field({ description: 'the oldest due date of its claims' }) oldestDueDate!: string;
  @Field(() => ID, { nullable: true }) assignedAgentId!: string | null;
  @Field(() => String, { nullable: true }) holdUntil!: string | null;
  @Field(() => String, { nullable: true }) holdReason!: string | null;
  @Field(() => Date, { nullable: true }) nextActionAt!: Date | null;
  @Field({ description: 'stored priority score (see worklist.ts)' }) priorityScore!: string;
  @Field() openedAt!: Date;
  @Field(() => Int) version!: number;
  @Field(() => BrandModel, { nullable: true }) brand?: BrandModel;
  @Field(() => DebtorModel, { nullable: true }) debtor?: DebtorModel;
  @Field(() => [ClaimModel]) claims?: ClaimModel[];
  @Field(() => [NoteModel]) notes?: NoteModel[];
  @Field(() => [AuditEntryModel]) history?: AuditEntryModel[];
}

@ObjectType('CaseConnection')
export class CaseConnectionModel {
  @Field(() => [CaseModel]) nodes!: CaseModel[];
  @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

@InputType()
export class CaseFilterInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clientId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() brandId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() debtorId?: string;
  @Field(() => [String], { nullable: true }) @IsOptional() @IsIn(casePhases, { each: true }) phases?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() assignedAgentId?: string;
  @Field({ nullable: true, description: 'open balance at least (minor units)' }) @IsOptional() @Matches(MINOR) minOpenMinor?: string;
  @Field({ nullable: true, description: 'open balance at most (minor units)' }) @IsOptional() @Matches(MINOR) maxOpenMinor?: string;
  @Field(() => Int, { nullable: true, description: 'days since the oldest due date, at least' })
  @IsOptional()
  @IsInt()
  @Min(0)
  minAgeDays?: number;
  @Field(() => Int, { nullable: true, description: 'days since the oldest due date, at most' })
  @IsOptional()
  @IsInt()
  @Min(0)
  maxAgeDays?: number;
  @Field({ nullable: true }) @IsOptional() @IsDateString() nextActionFrom?: string;
  @Field({ nullable: true }) @IsOptional() @IsDateString() nextActionTo?: string;
}

@InputType()
export class CaseOrderInput {
  @Field(() => CaseSortField) field!: CaseSortField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType()
export class CasePageInput {
  @Field(() => Int, { defaultValue: 50 }) @IsOptional() @IsInt() @Min(1) @Max(500) first!: number;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) after?: string | null;
}
