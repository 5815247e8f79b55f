import { DynamicModule, Module } from '@nestjs/common';
import type pino from 'pino';
import { topics } from '@amicus/events';
import { SubgraphRuntimeModule } from '@amicus/service-runtime';
import { AGENCY_TIME_ZONE, CASES_CONFIG, CasesConfig } from './config';
import { ClientsModule } from './clients/clients.module';
import { UsersModule } from './users/users.module';
import { CaseFileModule } from './case-file/case-file.module';
import { PlacementsModule } from './placements/placements.module';
import { WorklistModule } from './worklist/worklist.module';
import { AssessmentModule } from './assessment/assessment.module';
import { ContactHistoryModule } from './contact-history/contact-history.module';
import { CASES_SCHEMA, casesEntities, casesMigrations } from './cases-schema';

export { CASES_SCHEMA };

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
          entities: casesEntities,
          migrations: casesMigrations,
          topics: [topics.clients, topics.cases, topics.communications],
        }),
        { module: ConfigModule, global: true, providers: [{ provide: CASES_CONFIG, useValue: config }, { provide: AGENCY_TIME_ZONE, useValue: config.AMICUS_AGENCY_TIME_ZONE }], exports: [CASES_CONFIG, AGENCY_TIME_ZONE] },
        ClientsModule,
        UsersModule,
        CaseFileModule,
        PlacementsModule,
        WorklistModule,
        AssessmentModule,
        ContactHistoryModule,
      ],
    };
  }
}

@Module({})
class ConfigModule {}
