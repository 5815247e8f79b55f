import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { BrandLookEntity } from './brand-look.entity';
import { BrandLookModel, UpdateBrandLookInput } from './brand-look.model';
import { BrandLooksService } from './brand-looks.service';

@Resolver(() => BrandLookModel)
export class BrandLooksResolver {
  constructor(private readonly looks: BrandLooksService) {}

  @Query(() => [BrandLookModel], { description: 'The brand looks the caller may see' })
  brandLooks(@Context() ctx: GqlContext): Promise<BrandLookEntity[]> {
    return this.looks.visible(requireIdentity(ctx));
  }

  @Mutation(() => BrandLookModel, { description: "Change a brand's look and sender identity (agency admin)" })
  updateBrandLook(@Args('input') input: UpdateBrandLookInput, @Context() ctx: GqlContext): Promise<BrandLookEntity> {
    requireRole(ctx, 'agency_admin');
    return this.looks.update(input);
  }
}
