import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';

@ObjectType('BrandLook', { description: "A brand's look and sender identity in communications" })
export class BrandLookModel {
  @Field(() => ID) brandId!: string;
  @Field(() => ID) clientId!: string;
  @Field(() => String, { nullable: true }) brandName!: string | null;
  @Field(() => [String]) languages!: string[];
  @Field() senderName!: string;
  @Field(() => String, { nullable: true }) replyEmail!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) iban!: string | null;
  @Field(() => String, { nullable: true }) logoUrl!: string | null;
  @Field() primaryColor!: string;
  @Field() secondaryColor!: string;
  @Field(() => String, { nullable: true }) website!: string | null;
  @Field(() => String, { nullable: true }) footer!: string | null;
  @Field(() => String, { nullable: true, description: 'Image URL or data URL printed at the top of letters' }) letterhead!: string | null;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

@InputType({ description: 'What changes in a brand look; a field left out keeps its value' })
export class UpdateBrandLookInput {
  @Field(() => ID) @IsString() brandId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MinLength(1) @MaxLength(120) senderName?: string;
  @Field({ nullable: true }) @IsOptional() @IsEmail() replyEmail?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(/^\+[1-9]\d{6,14}$/, { message: 'must be an E.164 number' }) phone?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, { message: 'must be an IBAN without spaces' })
  iban?: string;
  @Field({ nullable: true }) @IsOptional() @IsUrl({ require_protocol: true }) logoUrl?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(COLOR, { message: 'must be a #rrggbb colour' }) primaryColor?: string;
  @Field({ nullable: true }) @IsOptional() @Matches(COLOR, { message: 'must be a #rrggbb colour' }) secondaryColor?: string;
  @Field({ nullable: true }) @IsOptional() @IsUrl({ require_protocol: true }) website?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) footer?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(200_000) letterhead?: string;
}
