// The reporting service's public entry: what tools (cli/, bench/, tests/) may call.
export { REPORTING_SCHEMA, reportingSchema } from './reporting-schema';
export {
  REPORTING_CONSUMERS,
  RebuildRefused,
  rebuildProgress,
  rebuildReadModels,
  reportingConsuming,
  type RebuildReport,
} from './rebuild/rebuild';
export { readReportingConfig } from './config';
