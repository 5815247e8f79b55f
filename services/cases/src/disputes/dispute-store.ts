/**
 * Disputes as rows: read (one, a case's, a listing page), written (a new one, a changed one with
 * its version as the optimistic lock), and what a resolution credits on claims; mapped to the
 * domain's `Dispute` in one place.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { scopeSql } from '../case-file/case-listing';
import type { CaseScope } from '../tenancy/tenant';
import type { ClaimCredit, CaseClaimFacts, Dispute, DisputeOutcome } from './dispute';

export interface DisputeRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  claim_ids: string[];
  reason: Dispute['reason'];
  text: string | null;
  raised_by: Dispute['raisedBy'];
  channel: Dispute['channel'];
  status: Dispute['status'];
  raised_at: Date;
  recorded_by: string;
  answer_due_on: string;
  answer: string | null;
  proposed_outcome: DisputeOutcome | null;
  answered_at: Date | null;
  answered_by: string | null;
  answered_late: boolean | null;
  outcome: DisputeOutcome | null;
  credits: { claimId: string; amountMinor: string }[];
  explanation: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  reminded_at: Date | null;
  escalated_at: Date | null;
  version: number;
}

export function disputeOfRow(r: DisputeRow): Dispute {
  return {
    id: r.id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    claimIds: [...r.claim_ids],
    reason: r.reason,
    text: r.text,
    raisedBy: r.raised_by,
    channel: r.channel,
    status: r.status,
    raisedAt: r.raised_at.toISOString(),
    recordedBy: r.recorded_by,
    answerDueOn: String(r.answer_due_on),
    answer:
      r.answer !== null && r.answered_at && r.answered_by
        ? {
            text: r.answer,
            proposedOutcome: r.proposed_outcome,
            at: r.answered_at.toISOString(),
            by: r.answered_by,
            late: r.answered_late === true,
          }
        : null,
    resolution:
      r.outcome && r.resolved_at && r.resolved_by
        ? {
            outcome: r.outcome,
            credits: r.credits.map((c) => ({ claimId: c.claimId, amountMinor: BigInt(c.amountMinor) })),
            explanation: r.explanation ?? '',
            at: r.resolved_at.toISOString(),
            by: r.resolved_by,
          }
        : null,
    remindedAt: r.reminded_at ? r.reminded_at.toISOString() : null,
    escalatedAt: r.escalated_at ? r.escalated_at.toISOString() : null,
    version: Number(r.version),
  };
}

/** One dispute (under the caller's walls); `lock` holds it for the transaction. */
export async function disputeById(m: EntityManager, id: string, lock = false): Promise<Dispute | undefined> {
  const [row]: DisputeRow[] = await m.query(`SELECT * FROM cases.disputes WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? disputeOfRow(row) : undefined;
}

/** A case's disputes, oldest first. */
export async function disputesOfCase(m: EntityManager, caseId: string): Promise<Dispute[]> {
  const rows: DisputeRow[] = await m.query(`SELECT * FROM cases.disputes WHERE case_id = $1 ORDER BY raised_at, id`, [caseId]);
  return rows.map(disputeOfRow);
}

/** The claims of a case as a dispute reads them: what is still open on each (principal less paid less credited). */
export async function claimFactsOf(m: EntityManager, caseId: string): Promise<CaseClaimFacts[]> {
  const rows: { id: string; invoice_number: string; status: 'open' | 'recalled'; open: string }[] = await m.query(
    `SELECT id, invoice_number, status, (principal_minor - paid_minor - credited_minor)::text AS open
       FROM cases.claims WHERE case_id = $1 ORDER BY due_date, invoice_number`,
    [caseId],
  );
  return rows.map((r) => ({ id: r.id, invoiceNumber: r.invoice_number, status: r.status, openMinor: BigInt(r.open) }));
}

export async function insertDispute(m: EntityManager, d: Dispute, sourceKey: string | null = null): Promise<void> {
  await m.query(
    `INSERT INTO cases.disputes (id, case_id, client_id, brand_id, claim_ids, reason, text, raised_by, channel, status, raised_at, recorded_by,
                                 answer_due_on, source_key, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      d.id,
      d.caseId,
      d.clientId,
      d.brandId,
      d.claimIds,
      d.reason,
      d.text,
      d.raisedBy,
      d.channel,
      d.status,
      new Date(d.raisedAt),
      d.recordedBy,
      d.answerDueOn,
      sourceKey,
      d.version,
    ],
  );
}

/** Writes a changed dispute back; `expected` is the version it was read at (someone else's change in between: conflict). */
export async function updateDispute(m: EntityManager, d: Dispute, expected: number): Promise<void> {
  const a = d.answer;
  const r = d.resolution;
  const [rows]: [unknown[], number] = await m.query(
    `UPDATE cases.disputes SET status = $2, answer = $3, proposed_outcome = $4, answered_at = $5, answered_by = $6, answered_late = $7,
            outcome = $8, credits = $9, explanation = $10, resolved_at = $11, resolved_by = $12, version = $13
      WHERE id = $1 AND version = $14 RETURNING id`,
    [
      d.id,
      d.status,
      a?.text ?? null,
      a?.proposedOutcome ?? null,
      a ? new Date(a.at) : null,
      a?.by ?? null,
      a ? a.late : null,
      r?.outcome ?? null,
      JSON.stringify((r?.credits ?? []).map((c) => ({ claimId: c.claimId, amountMinor: c.amountMinor.toString() }))),
      r?.explanation ?? null,
      r ? new Date(r.at) : null,
      r?.by ?? null,
      d.version,
      expected,
    ],
  );
  if (!rows.length) throw new DomainError('conflict', `dispute ${d.id} changed meanwhile: reload and try again`);
}

/** A resolution's credits: each claim credited, the case's principal lowered by their sum. */
export async function writeCredits(m: EntityManager, caseId: string, credits: readonly ClaimCredit[]): Promise<bigint> {
  if (credits.length === 0) return 0n;
  await m.query(
    `UPDATE cases.claims c SET credited_minor = c.credited_minor + x.amount FROM unnest($1::uuid[], $2::bigint[]) AS x(id, amount) WHERE c.id = x.id`,
    [credits.map((c) => c.claimId), credits.map((c) => c.amountMinor.toString())],
  );
  const total = credits.reduce((t, c) => t + c.amountMinor, 0n);
  await m.query(`UPDATE cases.cases SET principal_minor = principal_minor - $2::bigint WHERE id = $1`, [caseId, total.toString()]);
  return total;
}

export interface DisputeListQuery {
  caseId: string | null;
  clientId: string | null;
  status: Dispute['status'] | null;
  /** Only those awaiting the client after their due day (`today` given). */
  overdueOn: string | null;
  /** Only those gone to the agency's account manager, still awaiting the client. */
  escalated?: boolean;
  first: number;
  /** The cursor of the last dispute seen (raised_at|id). */
  after: string | null;
}

/** A page of disputes of the cases in the caller's scope (row-level security walls them too), newest first, keyset-paginated. */
export async function listDisputes(
  m: EntityManager,
  scope: CaseScope,
  q: DisputeListQuery,
): Promise<{ nodes: Dispute[]; endCursor: string | null; hasNextPage: boolean }> {
  const params: unknown[] = [];
  const where: string[] = [scopeSql(scope, params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.caseId) add((p) => `d.case_id = ${p}::uuid`, q.caseId);
  if (q.clientId) add((p) => `d.client_id = ${p}::uuid`, q.clientId);
  if (q.status) add((p) => `d.status = ${p}`, q.status);
  if (q.overdueOn) add((p) => `d.status = 'awaiting_client' AND d.answer_due_on < ${p}::date`, q.overdueOn);
  if (q.escalated) where.push(`d.status = 'awaiting_client' AND d.escalated_at IS NOT NULL`);
  if (q.after) {
    const cursor = readCursor(q.after);
    params.push(cursor.at, cursor.id);
    where.push(`(d.raised_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.first + 1);
  const rows: DisputeRow[] = await m.query(
    `SELECT d.* FROM cases.disputes d JOIN cases.cases c ON c.id = d.case_id
      WHERE ${where.join(' AND ')} ORDER BY d.raised_at DESC, d.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, q.first).map(disputeOfRow);
  const last = page[page.length - 1];
  return { nodes: page, endCursor: last ? `${last.raisedAt}|${last.id}` : null, hasNextPage: rows.length > q.first };
}

function readCursor(after: string): { at: string; id: string } {
  const [at, id] = after.split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id))
    throw DomainError.invalid([{ field: 'after', reason: 'is not a cursor this listing gave' }]);
  return { at, id };
}
