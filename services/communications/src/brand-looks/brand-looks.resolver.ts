import { Context, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { BrandLookEntity } from './brand-look.entity';
import { BrandLookModel } from './brand-look.model';

@Resolver(() => BrandLookModel)
export class BrandLooksResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [BrandLookModel], { description: 'The brand looks the caller may see' })
  brandLooks(@Context() ctx: GqlContext): Promise<BrandLookEntity[]> {
    const identity = requireIdentity(ctx);
    let where: FindOptionsWhere<BrandLookEntity> = {};
    if (identity.role === 'client_user') where = { clientId: identity.clientId ?? '' };
    if (identity.role === 'agent') where = { brandId: In(identity.brandIds) };
    return this.db.getRepository(BrandLookEntity).find({ where, order: { senderName: 'ASC' } });
  }
}
