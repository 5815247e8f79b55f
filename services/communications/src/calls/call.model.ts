import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { CALL_DIRECTIONS, CALL_OUTCOMES } from './calls';

@ObjectType('Call', { description: 'A phone call an agent made or took' })
export class CallModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) caseId!: string;
  @Field() agentId!: string;
  @Field() number!: string;
  @Field() direction!: string;
  @Field() outcome!: string;
  @Field() startedAt!: Date;
  @Field(() => Int, { nullable: true }) durationSeconds!: number | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => Date, { nullable: true }) callBackAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Promised amount in minor units' }) promiseAmountMinor!: string | null;
  @Field(() => String, { nullable: true }) promiseCurrency!: string | null;
  @Field(() => String, { nullable: true }) promiseDueDate!: string | null;
}

@InputType()
export class LogCallInput {
  @Field(() => ID) @IsUUID() caseId!: string;
  @Field({ description: 'E.164' }) @IsString() number!: string;
  @Field({ description: 'inbound or outbound' }) @IsIn([...CALL_DIRECTIONS]) direction!: string;
  @Field({ description: CALL_OUTCOMES.join(', ') }) @IsIn([...CALL_OUTCOMES]) outcome!: string;
  @Field({ nullable: true, description: 'Default: now' }) @IsOptional() startedAt?: Date;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) durationSeconds?: number;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) notes?: string;
  @Field({ nullable: true }) @IsOptional() callBackAt?: Date;
  @Field({ nullable: true, description: 'Promise to pay: amount in minor units' })
  @IsOptional()
  @Matches(/^\d+$/, { message: 'must be whole minor units' })
  promiseAmountMinor?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code' }) promiseCurrency?: string;
  @Field({ nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsString() promiseDueDate?: string;
}

@ObjectType('CallScript', { description: 'What an agent says on a call, per brand and language' })
export class CallScriptModel {
  @Field() language!: string;
  @Field() greeting!: string;
  @Field() identityCheck!: string;
  @Field() reason!: string;
  @Field() paymentOptions!: string;
  @Field() closing!: string;
  @Field({ description: 'brand when the brand has its own script in this language, default otherwise' }) source!: string;
}

@InputType({ description: 'A brand’s own call script sections; a section left out keeps the default' })
export class CallScriptInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) greeting?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) identityCheck?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) reason?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) paymentOptions?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(4000) closing?: string;
}
