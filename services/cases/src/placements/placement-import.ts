/**
 * The placement use case: a client's claims (a file's records, or a mutation's list) in, the
 * debtors, cases, claims, audit entries and outbox events written, and the import report out.
 *
 * One placement is one transaction. Records stream through in batches (validate → plan against
 * what the database knows → set-based writes), so memory stays flat however long the file is,
 * and a failure anywhere rolls the whole placement back: nothing half-written stays behind.
 * Good rows import; bad rows are reported with their line, field and reason. Placements of one
 * client are serialised by an advisory lock, so two uploads of the same file cannot both
 * create its claims.
 *
 * Framework-free (an EntityManager and a publish function), so the service, the CLI and the
 * benchmark run the very same code.
 */
import type { EntityManager } from 'typeorm';
import { CaseOpened, ClaimPlaced, DebtorUpdated, PlacementImported, createEvent, type EventEnvelope } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { formatMoney } from '@amicus/money';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { debtorFromRow, debtorSnapshot, mergeContacts, type Debtor } from '../debtors/debtor';
import { matchKeys } from '../debtors/debtor-matching';
import type { ContactOutcome } from '../worklist/worklist';
import { currencyExponent } from './number-and-date-parsing';
import { insertViaStage } from './copy-rows';
import { bindMapping, validateMapping, withDetectedDecimalSeparator, type BoundMapping, type ColumnMapping } from './column-mapping';
import type { SourceRecord } from './file-reading';
import { openCaseKey, planPlacement, type KnownClaim, type PlacementKnowledge, type PlacementPlan } from './placement-plan';
import { validateRow, type PlacementRow, type RowError } from './row-validation';

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
  batchSize?: number;
  onProgress?: (rowsRead: number) => void;
}

export interface PlacementIssue {
  kind: 'rejected' | 'changed_amount';
  line: number;
  field: string;
  reason: string;
}

export interface PlacementReport {
  placementId: string;
  clientId: string;
  brandId: string;
  rowsRead: number;
  imported: number;
  rejected: number;
  casesOpened: number;
  casesExtended: number;
  duplicates: number;
  conflicts: number;
  /** The first `REPORTED_ISSUES` issues; all of them are kept with the placement. */
  issues: PlacementIssue[];
}

export const REPORTED_ISSUES = 1000;
const DEFAULT_BATCH = 5000;

interface ClientFacts {
  country: string;
  brands: { id: string; name: string; languages: string[] }[];
}

interface OpenCaseFacts {
  id: string;
  brandId: string;
  debtorId: string;
  currency: string;
  openMinor: bigint;
  oldestDueDate: string;
  brokenPromises: number;
  lastContactOutcome: ContactOutcome | null;
  openedByPlacementId: string | null;
  phase: string;
}

export async function importPlacement(m: EntityManager, publish: Publish, req: PlacementRequest): Promise<PlacementReport> {
  if (!m.queryRunner?.isTransactionActive) throw new Error('importPlacement needs the EntityManager of an open transaction');
  // One placement of a client at a time: the second waits and then plans against the first.
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('cases.placement:' || $1))`, [req.clientId]);
  const client = await clientFacts(m, req.clientId);
  const brand = placementBrand(client, req.brandId);

  const problems = validateMapping(req.mapping, req.header);
  if (problems.length) {
    throw DomainError.invalid(problems.map((p) => ({ field: `mapping.${p.target ?? p.column}`, reason: `${p.column ? `column ${JSON.stringify(p.column)} ` : ''}${p.reason}` })));
  }
  const today = calendarDateIn(req.now, 'Europe/Brussels');
  const context = { today, clientCountry: client.country };

  await m.query(`INSERT INTO cases.placements (id, client_id, brand_id, source, file_name, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    req.placementId, req.clientId, brand.id, req.source, req.fileName, `${req.actor.kind}:${req.actor.id}`, req.now,
  ]);

  const report: PlacementReport = {
    placementId: req.placementId, clientId: req.clientId, brandId: brand.id,
    rowsRead: 0, imported: 0, rejected: 0, casesOpened: 0, casesExtended: 0, duplicates: 0, conflicts: 0, issues: [],
  };
  let issueSeq = 0;
  const batchSize = req.batchSize ?? DEFAULT_BATCH;
  const brandsByName = new Map(client.brands.map((b) => [b.name.toLowerCase(), b]));

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
    for (const [i, record] of records.entries()) {
      // Validation is this process's work, the previous batch's writes are Postgres': let the
      // two overlap by giving the event loop a turn (to send the next statement) now and then.
      if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      const result = validateRow(record, bound, context);
      if (!result.ok) {
        issues.push(...result.errors.map((e: RowError) => ({ kind: 'rejected' as const, line: e.line, field: e.field, reason: e.reason })));
        report.rejected++;
        continue;
      }
      if (result.row.brand !== undefined && !brandsByName.has(result.row.brand.toLowerCase())) {
        issues.push({ kind: 'rejected', line: record.line, field: 'brand', reason: `${JSON.stringify(result.row.brand)} is not a brand of this client` });
        report.rejected++;
        continue;
      }
      rows.push(result.row);
    }
    report.rowsRead += records.length;

    await writing; // the previous batch is in the database before this one is planned against it
    const { plan, cases, debtors } = await planBatch(m, req, brand.id, rows, brandsByName);
    for (const row of plan.rows) {
      if (row.decision === 'duplicate') report.duplicates++;
      if (row.decision === 'changed_amount') {
        report.conflicts++;
        issues.push({
          kind: 'changed_amount',
          line: row.line,
          field: 'amount',
          reason: `invoice ${row.invoiceNumber} was placed before with ${formatMoney(row.known)}; this placement says ${formatMoney(row.placed)}: not applied, the known amount stands`,
        });
      }
    }
    report.imported += plan.newClaims.length;
    issues.sort((a, b) => a.line - b.line);
    for (const issue of issues) if (report.issues.length < REPORTED_ISSUES) report.issues.push(issue);
    const issueRows = issues.map((i) => [req.placementId, ++issueSeq, req.clientId, i.kind, i.line, i.field, i.reason]);
    const rowsRead = report.rowsRead;
    writing = (async () => {
      await writePlan(m, publish, req, plan, rows, cases, debtors, client);
      await insertRows(m, 'cases.placement_issues', [['placement_id', 'uuid'], ['seq', 'int'], ['client_id', 'uuid'], ['kind', 'text'], ['line', 'int'], ['field', 'text'], ['reason', 'text']], issueRows);
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
  report.casesOpened = totals.opened;
  report.casesExtended = totals.extended;

  await m.query(
    `UPDATE cases.placements SET rows_read = $2, imported = $3, rejected = $4, cases_opened = $5, cases_extended = $6, duplicates = $7, conflicts = $8 WHERE id = $1`,
    [req.placementId, report.rowsRead, report.imported, report.rejected, report.casesOpened, report.casesExtended, report.duplicates, report.conflicts],
  );
  await publish(m, [
    createEvent(PlacementImported, {
      aggregateId: req.placementId,
      clientId: req.clientId,
      correlationId: req.correlationId,
      occurredAt: req.now,
      payload: {
        placementId: req.placementId, clientId: req.clientId, brandId: brand.id, source: req.source, fileName: req.fileName,
        rowsRead: report.rowsRead, imported: report.imported, rejected: report.rejected, casesOpened: report.casesOpened,
        casesExtended: report.casesExtended, duplicates: report.duplicates, conflicts: report.conflicts,
      },
    }),
  ]);
  return report;
}

async function clientFacts(m: EntityManager, clientId: string): Promise<ClientFacts> {
  const [client] = await m.query(`SELECT country FROM cases.clients WHERE id = $1`, [clientId]);
  if (!client) throw new DomainError('not_found', `no client ${clientId}`, [{ field: 'clientId', reason: 'no such client' }]);
  const brands = await m.query(`SELECT id, name, languages FROM cases.brands WHERE client_id = $1 ORDER BY created_at, id`, [clientId]);
  return { country: client.country, brands };
}

function placementBrand(client: ClientFacts, brandId: string | null | undefined): ClientFacts['brands'][number] {
  if (brandId) {
    const brand = client.brands.find((b) => b.id === brandId);
    if (!brand) throw DomainError.invalid([{ field: 'brandId', reason: 'is not a brand of this client' }]);
    return brand;
  }
  const first = client.brands[0];
  if (!first) throw DomainError.invalid([{ field: 'brandId', reason: 'the client has no brand yet: create one first' }]);
  return first;
}

/** What the database knows of this batch's invoices and debtors, and the plan against it. */
async function planBatch(m: EntityManager, req: PlacementRequest, brandId: string, rows: PlacementRow[], brandsByName: Map<string, { id: string }>) {
  const invoiceNumbers = [...new Set(rows.map((r) => r.claim.invoiceNumber))];
  const keys = [...new Set(rows.flatMap((r) => matchKeys(identityOf(r))))];
  const [claimRows, keyRows] = await Promise.all([
    m.query(`SELECT invoice_number, id, case_id, principal_minor::text AS principal, currency FROM cases.claims WHERE client_id = $1 AND invoice_number = ANY($2::text[])`, [req.clientId, invoiceNumbers]),
    m.query(`SELECT key, debtor_id FROM cases.debtor_match_keys WHERE client_id = $1 AND key = ANY($2::text[])`, [req.clientId, keys]),
  ]);
  const debtorIds = [...new Set<string>(keyRows.map((r: { debtor_id: string }) => r.debtor_id))];
  const [caseRows, debtorRows] = debtorIds.length
    ? await Promise.all([
        m.query(
          `SELECT id, brand_id, debtor_id, currency, open_minor::text AS open, oldest_due_date::text AS oldest, broken_promises, last_contact_outcome, opened_by_placement_id, phase
             FROM cases.cases WHERE client_id = $1 AND debtor_id = ANY($2::uuid[]) AND phase <> 'closed'`,
          [req.clientId, debtorIds],
        ),
        m.query(`SELECT * FROM cases.debtors WHERE id = ANY($1::uuid[])`, [debtorIds]),
      ])
    : [[], []];

  const claims = new Map<string, KnownClaim>();
  for (const r of claimRows) claims.set(r.invoice_number, { claimId: r.id, caseId: r.case_id, principal: { amountMinor: BigInt(r.principal), currency: r.currency.trim() } });
  const cases = new Map<string, OpenCaseFacts>();
  const openCases = new Map<string, string>();
  for (const r of caseRows) {
    cases.set(r.id, {
      id: r.id, brandId: r.brand_id, debtorId: r.debtor_id, currency: r.currency.trim(), openMinor: BigInt(r.open), oldestDueDate: r.oldest,
      brokenPromises: r.broken_promises, lastContactOutcome: r.last_contact_outcome, openedByPlacementId: r.opened_by_placement_id, phase: r.phase,
    });
    openCases.set(openCaseKey(r.brand_id, r.debtor_id, r.currency.trim()), r.id);
  }
  const debtors = new Map<string, Debtor>(debtorRows.map((r: Record<string, unknown>) => [r.id as string, debtorOfRow(r)]));
  const known: PlacementKnowledge = { claims, debtors: new Map(keyRows.map((r: { key: string; debtor_id: string }) => [r.key, r.debtor_id])), openCases };

  const plan = planPlacement({
    clientId: req.clientId,
    brandId,
    rows,
    rejectedRows: 0,
    known,
    newId: () => uuidV7(),
    brandOf: (row) => (row.brand ? (brandsByName.get(row.brand.toLowerCase())?.id ?? brandId) : brandId),
  });
  return { plan, cases, debtors };
}

function identityOf(row: PlacementRow) {
  return {
    clientReference: row.debtor.clientReference,
    name: row.debtor.name,
    vatNumber: row.debtor.vatNumber,
    email: row.debtor.email,
    postcode: row.debtor.address.postcode,
    country: row.debtor.address.country,
  };
}

export function debtorOfRow(r: Record<string, unknown>): Debtor {
  return {
    id: r.id as string,
    clientId: r.client_id as string,
    kind: r.kind as Debtor['kind'],
    name: r.name as string,
    clientReference: (r.client_reference as string | null) ?? null,
    vatNumber: (r.vat_number as string | null) ?? null,
    emails: r.emails as string[],
    phones: r.phones as string[],
    addresses: r.addresses as Debtor['addresses'],
    preferredChannel: (r.preferred_channel as Debtor['preferredChannel']) ?? null,
    language: (r.language as string).trim(),
    country: (r.country as string).trim(),
    timeZone: r.time_zone as string,
    iban: (r.iban as string | null) ?? null,
  };
}

/** Writes one batch's plan with set-based statements; returns the number of cases opened. */
async function writePlan(
  m: EntityManager,
  publish: Publish,
  req: PlacementRequest,
  plan: PlacementPlan,
  rows: PlacementRow[],
  cases: Map<string, OpenCaseFacts>,
  knownDebtors: Map<string, Debtor>,
  client: ClientFacts,
): Promise<void> {
  const events: EventEnvelope[] = [];
  const at = req.now;
  const event = { clientId: req.clientId, correlationId: req.correlationId, occurredAt: at };
  const rowByLine = new Map(rows.map((r) => [r.line, r]));
  const languagesOf = (brandId: string) => client.brands.find((b) => b.id === brandId)?.languages ?? [];

  // Debtors: new ones, and known ones a row tells something new about.
  const newDebtors = new Map<string, Debtor>();
  const brandOfNewCase = new Map<string, string>();
  for (const c of plan.newCases) if (!brandOfNewCase.has(c.debtorId)) brandOfNewCase.set(c.debtorId, c.brandId);
  for (const planned of plan.newDebtors) {
    newDebtors.set(planned.debtorId, debtorFromRow(planned.debtorId, req.clientId, planned.debtor, languagesOf(brandOfNewCase.get(planned.debtorId) ?? '')));
  }
  const updatedDebtors = new Map<string, Debtor>();
  for (const planned of plan.rows) {
    if (planned.decision !== 'new_claim' || planned.debtorIsNew) continue;
    const known = updatedDebtors.get(planned.debtorId) ?? knownDebtors.get(planned.debtorId);
    const row = rowByLine.get(planned.line);
    const merged = known && row ? mergeContacts(known, row.debtor) : null;
    if (merged) updatedDebtors.set(planned.debtorId, merged);
  }
  if (newDebtors.size) {
    const list = [...newDebtors.values()];
    await m.query(
      `INSERT INTO cases.debtors (id, client_id, kind, name, client_reference, vat_number, emails, phones, addresses, language, country, time_zone, iban, created_at, updated_at)
       SELECT id, client_id, kind, name, client_reference, vat_number,
              ARRAY(SELECT jsonb_array_elements_text(emails)), ARRAY(SELECT jsonb_array_elements_text(phones)), addresses, language, country, time_zone, iban, $14, $14
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::jsonb[], $10::text[], $11::text[], $12::text[], $13::text[])
           AS t(id, client_id, kind, name, client_reference, vat_number, emails, phones, addresses, language, country, time_zone, iban)`,
      [
        list.map((d) => d.id), list.map((d) => d.clientId), list.map((d) => d.kind), list.map((d) => d.name), list.map((d) => d.clientReference),
        list.map((d) => d.vatNumber), list.map((d) => JSON.stringify(d.emails)), list.map((d) => JSON.stringify(d.phones)), list.map((d) => JSON.stringify(d.addresses)),
        list.map((d) => d.language), list.map((d) => d.country), list.map((d) => d.timeZone), list.map((d) => d.iban), at,
      ],
    );
  }
  const keyRows = [
    ...plan.newDebtors.flatMap((d) => d.keys.map((key) => [req.clientId, key, d.debtorId])),
    ...plan.debtorKeysAdded.map(({ debtorId, key }) => [req.clientId, key, debtorId]),
  ];
  if (keyRows.length) await insertRows(m, 'cases.debtor_match_keys', [['client_id', 'uuid'], ['key', 'text'], ['debtor_id', 'uuid']], keyRows);
  if (updatedDebtors.size) {
    const list = [...updatedDebtors.values()];
    await m.query(
      `UPDATE cases.debtors d SET emails = ARRAY(SELECT jsonb_array_elements_text(t.emails)), phones = ARRAY(SELECT jsonb_array_elements_text(t.phones)), addresses = t.addresses, updated_at = $5
         FROM unnest($1::uuid[], $2::jsonb[], $3::jsonb[], $4::jsonb[]) AS t(id, emails, phones, addresses) WHERE d.id = t.id`,
      [list.map((d) => d.id), list.map((d) => JSON.stringify(d.emails)), list.map((d) => JSON.stringify(d.phones)), list.map((d) => JSON.stringify(d.addresses)), at],
    );
    const caseIdsOf = new Map<string, string[]>();
    for (const c of cases.values()) caseIdsOf.set(c.debtorId, [...(caseIdsOf.get(c.debtorId) ?? []), c.id]);
    for (const d of list) {
      const caseIds = caseIdsOf.get(d.id) ?? [];
      events.push(createEvent(DebtorUpdated, { ...event, aggregateId: d.id, payload: { debtorId: d.id, clientId: req.clientId, caseIds, debtor: debtorSnapshot(d) } }));
    }
  }

  // Cases: totals of the new claims per case.
  const totals = new Map<string, { minor: bigint; currency: string; oldest: string; claimIds: string[] }>();
  for (const claim of plan.newClaims) {
    const t = totals.get(claim.caseId);
    if (t) {
      t.minor += claim.claim.principal.amountMinor;
      if (claim.claim.dueDate < t.oldest) t.oldest = claim.claim.dueDate;
      t.claimIds.push(claim.claimId);
    } else {
      totals.set(claim.caseId, { minor: claim.claim.principal.amountMinor, currency: claim.claim.principal.currency, oldest: claim.claim.dueDate, claimIds: [claim.claimId] });
    }
  }
  if (plan.newCases.length) {
    const values = plan.newCases.map((c) => {
      const t = totals.get(c.caseId)!;
      return [c.caseId, c.clientId, c.brandId, c.debtorId, t.currency, t.oldest, req.placementId];
    });
    // Totals, score and the audit entry come once, at the end of the placement (totalCases).
    await m.query(
      `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, priority_score, opened_by_placement_id, next_action_at, opened_at, updated_at)
       SELECT id, client_id, brand_id, debtor_id, 'placed', currency, 0, oldest, 0, placement, $8, $8, $8
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::date[], $7::uuid[])
           AS t(id, client_id, brand_id, debtor_id, currency, oldest, placement)`,
      [...columnsOf(values, 7), at],
    );
    for (const c of plan.newCases) {
      const t = totals.get(c.caseId)!;
      const debtor = newDebtors.get(c.debtorId) ?? updatedDebtors.get(c.debtorId) ?? knownDebtors.get(c.debtorId)!;
      events.push(
        createEvent(CaseOpened, {
          ...event,
          aggregateId: c.caseId,
          payload: { caseId: c.caseId, clientId: c.clientId, brandId: c.brandId, debtorId: c.debtorId, debtor: debtorSnapshot(debtor), currency: t.currency, placementId: req.placementId },
        }),
      );
    }
  }

  // Claims.
  if (plan.newClaims.length) {
    await insertViaStage(
      m,
      'cases.claims',
      ['id', 'client_id', 'case_id', 'placement_id', 'line', 'invoice_number', 'issue_date', 'due_date', 'principal_minor', 'currency', 'description', 'interest_clause', 'damages_clause', 'first_reminder_sent_on', 'placed_at'],
      plan.newClaims.map((c) => [
        c.claimId, req.clientId, c.caseId, req.placementId, c.line, c.claim.invoiceNumber, c.claim.issueDate, c.claim.dueDate,
        c.claim.principal.amountMinor, c.claim.principal.currency, c.claim.description ?? null, c.claim.interestClause, c.claim.damagesClause,
        c.claim.firstReminderSentOn ?? null, at,
      ]),
    );
    for (const c of plan.newClaims) {
      events.push(
        createEvent(ClaimPlaced, {
          ...event,
          aggregateId: c.caseId,
          payload: {
            caseId: c.caseId, claimId: c.claimId, clientId: req.clientId, invoiceNumber: c.claim.invoiceNumber, issueDate: c.claim.issueDate, dueDate: c.claim.dueDate,
            principalMinor: c.claim.principal.amountMinor.toString(), currency: c.claim.principal.currency, description: c.claim.description ?? null, placementId: req.placementId,
          },
        }),
      );
    }
  }

  await publish(m, events);
}

/**
 * The end of a placement, set-based: every case that received claims gets its new principal,
 * oldest due date and stored priority score (`cases.stored_priority_score`, the SQL twin of
 * `storedPriorityScore`), and one audit entry — `open` for a case this placement opened (the
 * snapshot `openCase` records: phase and open claims), `place_claims` for an open case it
 * extended. Returns how many cases were opened and extended.
 */
async function totalCases(m: EntityManager, req: PlacementRequest): Promise<{ opened: number; extended: number }> {
  const currencies: string[] = (await m.query(`SELECT DISTINCT currency FROM cases.claims WHERE placement_id = $1`, [req.placementId])).map((r: { currency: string }) => r.currency);
  const exponents = currencies.map((c) => currencyExponent(c.trim()) ?? 2);
  const [counts] = await m.query(
    `WITH placed AS (
       SELECT case_id, sum(principal_minor)::bigint AS added, min(due_date) AS oldest, array_agg(id ORDER BY id) AS claim_ids
         FROM cases.claims WHERE placement_id = $1 GROUP BY case_id),
     totalled AS (
       UPDATE cases.cases c
          SET principal_minor = c.principal_minor + p.added,
              oldest_due_date = least(c.oldest_due_date, p.oldest),
              priority_score = cases.stored_priority_score(c.open_minor + p.added, x.exponent, least(c.oldest_due_date, p.oldest), c.broken_promises, c.last_contact_outcome),
              version = c.version + (CASE WHEN c.opened_by_placement_id = $1 THEN 0 ELSE 1 END),
              updated_at = $5
         FROM placed p, unnest($2::text[], $3::int[]) AS x(currency, exponent)
        WHERE c.id = p.case_id AND x.currency = c.currency
        RETURNING c.id, c.phase, c.opened_by_placement_id = $1 AS opened, p.claim_ids),
     audited AS (
       INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, before, after)
       SELECT id, $4, $6, $5, CASE WHEN opened THEN 'open' ELSE 'place_claims' END, 'placement ' || $1::text,
              CASE WHEN opened THEN NULL ELSE jsonb_build_object('phase', phase) END,
              jsonb_build_object('phase', phase, CASE WHEN opened THEN 'openClaimIds' ELSE 'placedClaimIds' END, to_jsonb(claim_ids))
         FROM totalled
       RETURNING action)
     SELECT count(*) FILTER (WHERE action = 'open')::int AS opened, count(*) FILTER (WHERE action = 'place_claims')::int AS extended FROM audited`,
    [req.placementId, currencies, exponents, req.actor.kind, req.now, req.actor.id],
  );
  return { opened: counts.opened, extended: counts.extended };
}

/** A snapshot as audit JSON: amounts (bigint minor units) as decimal strings. */
export function auditJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** Audit rows: [caseId, actorKind, actorId, at, action, reason, before json, after json]. */
export async function insertAudit(m: EntityManager, rows: unknown[][]): Promise<void> {
  await m.query(
    `INSERT INTO cases.audit_entries (case_id, actor_kind, actor_id, at, action, reason, before, after)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[])`,
    columnsOf(rows, 8),
  );
}

/** Set-based insert of many rows: one array parameter per column, unnested by Postgres. */
async function insertRows(m: EntityManager, table: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `INSERT INTO ${table} (${columns.map(([c]) => c).join(', ')}) SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
    columnsOf(rows, columns.length),
  );
}

function columnsOf(rows: unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) (columns[c] as unknown[])[r] = row[c];
  });
  return columns;
}

/** Today's date in a zone (placements are checked against the agency's calendar day). */
export function calendarDateIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

// Random bytes fetched 64 KiB at a time: a million ids, one system call per 6 553 of them.
const randomPool = new Uint8Array(65_536);
let randomOffset = randomPool.length;

/**
 * A time-ordered UUID (RFC 9562 version 7): new rows land at the end of the primary-key index
 * instead of all over it, which keeps million-row imports fast.
 */
export function uuidV7(now = Date.now()): string {
  if (randomOffset + 10 > randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomOffset = 0;
  }
  const bytes = new Uint8Array(16);
  bytes.set(randomPool.subarray(randomOffset, randomOffset + 10), 6);
  randomOffset += 10;
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
