import { Context, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { AgreementModel, agreementModelOf } from './agreement.model';
import { AgreementsService } from './agreements.service';

@Resolver(() => AgreementModel)
export class AgreementsResolver {
  constructor(private readonly service: AgreementsService) {}

  @Query(() => [AgreementModel], { description: 'Agreements: all for the agency, its own for a client user' })
  async agreements(@Context() ctx: GqlContext): Promise<AgreementModel[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    return (await this.service.visibleAgreements(identity)).map(agreementModelOf);
  }
}
