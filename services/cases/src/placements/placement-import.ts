/**
 * The placement use case: a client's claims (a file's records, or a mutation's list) in, the
 * debtors, cases, claims, audit entries and outbox events written, and the import report out.
 *
 * One placement is one transaction. Records stream through in batches (validate → plan against
 * what the database knows → set-based writes), so memory stays flat however long the file is,
 * and a failure anywhere rolls the whole placement back: nothing half-written stays behind.
 * Good rows import; bad rows are reported with their line, field and reason, and a bad e-mail or
 * phone is left out of a row that imports, with a warning. Placements of one
 * client are serialised by an advisory lock, so two uploads of the same file cannot both
 * create its claims.
 *
 * Each case that received claims gets one ClaimsPlaced with all of them, at the end.
 *
 * Framework-free (an EntityManager and a publish function), so the service, the CLI and the
 * benchmark run the very same code.
 */
import type { EntityManager } from 'typeorm';
import { calendarDateIn } from '@amicus/calendar';
import { PlacementImported, createEvent, type EventEnvelope } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { formatMoney } from '@amicus/money';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { insertRows } from '../bulk-writes/unnest-rows';
import { bindMapping, validateMapping, withDetectedDecimalSeparator, type BoundMapping, type ColumnMapping } from './column-mapping';
import type { SourceRecord } from './file-reading';
import { PlacementMemo, clientFacts, placementBrand, planBatch } from './placement-knowledge';
import { REPORTED_ISSUES, countsOf, emptyReport, type PlacementIssue, type PlacementReport } from './placement-report';
import { publishClaimsPlaced, totalCases, writePlan } from './placement-writes';
import { validateRow, type PlacementRow, type RowIssue } from './row-validation';

export type Publish = (m: EntityManager, events: EventEnvelope[]) => Promise<void>;

export interface PlacementRequest {
  placementId: string;
  clientId: string;
  /** The placement's brand; when absent, the client's only (or first) brand. */
  brandId?: string | null;
  source: 'file' | 'api';
  fileName: string | null;
  actor: Actor;
  correlationId: string;
  header: readonly string[];
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>;
  mapping: ColumnMapping;
  now: Date;
  /** The agency's zone: its calendar day is "today" for the rows' dates. */
  timeZone: string;
  batchSize?: number;
  /** How many debtors the placement keeps in memory between batches (PlacementMemo); the rest are looked up per batch. */
  debtorsKept?: number;
  onProgress?: (rowsRead: number) => void;
}

const DEFAULT_BATCH = 5000;
const ISSUE_COLUMNS = [
  ['placement_id', 'uuid'],
  ['seq', 'int'],
  ['client_id', 'uuid'],
  ['kind', 'text'],
  ['line', 'int'],
  ['field', 'text'],
  ['reason', 'text'],
] as const;

function issuesOf(kind: PlacementIssue['kind'], found: readonly RowIssue[]): PlacementIssue[] {
  return found.map((e) => ({ kind, line: e.line, field: e.field, reason: e.reason }));
}

/** A row naming a brand the client does not have is refused: it would land in the wrong brand. */
function unknownBrand(row: PlacementRow, brandsByName: ReadonlyMap<string, unknown>): RowIssue[] {
  if (row.brand === undefined || brandsByName.has(row.brand.toLowerCase())) return [];
  return [{ line: row.line, field: 'brand', reason: `${JSON.stringify(row.brand)} is not a brand of this client` }];
}

export async function importPlacement(m: EntityManager, publish: Publish, req: PlacementRequest): Promise<PlacementReport> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('importPlacement needs the EntityManager of an open transaction');
  // One placement of a client at a time: the second waits and then plans against the first.
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('cases.placement:' || $1))`, [req.clientId]);
  const client = await clientFacts(m, req.clientId);
  const brand = placementBrand(client, req.brandId);

  const problems = validateMapping(req.mapping, req.header);
  if (problems.length) {
    throw DomainError.invalid(
      problems.map((p) => ({
        field: `mapping.${p.target ?? p.column}`,
        reason: `${p.column ? `column ${JSON.stringify(p.column)} ` : ''}${p.reason}`,
      })),
    );
  }
  const today = calendarDateIn(req.now, req.timeZone);
  const context = { today, clientCountry: client.country };

  await m.query(
    `INSERT INTO cases.placements (id, client_id, brand_id, source, file_name, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [req.placementId, req.clientId, brand.id, req.source, req.fileName, `${req.actor.kind}:${req.actor.id}`, req.now],
  );

  const report = emptyReport(req.placementId, req.clientId, brand.id);
  let issueSeq = 0;
  const batchSize = req.batchSize ?? DEFAULT_BATCH;
  const brandsByName = new Map(client.brands.map((b) => [b.name.toLowerCase(), b]));
  const brandOf = (row: PlacementRow) => (row.brand ? (brandsByName.get(row.brand.toLowerCase())?.id ?? brand.id) : brand.id);

  // Known debtors are looked up once per file, not once per batch.
  const memo = new PlacementMemo(req.debtorsKept);
  let bound: BoundMapping | undefined;
  let pending: SourceRecord[] = [];

  const flush = async () => {
    if (!pending.length) return;
    // The decimal separator is settled on the first batch, for the whole file.
    bound ??= withDetectedDecimalSeparator(bindMapping(req.mapping, req.header), pending.slice(0, 1000));
    const records = pending;
    pending = [];
    const rows: PlacementRow[] = [];
    const issues: PlacementIssue[] = [];
    let rejected = 0;
    for (const [i, record] of records.entries()) {
      // Validation is this process's work, the previous batch's writes are Postgres': let the
      // two overlap by giving the event loop a turn (to send the next statement) now and then.
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      const result = validateRow(record, bound, context);
      const errors = result.ok ? unknownBrand(result.row, brandsByName) : result.errors;
      // A row's refusals first, then the contact details it leaves out.
      issues.push(...issuesOf('rejected', errors), ...issuesOf('warning', result.warnings));
      report.warnings += result.warnings.length;
      if (result.ok && !errors.length) rows.push(result.row);
      else rejected++;
    }

    await writing; // the previous batch is in the database before this one is planned against it
    const batch = await planBatch(m, { clientId: req.clientId, brandId: brand.id, rows, rejected, brandOf }, memo);
    const { plan } = batch;
    // Cases opened and extended are counted once, at the end: a case opened by one batch and
    // extended by a later one of the same placement is one case opened.
    report.rowsRead += plan.summary.rowsRead;
    report.rejected += plan.summary.rejected;
    report.imported += plan.summary.imported;
    report.duplicates += plan.summary.duplicates;
    report.conflicts += plan.summary.conflicts;
    for (const row of plan.rows) {
      if (row.decision === 'changed_amount') {
        issues.push({
          kind: 'changed_amount',
          line: row.line,
          field: 'amount',
          reason: `invoice ${row.invoiceNumber} was placed before with ${formatMoney(row.known)}; this placement says ${formatMoney(row.placed)}: not applied, the known amount stands`,
        });
      }
    }
    issues.sort((a, b) => a.line - b.line);
    for (const issue of issues) if (report.issues.length < REPORTED_ISSUES) report.issues.push(issue);
    const issueRows = issues.map((i) => [req.placementId, ++issueSeq, req.clientId, i.kind, i.line, i.field, i.reason]);
    const rowsRead = report.rowsRead;
    writing = (async () => {
      await writePlan(m, publish, req, batch, rows, client, memo);
      await insertRows(m, 'cases.placement_issues', ISSUE_COLUMNS, issueRows);
      req.onProgress?.(rowsRead);
    })();
    writing.catch(() => undefined); // awaited (and rethrown) before the next batch or at the end
  };
  let writing: Promise<void> = Promise.resolve();

  for await (const record of req.records) {
    pending.push(record);
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  await writing;
  const totals = await totalCases(m, req);
  await publishClaimsPlaced(m, publish, req);
  report.casesOpened = totals.opened;
  report.casesExtended = totals.extended;

  const counts = countsOf(report);
  await m.query(
    `UPDATE cases.placements SET rows_read = $2, imported = $3, rejected = $4, cases_opened = $5, cases_extended = $6, duplicates = $7, conflicts = $8 WHERE id = $1`,
    [
      req.placementId,
      counts.rowsRead,
      counts.imported,
      counts.rejected,
      counts.casesOpened,
      counts.casesExtended,
      counts.duplicates,
      counts.conflicts,
    ],
  );
  await publish(m, [
    createEvent(PlacementImported, {
      aggregateId: req.placementId,
      clientId: req.clientId,
      correlationId: req.correlationId,
      occurredAt: req.now,
      payload: {
        placementId: req.placementId,
        clientId: req.clientId,
        brandId: brand.id,
        source: req.source,
        fileName: req.fileName,
        ...counts,
      },
    }),
  ]);
  return report;
}
