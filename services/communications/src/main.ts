import { runSubgraph } from '@amicus/service-runtime';
import { readCommunicationsConfig } from './config';
import { AppModule, COMMUNICATIONS_SCHEMA } from './app.module';
import { mountDeliveryReceipts } from './communications/delivery-receipts';

runSubgraph({
  service: 'communications',
  schema: COMMUNICATIONS_SCHEMA,
  readConfig: () => readCommunicationsConfig(),
  appModule: AppModule.with,
  configure: mountDeliveryReceipts,
});
