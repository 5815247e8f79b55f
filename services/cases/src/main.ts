import { runSubgraph } from '@amicus/service-runtime';
import { readCasesConfig } from './config';
import { AppModule, CASES_SCHEMA } from './app.module';

runSubgraph({ service: 'cases', schema: CASES_SCHEMA, readConfig: () => readCasesConfig(), appModule: AppModule.with });
