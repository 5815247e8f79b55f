import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field({ description: 'agency_admin, agent, legal or client_user' }) role!: string;
  @Field(() => ID, { nullable: true }) clientId!: string | null;
  @Field(() => [ID]) brandIds!: string[];
  @Field(() => Date, { nullable: true, description: 'when it was disabled: it signs in no more' }) disabledAt?: Date | null;
  @Field(() => String, { nullable: true }) disabledReason?: string | null;
  @Field(() => Date, { nullable: true }) createdAt?: Date;
}

@ObjectType('Session', { description: 'A sign-in: its token works until it expires or is ended (logout, revokeSession)' })
export class SessionModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field() createdAt!: Date;
  @Field() expiresAt!: Date;
  @Field(() => Date, { nullable: true, description: 'last request, to the minute' }) lastSeenAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'the address it signed in from' }) address!: string | null;
  @Field(() => Date, { nullable: true, description: 'when it was ended' }) revokedAt!: Date | null;
  @Field({ description: 'the session of the token asking' }) current!: boolean;
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

const ROLES = ['agency_admin', 'agent', 'legal', 'client_user'];

@InputType({ description: 'Which users to list; the disabled ones only when asked' })
export class UserFilterInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(ROLES) role?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clientId?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) @IsOptional() @IsBoolean() includeDisabled?: boolean;
}

@InputType({ description: "A user's new role or scope; fields left out stay (a new role drops what it may not have)" })
export class UpdateUserInput {
  @Field(() => ID) @IsUUID() id!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() role?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() clientId?: string | null;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @IsUUID('all', { each: true }) brandIds?: string[];
}

@InputType()
export class SetUserDisabledInput {
  @Field(() => ID) @IsUUID() id!: string;
  @Field({ description: 'true: it signs in no more; false: enabled again' }) @IsBoolean() disabled!: boolean;
  @Field(() => String, { nullable: true, description: 'why (required to disable)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
