import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { BrandModel } from '../clients/client.model';
import { CaseModel } from '../case-file/case.model';

@ObjectType('WorklistEntry')
export class WorklistEntryModel {
  @Field(() => CaseModel) case!: CaseModel;
  @Field({ description: 'its next action is due now' }) due!: boolean;
  @Field(() => Int, { description: "today's priority score (milli-points, see worklist.ts)" }) score!: number;
  @Field(() => BrandModel, { description: 'the brand the agent speaks for on this case' }) brand!: BrandModel;
  @Field() debtorName!: string;
}

@InputType({ description: 'Which open cases an agent takes over: a brand, optionally a debtor language and an open-amount band' })
export class AssignmentRuleInput {
  @Field(() => ID) @IsUUID() brandId!: string;
  @Field(() => ID) @IsUUID() agentId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() language?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d{1,18}$/) minOpenMinor?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Matches(/^\d{1,18}$/) maxOpenMinor?: string | null;
  @Field({ nullable: true, defaultValue: true, description: 'leave cases that already have an agent' })
  @IsOptional()
  @IsBoolean()
  onlyUnassigned?: boolean;
}

@ObjectType('BulkAssignment')
export class BulkAssignmentModel {
  @Field(() => Int) assigned!: number;
}
