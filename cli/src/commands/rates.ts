/**
 * `amicus rates list` and `amicus rates add --table ID --from D [--through D] --rate R --source S`:
 * the reference-rate tables the legal engine charges interest by, through the cases service's
 * own RatesService (as the agency admin, under row-level security; the addition records who
 * added it). The next half-year's value is one command once it is published.
 */
import { userInfo } from 'node:os';
import { Clock } from '@amicus/calendar';
import { DomainError, isDomainError } from '@amicus/errors';
import {
  RatesService,
  TenantDatabase,
  openCasesDataSource,
  readCasesConfig,
  type NewRatePeriodWire,
  type RateTableView,
} from '@amicus/cases';
import { OPERATOR } from './import';

/** The input fields as the command's flags, so a problem names what the operator typed. */
const FLAG: Record<string, string> = {
  'input.tableId': '--table',
  'input.from': '--from',
  'input.through': '--through',
  'input.ratePercent': '--rate',
  'input.source': '--source',
};

async function withRates<T>(work: (rates: RatesService) => Promise<T>, databaseUrl?: string): Promise<T> {
  const config = readCasesConfig();
  const ds = await openCasesDataSource(databaseUrl ?? config.DATABASE_URL, 2);
  try {
    return await work(new RatesService(new TenantDatabase(ds), new Clock(config.AMICUS_AGENCY_TIME_ZONE)));
  } finally {
    await ds.destroy();
  }
}

export function listRates(databaseUrl?: string): Promise<RateTableView[]> {
  return withRates((rates) => rates.tables(OPERATOR), databaseUrl);
}

export async function addRate(wire: NewRatePeriodWire, databaseUrl?: string): Promise<RateTableView> {
  // The audit names the operator's account, not just "the CLI".
  const operator = { ...OPERATOR, subject: `cli:${userInfo().username}` };
  try {
    return await withRates((rates) => rates.add(operator, wire), databaseUrl);
  } catch (e) {
    if (!isDomainError(e) || !e.problems.length) throw e;
    throw DomainError.invalid(e.problems.map((p) => ({ field: FLAG[p.field] ?? p.field, reason: p.reason })));
  }
}

/** A table as lines: its periods with their sources, its last known day, its warning. */
export function rateLines(tables: RateTableView[]): string[] {
  return tables.flatMap((t) => [
    `${t.id}: ${t.name} (${t.legalBasis}) — known until ${t.knownUntil ?? 'never'}`,
    ...t.periods.map(
      (p) => `  ${p.from} – ${p.to}  ${p.ratePercent.padStart(6)}%  ${p.source}  [${p.addedBy}, ${p.addedAt.toISOString().slice(0, 10)}]`,
    ),
    ...(t.warning ? [`  ! ${t.warning}`] : []),
    '',
  ]);
}
