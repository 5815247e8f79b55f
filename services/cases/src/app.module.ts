import { DynamicModule, Module } from '@nestjs/common';
import type pino from 'pino';
import { topics } from '@amicus/events';
import { SubgraphRuntimeModule } from '@amicus/service-runtime';
import { CASES_CONFIG, CasesConfig } from './config';
import { ClientsModule } from './clients/clients.module';
import { UsersModule } from './users/users.module';
import { ClientEntity } from './clients/client.entity';
import { BrandEntity } from './brands/brand.entity';
import { UserEntity } from './users/user.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';

export const CASES_SCHEMA = 'cases';

@Module({})
export class AppModule {
  static with(config: CasesConfig, log: pino.Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SubgraphRuntimeModule.forRoot({
          service: 'cases',
          schema: CASES_SCHEMA,
          config,
          log,
          entities: [ClientEntity, BrandEntity, UserEntity],
          migrations: [FirstSlice1764000000000],
          topics: [topics.clients, topics.cases],
        }),
        { module: ConfigModule, global: true, providers: [{ provide: CASES_CONFIG, useValue: config }], exports: [CASES_CONFIG] },
        ClientsModule,
        UsersModule,
      ],
    };
  }
}

@Module({})
class ConfigModule {}
