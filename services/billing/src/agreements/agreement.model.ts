import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('Agreement', { description: 'What a client pays the agency' })
export class AgreementModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => Int, { description: 'Commission in basis points of the amount collected' }) commissionBp!: number;
  @Field({ description: 'Fixed fee per case, minor units' }) feePerCaseMinor!: string;
  @Field() currency!: string;
  @Field({ description: 'First day the agreement applies (YYYY-MM-DD)' }) validFrom!: string;
}
