/**
 * Settlements as rows: read (one, a case's, the pending one, a listing), written (a new one, a
 * changed one with its version as the optimistic lock), and each client's terms; mapped to the
 * domain's `Settlement` in one place.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { scopeSql } from '../case-file/case-listing';
import type { CaseScope } from '../tenancy/tenant';
import type { PlanProposalWire } from '../plans/payment-plan';
import type { Settlement, SettlementStatus, SettlementTerms } from './settlement';

interface SettlementRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  currency: string;
  balance_minor: string;
  amount_minor: string;
  discount_bp: number;
  within_terms: boolean;
  by_plan: boolean;
  plan_proposal: PlanProposalWire | null;
  pay_by: string | null;
  note: string | null;
  status: SettlementStatus;
  offered_at: Date;
  offered_by: string;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  paid_before_minor: string | null;
  plan_id: string | null;
  version: number;
}

function settlementOfRow(r: SettlementRow): Settlement {
  return {
    id: r.id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    currency: r.currency.trim(),
    balanceMinor: BigInt(r.balance_minor),
    amountMinor: BigInt(r.amount_minor),
    discountBp: r.discount_bp,
    withinTerms: r.within_terms,
    byPlan: r.by_plan,
    planProposal: r.plan_proposal,
    payBy: r.pay_by,
    note: r.note,
    status: r.status,
    offeredAt: r.offered_at.toISOString(),
    offeredBy: r.offered_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    paidBeforeMinor: r.paid_before_minor === null ? null : BigInt(r.paid_before_minor),
    planId: r.plan_id,
    version: r.version,
  };
}

const COLUMNS = `s.id, s.case_id, s.client_id, s.brand_id, s.currency, s.balance_minor::text, s.amount_minor::text, s.discount_bp,
  s.within_terms, s.by_plan, s.plan_proposal, s.pay_by, s.note, s.status, s.offered_at, s.offered_by, s.decided_at, s.decided_by, s.decision_reason,
  s.paid_before_minor::text, s.plan_id, s.version`;

export async function settlementById(m: EntityManager, id: string, lock = false): Promise<Settlement | null> {
  const [row]: SettlementRow[] = await m.query(`SELECT ${COLUMNS} FROM cases.settlements s WHERE s.id = $1${lock ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return row ? settlementOfRow(row) : null;
}

export async function settlementsOfCase(m: EntityManager, caseId: string): Promise<Settlement[]> {
  const rows: SettlementRow[] = await m.query(
    `SELECT ${COLUMNS} FROM cases.settlements s WHERE s.case_id = $1 ORDER BY s.offered_at, s.id`,
    [caseId],
  );
  return rows.map(settlementOfRow);
}

/** The case's settlement awaiting the client, or accepted and not yet paid. */
export async function pendingSettlement(m: EntityManager, caseId: string, lock = false): Promise<Settlement | null> {
  const [row]: SettlementRow[] = await m.query(
    `SELECT ${COLUMNS} FROM cases.settlements s WHERE s.case_id = $1 AND s.status IN ('awaiting_client', 'accepted')${lock ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  return row ? settlementOfRow(row) : null;
}

export async function insertSettlement(m: EntityManager, s: Settlement): Promise<void> {
  await m.query(
    `INSERT INTO cases.settlements (id, case_id, client_id, brand_id, currency, balance_minor, amount_minor, discount_bp, within_terms, by_plan,
       pay_by, note, status, offered_at, offered_by, decided_at, decided_by, decision_reason, paid_before_minor, plan_id, version, plan_proposal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
    [
      s.id,
      s.caseId,
      s.clientId,
      s.brandId,
      s.currency,
      s.balanceMinor.toString(),
      s.amountMinor.toString(),
      s.discountBp,
      s.withinTerms,
      s.byPlan,
      s.payBy,
      s.note,
      s.status,
      new Date(s.offeredAt),
      s.offeredBy,
      s.decidedAt ? new Date(s.decidedAt) : null,
      s.decidedBy,
      s.decisionReason,
      s.paidBeforeMinor?.toString() ?? null,
      s.planId,
      s.version,
      s.planProposal ? JSON.stringify(s.planProposal) : null,
    ],
  );
}

export async function updateSettlement(m: EntityManager, s: Settlement, previousVersion: number): Promise<void> {
  const [, changed] = await m.query(
    `UPDATE cases.settlements SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5, paid_before_minor = $6, plan_id = $7,
            version = $8 WHERE id = $1 AND version = $9`,
    [
      s.id,
      s.status,
      s.decidedAt ? new Date(s.decidedAt) : null,
      s.decidedBy,
      s.decisionReason,
      s.paidBeforeMinor?.toString() ?? null,
      s.planId,
      s.version,
      previousVersion,
    ],
  );
  if (!changed) throw new DomainError('conflict', `settlement ${s.id} changed meanwhile: reload and try again`);
}

export interface SettlementListQuery {
  caseId: string | null;
  clientId: string | null;
  status: SettlementStatus | null;
  first: number;
}

export async function listSettlements(m: EntityManager, scope: CaseScope, q: SettlementListQuery): Promise<Settlement[]> {
  const params: unknown[] = [];
  const where = [scopeSql(scope, params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.caseId) add((p) => `s.case_id = ${p}::uuid`, q.caseId);
  if (q.clientId) add((p) => `s.client_id = ${p}::uuid`, q.clientId);
  if (q.status) add((p) => `s.status = ${p}`, q.status);
  params.push(q.first);
  const rows: SettlementRow[] = await m.query(
    `SELECT ${COLUMNS} FROM cases.settlements s JOIN cases.cases c ON c.id = s.case_id
      WHERE ${where.join(' AND ')} ORDER BY s.offered_at DESC, s.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(settlementOfRow);
}

export async function termsOf(m: EntityManager, clientId: string): Promise<SettlementTerms | null> {
  const [row]: { max_discount_bp: number; min_amount_minor: string | null }[] = await m.query(
    `SELECT max_discount_bp, min_amount_minor::text FROM cases.settlement_terms WHERE client_id = $1`,
    [clientId],
  );
  return row
    ? { maxDiscountBp: row.max_discount_bp, minAmountMinor: row.min_amount_minor === null ? null : BigInt(row.min_amount_minor) }
    : null;
}

export async function setTerms(m: EntityManager, clientId: string, t: SettlementTerms, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO cases.settlement_terms (client_id, max_discount_bp, min_amount_minor, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (client_id) DO UPDATE SET max_discount_bp = $2, min_amount_minor = $3, updated_by = $4, updated_at = $5`,
    [clientId, t.maxDiscountBp, t.minAmountMinor?.toString() ?? null, by, at],
  );
}

/**
 * What pauses the journeys of these cases (journeys/journey.ts, mayGoOn): an accepted settlement
 * paid at once waits for its money until the day after `payBy`; by plan, the plan pauses it.
 */
export async function settlementPauses(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows: { case_id: string; pay_by: string }[] = await m.query(
    `SELECT case_id, pay_by FROM cases.settlements WHERE case_id = ANY($1::uuid[]) AND status = 'accepted' AND NOT by_plan AND pay_by IS NOT NULL`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, r.pay_by]));
}

/** A settlement whose amount came in: paid (its case closes as settled in the same transaction). */
export async function updateSettlementPaid(m: EntityManager, id: string): Promise<void> {
  await m.query(`UPDATE cases.settlements SET status = 'paid', version = version + 1 WHERE id = $1 AND status = 'accepted'`, [id]);
}
