/**
 * The cases service's public entry: what tools (cli/, bench/, tests/) may call. Anything else
 * under src/ is the service's own.
 */
export { readCasesConfig, type CasesConfig } from './config';
export { CASES_SCHEMA, openCasesDataSource } from './cases-schema';
export { TenantDatabase } from './tenancy/tenant-database';
// Placements: the use case the GraphQL import and `amicus import` share, and its parts the benches measure.
export { PlacementsService, type PlacementResult, type TablePlacement } from './placements/placements.service';
export { importPlacement, type PlacementRequest } from './placements/placement-import';
export type { PlacementReport, PlacementIssue } from './placements/placement-report';
export { bulkOutbox } from './bulk-writes/bulk-outbox';
export { readPlacementFile, type SourceTable } from './placements/file-reading';
export { bindMapping, suggestMapping, type ColumnMapping } from './placements/column-mapping';
export { mappingFromWire, type MappingWire } from './placements/placement-input';
export { validateRow } from './placements/row-validation';
// The worklist, for its benchmark.
export { WorklistService } from './worklist/worklist.service';
// Journeys: a scheduler pass outside the service (`amicus scheduler run`, whole-system tests).
export { schedulerPass, standaloneContext, type PassReport } from './journeys/journey-scheduler';
// What goes out on a date (read only), for `amicus outgoing`.
export { JourneysService } from './journeys/journeys.service';
export type { OutgoingReport, GoingOut, HeldBack } from './journeys/outgoing';
// Reference-rate tables, for `amicus rates list|add`.
export { RatesService, type RateTableView } from './rates/rates.service';
export type { NewRatePeriodWire } from './rates/rate-periods';
// Bank statements (CAMT.053, CODA 2): the readers and writers, for `amicus bank import` and the bank-parse benchmark.
export {
  readBankStatementFile,
  readBankStatements,
  parseBankStatement,
  type BankStatementReadOptions,
} from './bank-statements/bank-statement-file';
export type { BankStatement, BankStatementEntry, BankStatementFile, BalanceCheck } from './bank-statements/bank-statement';
export { camt053Chunks, codaLines, type EntryToWrite, type StatementToWrite } from './bank-statements/statement-writing';
// Payments and bank imports: `amicus bank import`, the bank-import benchmark, the whole-system tests.
export { PaymentsService } from './payments/payments.service';
export { BankStatementsService } from './bank-statements/bank-statements.service';
export type { BankImportSummary, BalanceCheckView } from './bank-statements/bank-import';
// The court dossier, for its benchmark and `amicus legal dossier`.
export { LegalDossierService } from './legal-dossier/legal-dossier.service';
// The collective debt settlement register's local server (its protocol: debtor-flags/README.md), for the tests.
export {
  REGISTER_TEST_TOKEN,
  startSettlementRegisterServer,
  type SettlementRegisterServer,
} from './debtor-flags/settlement-register-server';
