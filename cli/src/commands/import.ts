/**
 * `amicus import --client ID [--brand ID] FILE`: a placement file, streamed from disk through
 * the cases service's own placement use case (`PlacementsService.importTable`, the one the
 * GraphQL import calls), with the same walls: it runs as the agency admin, under row-level
 * security, in one transaction.
 *
 * Why the database and not the gateway: the whole file is ONE transaction (nothing
 * half-written stays behind, whatever breaks on row 800 000), it streams from disk in batches
 * (no upload size limit, flat memory), and it is the same code path the 1M benchmark measures.
 * Events land in the cases outbox in that transaction; the running cases service's relay
 * publishes them.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import {
  CASES_SCHEMA,
  PlacementsService,
  TenantDatabase,
  mappingFromWire,
  openCasesDataSource,
  readCasesConfig,
  readPlacementFile,
  type ColumnMapping,
  type MappingWire,
  type PlacementResult,
} from '@amicus/cases';

export interface ImportOptions {
  clientId: string;
  brandId?: string;
  file: string;
  /** A JSON column mapping (`{ columns: { invoiceNumber: "Factuurnummer", … } }` or the GraphQL wire form); it becomes the client's saved mapping. */
  mappingFile?: string;
  databaseUrl?: string;
  /** Called with (bytes read, file size) as the file streams. */
  onProgress?: (done: number, total: number, rows: number) => void;
}

/** The operator at the console acts as the agency admin, named in the audit by its login (`cli:<user>`). */
export const OPERATOR: Identity = {
  subject: `cli:${userInfo().username}`,
  role: 'agency_admin',
  clientId: null,
  brandIds: [],
  email: null,
};

export async function importFile(opts: ImportOptions): Promise<PlacementResult> {
  const config = readCasesConfig();
  const size = (await stat(opts.file)).size;
  let bytes = 0;
  const table = await readPlacementFile(opts.file, { onBytes: (n) => (bytes += n) });
  const given = opts.mappingFile ? readMapping(await readFile(opts.mappingFile, 'utf8')) : null;
  const ds = await openCasesDataSource(opts.databaseUrl ?? config.DATABASE_URL, 2);
  try {
    const placements = new PlacementsService(
      new TenantDatabase(ds),
      { schema: CASES_SCHEMA, topicPrefix: config.KAFKA_TOPIC_PREFIX },
      new Clock(config.AMICUS_AGENCY_TIME_ZONE),
    );
    return await placements.importTable(
      OPERATOR,
      {
        clientId: opts.clientId,
        brandId: opts.brandId ?? null,
        fileName: basename(opts.file),
        table,
        mapping: given,
        saveMapping: given !== null,
        onProgress: (rows) => opts.onProgress?.(table.format === 'csv' ? bytes : 0, size, rows),
      },
      randomUUID(),
    );
  } finally {
    await ds.destroy();
  }
}

function readMapping(text: string): ColumnMapping {
  const json = JSON.parse(text) as ColumnMapping | MappingWire;
  return Array.isArray(json.columns) ? mappingFromWire(json as MappingWire) : (json as ColumnMapping);
}

/** The summary the command prints. */
export function summaryLines(r: PlacementResult, seconds: number, shownIssues = 20): string[] {
  const lines = [
    `placement ${r.placementId} (mapping: ${r.mappingSource})`,
    `rows read        ${r.rowsRead}`,
    `imported         ${r.imported}`,
    `rejected         ${r.rejected}`,
    `cases opened     ${r.casesOpened}`,
    `cases extended   ${r.casesExtended}`,
    `already placed   ${r.duplicates}`,
    `changed amounts  ${r.conflicts} (reported, not applied)`,
    `time             ${seconds.toFixed(1)} s (${Math.round(r.rowsRead / Math.max(seconds, 0.001))} rows/s)`,
  ];
  if (r.issues.length) {
    lines.push('', `issues (first ${Math.min(shownIssues, r.issues.length)}; all are kept with the placement):`);
    for (const i of r.issues.slice(0, shownIssues))
      lines.push(`  line ${i.line}: ${i.field}: ${i.reason}${i.kind === 'changed_amount' ? ' [changed amount]' : ''}`);
  }
  return lines;
}
