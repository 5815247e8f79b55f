import { runSubgraph } from '@amicus/service-runtime';
import { readReportingConfig } from './config';
import { AppModule, REPORTING_SCHEMA } from './app.module';

runSubgraph({ service: 'reporting', schema: REPORTING_SCHEMA, readConfig: () => readReportingConfig(), appModule: AppModule.with });
