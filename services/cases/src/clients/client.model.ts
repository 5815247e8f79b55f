import { Directive, Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';

@ObjectType('Brand')
@Directive('@key(fields: "id")')
export class BrandModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) clientId!: string;
  @Field() name!: string;
  @Field(() => [String], { description: 'ISO 639-1 languages, the first is the default' }) languages!: string[];
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('Client')
@Directive('@key(fields: "id")')
export class ClientModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) country!: string;
  @Field(() => String, { nullable: true }) enterpriseNumber!: string | null;
  @Field({ description: 'small enterprise (affects when interest may start, BE-C-6)' }) sme!: boolean;
  @Field(() => [BrandModel]) brands?: BrandModel[];
}

@InputType()
export class CreateClientInput {
  @Field() @IsString() @MaxLength(200) name!: string;
  @Field({ description: 'ISO 3166-1 alpha-2' }) @IsString() @Length(2, 2) country!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() enterpriseNumber?: string | null;
  @Field({ nullable: true }) @IsOptional() @IsBoolean() sme?: boolean;
}

@InputType()
export class CreateBrandInput {
  @Field(() => ID) @IsString() clientId!: string;
  @Field() @IsString() @MaxLength(200) name!: string;
  @Field(() => [String]) languages!: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() email?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() phone?: string | null;
}
