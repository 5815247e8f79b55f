import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('OptOut', { description: "A debtor's refusal of a channel: nothing is sent to them on it until it is withdrawn" })
export class OptOutModel {
  @Field(() => ID) debtorId!: string;
  @Field() channel!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field() recordedBy!: string;
  @Field() at!: Date;
}
