import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { CreateUserInput, LoginResult, UserModel } from './user.model';
import { UsersService } from './users.service';

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Mutation(() => LoginResult, { description: 'Exchange e-mail and password for a token' })
  login(@Args('email') email: string, @Args('password') password: string) {
    return this.users.login(email, password);
  }

  @Mutation(() => UserModel, { description: 'Create a user (agency admin)' })
  createUser(@Args('input') input: CreateUserInput, @Context() ctx: GqlContext) {
    requireRole(ctx, 'agency_admin');
    return this.users.create(input);
  }
}
