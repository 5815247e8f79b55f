import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, ResolveReference } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { BrandModel, ClientModel, CreateBrandInput, CreateClientInput } from './client.model';
import { ClientsService } from './clients.service';

@Resolver(() => ClientModel)
export class ClientsResolver {
  constructor(private readonly service: ClientsService) {}

  @Query(() => [ClientModel], { description: 'The clients the caller may see' })
  clients(@Context() ctx: GqlContext) {
    return this.service.visibleClients(requireIdentity(ctx));
  }

  @Query(() => ClientModel, { nullable: true })
  client(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.service.visibleClient(requireIdentity(ctx), id);
  }

  @Mutation(() => ClientModel, { description: 'Onboard a client (agency admin)' })
  createClient(@Args('input') input: CreateClientInput, @Context() ctx: GqlContext) {
    requireRole(ctx, 'agency_admin');
    return this.service.onboard(input, ctx.correlationId);
  }

  @Mutation(() => BrandModel, { description: 'Add a brand to a client (agency admin)' })
  createBrand(@Args('input') input: CreateBrandInput, @Context() ctx: GqlContext) {
    requireRole(ctx, 'agency_admin');
    return this.service.createBrand(input, ctx.correlationId);
  }

  @ResolveField(() => [BrandModel])
  brands(@Parent() client: ClientModel, @Context() ctx: GqlContext) {
    return this.service.brandsOf(client.id, requireIdentity(ctx));
  }

  /** Other subgraphs reference a client by id; the wall holds here too. */
  @ResolveReference()
  resolveReference(ref: { id: string }, ctx: GqlContext) {
    return this.service.visibleClient(requireIdentity(ctx), ref.id);
  }
}
