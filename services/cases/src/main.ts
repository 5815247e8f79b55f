import { UPLOAD_BODY_LIMIT_BYTES, runSubgraph } from '@amicus/service-runtime';
import { readCasesConfig } from './config';
import { AppModule, CASES_SCHEMA } from './app.module';

// The cases subgraph takes the file uploads (placements, bank statements): the large body limit.
runSubgraph({
  service: 'cases',
  schema: CASES_SCHEMA,
  readConfig: () => readCasesConfig(),
  appModule: AppModule.with,
  bodyLimitBytes: UPLOAD_BODY_LIMIT_BYTES,
});
