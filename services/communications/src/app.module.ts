import { DynamicModule, Module } from '@nestjs/common';
import type pino from 'pino';
import { topics } from '@amicus/events';
import { RuntimeConfig, SubgraphRuntimeModule } from '@amicus/service-runtime';
import { BrandLooksModule } from './brand-looks/brand-looks.module';
import { BrandLookEntity } from './brand-looks/brand-look.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';

export const COMMUNICATIONS_SCHEMA = 'communications';

@Module({})
export class AppModule {
  static with(config: RuntimeConfig, log: pino.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SubgraphRuntimeModule.forRoot({
          service: 'communications',
          schema: COMMUNICATIONS_SCHEMA,
          config,
          log,
          entities: [BrandLookEntity],
          migrations: [FirstSlice1764000000000],
          topics: [topics.communications],
        }),
        BrandLooksModule,
      ],
    };
  }
}
