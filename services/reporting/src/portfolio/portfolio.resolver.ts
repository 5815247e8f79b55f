import { Context, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { ClientPortfolioModel } from './portfolio.model';
import { PortfolioService } from './portfolio.service';
import { recoveryRateBp } from './portfolio';

@Resolver(() => ClientPortfolioModel)
export class PortfolioResolver {
  constructor(private readonly portfolios: PortfolioService) {}

  @Query(() => [ClientPortfolioModel], { description: 'Every client portfolio the caller may see' })
  async portfolioSummary(@Context() ctx: GqlContext): Promise<ClientPortfolioModel[]> {
    const rows = await this.portfolios.summary(requireIdentity(ctx));
    return rows.map((p) => ({
      clientId: p.clientId,
      clientName: p.clientName,
      country: p.country,
      openCases: p.openCases,
      placedMinor: p.placedMinor.toString(),
      collectedMinor: p.collectedMinor.toString(),
      openMinor: p.openMinor.toString(),
      currency: p.currency,
      recoveryRateBp: recoveryRateBp(p),
      client: { id: p.clientId },
    }));
  }
}
