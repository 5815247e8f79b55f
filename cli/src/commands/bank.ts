/**
 * `amicus bank import FILE [--confirm]`: a bank statement file (CAMT.053 or CODA 2, told from
 * its content) streamed from disk through the cases service's own import
 * (`BankStatementsService.import`, the one `importBankStatement` calls), as the agency admin,
 * in one transaction: every entry once, the credits with an open case's reference recorded and
 * allocated, the rest in the agents' queue. A statement whose balance does not add up is
 * imported only with --confirm. Like `amicus import`, it writes the database straight
 * (`DATABASE_URL`): no upload limit, flat memory; the running service's relay publishes the events.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { Clock } from '@amicus/calendar';
import { formatMoney } from '@amicus/money';
import {
  BankStatementsService,
  CASES_SCHEMA,
  PaymentsService,
  TenantDatabase,
  openCasesDataSource,
  readCasesConfig,
  type BankImportSummary,
} from '@amicus/cases';
import { OPERATOR } from './import';

export interface BankImportOptions {
  file: string;
  confirm: boolean;
  databaseUrl?: string;
  /** Called with (bytes read, file size, entries read) after each batch is written. */
  onProgress?: (done: number, total: number, entries: number) => void;
}

export async function importBankFile(opts: BankImportOptions): Promise<BankImportSummary> {
  const config = readCasesConfig();
  const size = (await stat(opts.file)).size;
  const ds = await openCasesDataSource(opts.databaseUrl ?? config.DATABASE_URL, 2);
  try {
    const tenant = new TenantDatabase(ds);
    const clock = new Clock(config.AMICUS_AGENCY_TIME_ZONE);
    const payments = new PaymentsService(tenant, { schema: CASES_SCHEMA, topicPrefix: config.KAFKA_TOPIC_PREFIX }, clock, config);
    const bank = new BankStatementsService(tenant, payments, clock);
    // The case history names the operator's account, not just "the CLI".
    return await bank.import(
      { ...OPERATOR, subject: `cli:${userInfo().username}` },
      {
        fileName: basename(opts.file),
        source: createReadStream(opts.file, { highWaterMark: 64 * 1024 }),
        confirm: opts.confirm,
        onProgress: ({ bytes, entries }) => opts.onProgress?.(bytes, size, entries),
      },
      randomUUID(),
    );
  } finally {
    await ds.destroy();
  }
}

const minor = (text: string, currency: string) => formatMoney({ amountMinor: BigInt(text), currency });

/** The summary the command prints. */
export function bankSummaryLines(s: BankImportSummary, seconds: number): string[] {
  const lines = [
    `${s.fileName}: ${s.format} (${s.version}), ${s.statements} statement${s.statements === 1 ? '' : 's'}, read in ${seconds.toFixed(1)} s`,
    s.imported
      ? `imported                ${s.importId}`
      : 'NOT imported: a balance does not add up (run again with --confirm to take it as it is)',
    `entries                 ${s.entries}`,
    `matched                 ${s.matched} (recorded as the payment of the case their reference names)`,
    `suggested               ${s.suggested} (in the agents' queue, with suggestions)`,
    `unmatched               ${s.unmatched} (in the agents' queue, no suggestion)`,
    `debits                  ${s.debits} (recorded for reconciliation)`,
    `duplicates              ${s.duplicates} (imported before)`,
    `reversed                ${s.reversed} (the bank returned a case's credit: its payment undone)`,
    `balance check           ${s.balanceOk ? 'ok' : 'DIFFERS'}`,
  ];
  for (const c of s.balanceChecks.filter((x) => !x.ok))
    lines.push(
      `  ${c.statementId} (${c.account}): opening ${minor(c.openingMinor, c.currency)} + credits ${minor(c.creditsMinor, c.currency)} − debits ${minor(c.debitsMinor, c.currency)} = ${minor(c.expectedClosingMinor, c.currency)}, but the closing balance is ${minor(c.closingMinor, c.currency)} (difference ${minor(c.differenceMinor, c.currency)})`,
    );
  return lines;
}
