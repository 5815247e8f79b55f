import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsArray, IsOptional, IsString } from 'class-validator';

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field({ description: 'agency_admin, agent, legal or client_user' }) role!: string;
  @Field(() => ID, { nullable: true }) clientId!: string | null;
  @Field(() => [ID]) brandIds!: string[];
}

@ObjectType()
export class LoginResult {
  @Field({ description: 'A bearer token for the Authorization header' }) token!: string;
  @Field(() => UserModel) user!: UserModel;
}

@InputType()
export class CreateUserInput {
  @Field() @IsString() email!: string;
  @Field() @IsString() password!: string;
  @Field() @IsString() role!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() clientId?: string | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() brandIds?: string[] | null;
}
