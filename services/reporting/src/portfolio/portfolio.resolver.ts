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
      openCases: p.totals.reduce((n, t) => n + t.openCases, 0),
      amounts: p.totals.map((t) => ({
        currency: t.currency,
        openCases: t.openCases,
        placedMinor: t.placedMinor.toString(),
        collectedMinor: t.collectedMinor.toString(),
        collectedPrincipalMinor: t.collectedPrincipalMinor.toString(),
        collectedInterestMinor: t.collectedInterestMinor.toString(),
        collectedCostsMinor: t.collectedCostsMinor.toString(),
        openMinor: t.openMinor.toString(),
        writtenOffMinor: t.writtenOffMinor.toString(),
        returnedMinor: t.returnedMinor.toString(),
        recoveryRateBp: recoveryRateBp(t),
      })),
      client: { id: p.clientId },
    }));
  }
}
