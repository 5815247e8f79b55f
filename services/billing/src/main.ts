import { runSubgraph } from '@amicus/service-runtime';
import { readBillingConfig } from './config';
import { AppModule, BILLING_SCHEMA } from './app.module';

runSubgraph({ service: 'billing', schema: BILLING_SCHEMA, readConfig: () => readBillingConfig(), appModule: AppModule.with });
