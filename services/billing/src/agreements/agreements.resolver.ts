import { Context, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { AgreementEntity } from './agreement.entity';
import { AgreementModel } from './agreement.model';

@Resolver(() => AgreementModel)
export class AgreementsResolver {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Query(() => [AgreementModel], { description: 'Agreements: all for the agency, its own for a client user' })
  agreements(@Context() ctx: GqlContext): Promise<AgreementEntity[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    const where = identity.role === 'client_user' ? { clientId: identity.clientId ?? '' } : {};
    return this.db.getRepository(AgreementEntity).find({ where, order: { validFrom: 'DESC' } });
  }
}
