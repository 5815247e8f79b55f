import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { caseOutcomes } from '../case-lifecycle/case-lifecycle';

/** The inputs of the case lifecycle mutations. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace CaseCommandsInput {
  @InputType('ChangeCasePhaseInput')
  export class ChangePhase {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field({ description: 'amicable, legal_review or legal' }) @IsIn(['placed', 'amicable', 'legal_review', 'legal']) to!: string;
    @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2000) reason?: string | null;
  }

  @InputType('CloseCaseInput')
  export class Close {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field({ description: caseOutcomes.join(', ') }) @IsIn(caseOutcomes) outcome!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  }

  @InputType('AssignCaseInput')
  export class Assign {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field(() => ID) @IsUUID() agentId!: string;
  }

  @InputType('HoldCaseInput')
  export class Hold {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field({ description: 'yyyy-mm-dd: collection waits until this date' }) @Matches(/^\d{4}-\d{2}-\d{2}$/) until!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  }

  @InputType('ReleaseCaseHoldInput')
  export class Release {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  }

  @InputType('AddCaseNoteInput')
  export class Note {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(10000) note!: string;
  }

  @InputType('RecallCaseInput')
  export class Recall {
    @Field(() => ID) @IsUUID() caseId!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  }

  @InputType('RecallClaimInput')
  export class RecallClaim {
    @Field(() => ID) @IsUUID() claimId!: string;
    @Field() @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
  }

  @InputType('UpdateDebtorInput', { description: 'A field left out keeps its value' })
  export class UpdateDebtor {
    @Field(() => ID) @IsUUID() debtorId!: string;
    @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(500) name?: string | null;
    @Field(() => [String], { nullable: true }) @IsOptional() @IsArray() emails?: string[] | null;
    @Field(() => [String], { nullable: true, description: 'E.164' }) @IsOptional() @IsArray() phones?: string[] | null;
    @Field(() => String, { nullable: true, description: 'email, sms, whatsapp, letter or phone' })
    @IsOptional()
    @IsString()
    preferredChannel?: string | null;
    @Field(() => String, { nullable: true }) @IsOptional() @IsString() language?: string | null;
    @Field(() => String, { nullable: true }) @IsOptional() @IsString() timeZone?: string | null;
  }
}
