import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import {
  CreateUserInput,
  LoginResult,
  SessionModel,
  SetUserDisabledInput,
  UpdateUserInput,
  UserFilterInput,
  UserModel,
} from './user.model';
import { UsersService } from './users.service';
import { SessionsService } from './sessions.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  @Mutation(() => LoginResult, { description: 'Exchange e-mail and password for a token' })
  login(@Args('email') email: string, @Args('password') password: string, @Context() ctx: GqlContext) {
    return this.users.login(email, password, ctx.clientAddress);
  }

  @Mutation(() => Boolean, { description: "End the caller's session: its token works no more (true)" })
  logout(@Context() ctx: GqlContext) {
    return this.sessions.logout(requireIdentity(ctx));
  }

  @Query(() => [SessionModel], { description: "The caller's sign-in sessions, newest first; the agency admin may name a user" })
  mySessions(@Args('userId', { type: () => ID, nullable: true }) userId: string | undefined, @Context() ctx: GqlContext) {
    return this.sessions.list(requireIdentity(ctx), userId);
  }

  @Mutation(() => SessionModel, { description: "End one of the caller's sessions (the agency admin: anyone's)" })
  revokeSession(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.sessions.revoke(id, requireIdentity(ctx));
  }

  @Query(() => [UserModel], { name: 'users', description: 'The users, by e-mail (agency admin)' })
  listUsers(
    @Args('filter', { type: () => UserFilterInput, nullable: true }) filter: UserFilterInput | undefined,
    @Context() ctx: GqlContext,
  ) {
    requireRole(ctx, 'agency_admin');
    return this.users.list(filter ?? {});
  }

  @Mutation(() => UserModel, { description: "Change a user's role or scope (agency admin)" })
  updateUser(@Args('input') input: UpdateUserInput, @Context() ctx: GqlContext) {
    const admin = requireRole(ctx, 'agency_admin');
    const { id, ...change } = input;
    return this.users.update(id, change, admin);
  }

  @Mutation(() => UserModel, { description: 'Disable a user (it signs in no more) or enable it again (agency admin)' })
  setUserDisabled(@Args('input') input: SetUserDisabledInput, @Context() ctx: GqlContext) {
    const admin = requireRole(ctx, 'agency_admin');
    return this.users.setDisabled(input.id, input.disabled, input.reason ?? null, admin);
  }

  @Mutation(() => UserModel, { description: 'Create a user (agency admin)' })
  createUser(@Args('input') input: CreateUserInput, @Context() ctx: GqlContext) {
    requireRole(ctx, 'agency_admin');
    return this.users.create(input);
  }
}
