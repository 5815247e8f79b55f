import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { uuidV7 } from '@amicus/ids';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { bulkOutbox } from '../bulk-writes/bulk-outbox';
import { actorOf, isUuid, mayActForClient } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { suggestMapping, validateMapping, bindMapping, type ColumnMapping } from './column-mapping';
import { PlacementFileError, readPlacementContent, type SourceTable } from './file-reading';
import { importPlacement } from './placement-import';
import { preview } from './placement-preview';
import { REPORTED_ISSUES, type PlacementIssue, type PlacementReport } from './placement-report';
import { apiHeader, apiMapping, apiRecords, chooseMapping, mappingToWire, type ApiClaim } from './placement-input';

export interface FilePlacement {
  clientId: string;
  brandId?: string | null;
  fileName: string;
  content: Buffer;
  mapping: ColumnMapping | null;
  saveMapping?: boolean;
}

/** A placement file already opened as a table (streamed from disk by the CLI, say). */
export interface TablePlacement extends Omit<FilePlacement, 'content'> {
  table: SourceTable;
  /** Called with the rows read so far, after each batch is written. */
  onProgress?: (rowsRead: number) => void;
}

export type PlacementResult = PlacementReport & { mappingSource: string };

/** Placements by mutation and by file, previews and saved column mappings. */
@Injectable()
export class PlacementsService {
  /** Placements write many events at once: straight into the outbox the relay publishes. */
  private readonly outbox: ReturnType<typeof bulkOutbox>;

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix'>,
    /** The agency's clock: its calendar day is "today" for the rows' dates. */
    private readonly clock: Clock,
  ) {
    this.outbox = bulkOutbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
  }

  placeClaims(
    identity: Identity,
    input: { clientId: string; brandId?: string | null; claims: ApiClaim[] },
    correlationId: string,
  ): Promise<PlacementReport> {
    this.assertMayPlace(identity, input.clientId);
    return this.tenant.run(identity, (m) =>
      importPlacement(m, this.outbox, {
        placementId: uuidV7(),
        clientId: input.clientId,
        brandId: input.brandId ?? null,
        source: 'api',
        fileName: null,
        actor: actorOf(identity),
        correlationId,
        header: apiHeader,
        records: apiRecords(input.claims),
        mapping: apiMapping,
        now: this.clock.now(),
        timeZone: this.clock.timeZone,
      }),
    );
  }

  async importFile(identity: Identity, input: FilePlacement, correlationId: string): Promise<PlacementResult> {
    this.assertMayPlace(identity, input.clientId);
    return this.importTable(identity, { ...input, table: await openTable(input.content) }, correlationId);
  }

  /** A placement file's table, streamed through the placement in one transaction (GraphQL and CLI alike). */
  importTable(identity: Identity, input: TablePlacement, correlationId: string): Promise<PlacementResult> {
    this.assertMayPlace(identity, input.clientId);
    const { table } = input;
    return this.tenant.run(identity, async (m) => {
      const saved = await savedMapping(m, input.clientId);
      const { mapping, source } = chooseMapping(input.mapping, saved, suggestMapping(table.header).mapping);
      const report = await importPlacement(m, this.outbox, {
        placementId: uuidV7(),
        clientId: input.clientId,
        brandId: input.brandId ?? null,
        source: 'file',
        fileName: input.fileName,
        actor: actorOf(identity),
        correlationId,
        header: table.header,
        records: readingAsBadInput(table.records),
        mapping,
        now: this.clock.now(),
        timeZone: this.clock.timeZone,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      });
      // The mapping chosen on the first upload is the client's from then on (or when asked to).
      if (!saved || (input.saveMapping && input.mapping)) await storeMapping(m, input.clientId, mapping, identity.subject);
      return { ...report, mappingSource: source };
    });
  }

  async preview(identity: Identity, input: FilePlacement & { rows?: number }) {
    this.assertMayPlace(identity, input.clientId);
    const table = await openTable(input.content);
    return this.tenant.run(identity, async (m) => {
      const [client] = await m.query(`SELECT country FROM cases.clients WHERE id = $1`, [input.clientId]);
      if (!client) throw new DomainError('not_found', `no client ${input.clientId}`);
      const suggestion = suggestMapping(table.header);
      const { mapping, source } = chooseMapping(input.mapping, await savedMapping(m, input.clientId), suggestion.mapping);
      const problems = validateMapping(mapping, table.header);
      const mapped = new Set(Object.values(mapping.columns));
      const rows = problems.length
        ? []
        : await preview(readingAsBadInput(table.records), bindMapping(mapping, table.header), input.rows ?? 10, {
            today: this.clock.today(),
            clientCountry: client.country,
          });
      return {
        header: [...table.header],
        mapping: mappingToWire(mapping),
        mappingSource: source,
        mappingProblems: problems.map((p) => ({
          kind: 'mapping',
          line: table.headerLine,
          field: p.target ?? p.column ?? '',
          reason: `${p.column ? `column ${JSON.stringify(p.column)} ` : ''}${p.reason}`,
        })),
        unmappedColumns: table.header.filter((h) => !mapped.has(h)),
        rows: rows.map((r) => ({
          line: r.line,
          ok: r.ok,
          row: r.ok ? JSON.stringify(r.row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) : null,
          errors: r.ok ? [] : r.errors.map((e) => ({ kind: 'rejected', ...e })),
          warnings: r.warnings.map((w) => ({ kind: 'warning', ...w })),
        })),
      };
    });
  }

  async columnMapping(identity: Identity, clientId: string) {
    if (!mayActForClient(identity, clientId) || !isUuid(clientId)) return null;
    const saved = await this.tenant.run(identity, (m) => savedMapping(m, clientId));
    return saved ? mappingToWire(saved) : null;
  }

  async saveColumnMapping(identity: Identity, clientId: string, mapping: ColumnMapping) {
    if (!mayActForClient(identity, clientId)) throw new DomainError('not_found', `no client ${clientId}`);
    await this.tenant.run(identity, (m) => storeMapping(m, clientId, mapping, identity.subject));
    return mappingToWire(mapping);
  }

  async placement(identity: Identity, placementId: string): Promise<PlacementReport | null> {
    if (!isUuid(placementId)) return null;
    return this.tenant.run(identity, async (m) => {
      const [p] = await m.query(`SELECT * FROM cases.placements WHERE id = $1`, [placementId]);
      if (!p || !mayActForClient(identity, p.client_id)) return null;
      const issues: PlacementIssue[] = await m.query(
        `SELECT kind, line, field, reason FROM cases.placement_issues WHERE placement_id = $1 ORDER BY seq LIMIT $2`,
        [placementId, REPORTED_ISSUES],
      );
      // Every issue is kept, so the warnings are counted there rather than in a column of their own.
      const [{ warnings }] = await m.query(
        `SELECT count(*)::int AS warnings FROM cases.placement_issues WHERE placement_id = $1 AND kind = 'warning'`,
        [placementId],
      );
      return {
        placementId: p.id,
        clientId: p.client_id,
        brandId: p.brand_id,
        rowsRead: p.rows_read,
        imported: p.imported,
        rejected: p.rejected,
        casesOpened: p.cases_opened,
        casesExtended: p.cases_extended,
        duplicates: p.duplicates,
        conflicts: p.conflicts,
        warnings,
        issues,
      };
    });
  }

  private assertMayPlace(identity: Identity, clientId: string): void {
    // Placing is the client's (its own claims) or the agency's; an unknown or foreign client is not found.
    if (!mayActForClient(identity, clientId))
      throw new DomainError('not_found', `no client ${clientId}`, [{ field: 'input.clientId', reason: 'no such client' }]);
  }
}

async function openTable(content: Buffer): Promise<SourceTable> {
  try {
    return await readPlacementContent(content);
  } catch (e) {
    throw fileProblem(e);
  }
}

/** A file that cannot be read, or goes past a limit (named in the error's `limit`), as the caller's bad input. */
function fileProblem(e: unknown): unknown {
  if (!(e instanceof PlacementFileError)) return e;
  const problem = { field: e.line ? `line ${e.line}` : 'input.contentBase64', reason: e.reason };
  return new DomainError('invalid_input', `${problem.field}: ${problem.reason}`, [problem], e.limit ? { limit: e.limit } : {});
}

/** The records, with a limit (or a broken quote) met while streaming as bad input: the import's transaction rolls back. */
async function* readingAsBadInput<T>(records: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* records;
  } catch (e) {
    throw fileProblem(e);
  }
}

async function savedMapping(m: EntityManager, clientId: string): Promise<ColumnMapping | null> {
  const [row] = await m.query(`SELECT mapping FROM cases.column_mappings WHERE client_id = $1`, [clientId]);
  return row ? (row.mapping as ColumnMapping) : null;
}

async function storeMapping(m: EntityManager, clientId: string, mapping: ColumnMapping, by: string): Promise<void> {
  await m.query(
    `INSERT INTO cases.column_mappings (client_id, mapping, updated_by, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (client_id) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [clientId, JSON.stringify(mapping), by],
  );
}
