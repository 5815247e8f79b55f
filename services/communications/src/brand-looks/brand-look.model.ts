import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('BrandLook', { description: "A brand's look and sender identity in communications" })
export class BrandLookModel {
  @Field(() => ID) brandId!: string;
  @Field(() => ID) clientId!: string;
  @Field() senderName!: string;
  @Field(() => String, { nullable: true }) replyEmail!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) iban!: string | null;
  @Field(() => String, { nullable: true }) logoUrl!: string | null;
  @Field() primaryColor!: string;
  @Field() secondaryColor!: string;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) footer!: string | null;
}
