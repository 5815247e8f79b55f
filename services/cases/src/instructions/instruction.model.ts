import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { GIVEN_KINDS, INSTRUCTION_KINDS } from './instruction';

@ObjectType('Instruction', { description: "A client's instruction on its case, as its audit trail records it" })
export class InstructionModel {
  @Field({ description: INSTRUCTION_KINDS.join(', ') }) kind!: string;
  @Field() at!: Date;
  @Field({ description: 'kind:id of who gave it (admin: recorded for the client)' }) by!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => String, { nullable: true, description: "a hold's end date" }) until!: string | null;
  @Field(() => ID, { nullable: true, description: 'a recalled claim, a decided settlement or escalation' }) referenceId!: string | null;
}

@InputType('GiveInstructionInput', {
  description: `A client's instruction on its own case: ${GIVEN_KINDS.join(', ')} (settlements: decideSettlement; escalations: approveEscalation, declineEscalation)`,
})
export class GiveInstructionInput {
  @Field(() => ID) @IsString() caseId!: string;
  @Field({ description: GIVEN_KINDS.join(', ') }) @IsIn(GIVEN_KINDS) kind!: string;
  @Field() @IsString() @MaxLength(2000) reason!: string;
  @Field(() => String, { nullable: true, description: 'hold: until this day (YYYY-MM-DD)' }) @IsOptional() @IsString() until?:
    string | null;
}
