/**
 * `amicus import --client ID [--brand ID] FILE`: a placement file, streamed from disk through
 * the cases service's own placement use case, straight into the cases schema.
 *
 * Why the database and not the gateway: the whole file is ONE transaction (nothing
 * half-written stays behind, whatever breaks on row 800 000), it streams from disk in batches
 * (no upload size limit, flat memory), and it is the same code path the 1M benchmark measures.
 * Events land in the cases outbox in that transaction; the running cases service's relay
 * publishes them. The CLI is the agency's operator tool: it acts as the agency admin.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { openCasesDataSource } from '../../../services/cases/src/cases-schema';
import { suggestMapping, type ColumnMapping } from '../../../services/cases/src/placements/column-mapping';
import { readCsv, readXlsx, type SourceTable } from '../../../services/cases/src/placements/file-reading';
import { importPlacement, uuidV7, type PlacementReport } from '../../../services/cases/src/placements/placement-import';
import { bulkOutbox } from '../../../services/cases/src/placements/bulk-outbox';
import { chooseMapping, mappingFromWire, type MappingWire } from '../../../services/cases/src/placements/placement-input';

export interface ImportOptions {
  clientId: string;
  brandId?: string;
  file: string;
  /** A JSON column mapping (`{ columns: { invoiceNumber: "Factuurnummer", … } }` or the GraphQL wire form). */
  mappingFile?: string;
  databaseUrl?: string;
  /** Called with (bytes read, file size) as the file streams. */
  onProgress?: (done: number, total: number, rows: number) => void;
}

export async function importFile(opts: ImportOptions): Promise<PlacementReport & { mappingSource: string }> {
  const size = (await stat(opts.file)).size;
  let bytes = 0;
  const table = await openFile(opts.file, (n) => (bytes += n));
  const given = opts.mappingFile ? readMapping(await readFile(opts.mappingFile, 'utf8')) : null;
  const ds = await openCasesDataSource(opts.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus', 2);
  try {
    return await ds.transaction(async (m) => {
      const [saved] = await m.query(`SELECT mapping FROM cases.column_mappings WHERE client_id = $1`, [opts.clientId]);
      const { mapping, source } = chooseMapping(given, (saved?.mapping as ColumnMapping | undefined) ?? null, suggestMapping(table.header).mapping);
      const report = await importPlacement(m, bulkOutbox('cases', { topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? '' }), {
        placementId: uuidV7(),
        clientId: opts.clientId,
        brandId: opts.brandId ?? null,
        source: 'file',
        fileName: basename(opts.file),
        actor: { kind: 'admin', id: 'cli' },
        correlationId: crypto.randomUUID(),
        header: table.header,
        records: table.records,
        mapping,
        now: new Date(),
        onProgress: (rows) => opts.onProgress?.(table.format === 'csv' ? bytes : 0, size, rows),
      });
      if (!saved || given) {
        await m.query(
          `INSERT INTO cases.column_mappings (client_id, mapping, updated_by) VALUES ($1, $2, 'cli') ON CONFLICT (client_id) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = 'cli', updated_at = now()`,
          [opts.clientId, JSON.stringify(mapping)],
        );
      }
      return { ...report, mappingSource: source };
    });
  } finally {
    await ds.destroy();
  }
}

async function openFile(path: string, counted: (bytes: number) => void): Promise<SourceTable> {
  const magic = Buffer.alloc(4);
  const head = createReadStream(path, { start: 0, end: 3 });
  for await (const chunk of head) (chunk as Buffer).copy(magic);
  if (magic.toString('latin1') === 'PK\u0003\u0004') return readXlsx(path);
  async function* chunks() {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      counted((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  }
  return readCsv(chunks());
}

function readMapping(text: string): ColumnMapping {
  const json = JSON.parse(text) as ColumnMapping | MappingWire;
  return Array.isArray(json.columns) ? mappingFromWire(json as MappingWire) : (json as ColumnMapping);
}

/** The summary the command prints. */
export function summaryLines(r: PlacementReport & { mappingSource: string }, seconds: number, shownIssues = 20): string[] {
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
    for (const i of r.issues.slice(0, shownIssues)) lines.push(`  line ${i.line}: ${i.field}: ${i.reason}${i.kind === 'changed_amount' ? ' [changed amount]' : ''}`);
  }
  return lines;
}
