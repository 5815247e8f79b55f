import { DynamicModule, Module } from '@nestjs/common';
import type pino from 'pino';
import { topics } from '@amicus/events';
import { RuntimeConfig, SubgraphRuntimeModule } from '@amicus/service-runtime';
import { PortfolioModule } from './portfolio/portfolio.module';
import { ClientPortfolioEntity, PortfolioTotalsEntity } from './portfolio/client-portfolio.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';
import { PortfolioCases1764100000000 } from './migrations/1764100000000-portfolio-cases';

export const REPORTING_SCHEMA = 'reporting';

@Module({})
export class AppModule {
  static with(config: RuntimeConfig, log: pino.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SubgraphRuntimeModule.forRoot({
          service: 'reporting',
          schema: REPORTING_SCHEMA,
          config,
          log,
          entities: [ClientPortfolioEntity, PortfolioTotalsEntity],
          migrations: [FirstSlice1764000000000, PortfolioCases1764100000000],
          topics: [topics.clients, topics.cases],
        }),
        PortfolioModule,
      ],
    };
  }
}
