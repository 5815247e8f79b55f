import { runSubgraph } from '@amicus/service-runtime';
import { readCommunicationsConfig } from './config';
import { AppModule, COMMUNICATIONS_SCHEMA } from './app.module';

runSubgraph({ service: 'communications', schema: COMMUNICATIONS_SCHEMA, readConfig: () => readCommunicationsConfig(), appModule: AppModule.with });
