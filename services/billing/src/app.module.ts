import { DynamicModule, Module } from '@nestjs/common';
import type pino from 'pino';
import { topics } from '@amicus/events';
import { RuntimeConfig, SubgraphRuntimeModule } from '@amicus/service-runtime';
import { AgreementsModule } from './agreements/agreements.module';
import { AgreementEntity } from './agreements/agreement.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';

export const BILLING_SCHEMA = 'billing';

@Module({})
export class AppModule {
  static with(config: RuntimeConfig, log: pino.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SubgraphRuntimeModule.forRoot({
          service: 'billing',
          schema: BILLING_SCHEMA,
          config,
          log,
          entities: [AgreementEntity],
          migrations: [FirstSlice1764000000000],
          topics: [topics.billing],
        }),
        AgreementsModule,
      ],
    };
  }
}
