/**
 * Plans' and promises' persistence: rows read into typed values in one place, their writes, the
 * payments that count towards them, the client's limits, and what the journeys read of them.
 */
import type { EntityManager } from 'typeorm';
import type { CalendarDate } from '@amicus/calendar';
import { DEFAULT_PLAN_LIMITS, type CountedPayment, type Instalment, type PlanLimits } from './payment-plan';
import type { PromiseSource, PromiseStatus } from './promise';

export type PlanStatus = 'pending' | 'agreed' | 'rejected' | 'broken' | 'completed';

export interface PaymentPlan {
  id: string;
  caseId: string;
  clientId: string;
  brandId: string;
  currency: string;
  totalMinor: bigint;
  instalments: Instalment[];
  graceDays: number;
  status: PlanStatus;
  outsideLimits: string[];
  source: 'agent' | 'debtor_page';
  proposedOn: CalendarDate;
  proposedAt: Date;
  proposedBy: string;
  agreement: 'within_limits' | 'approved' | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  checkAt: Date | null;
  paidMinor: bigint;
  missedSeq: number | null;
  endedOn: CalendarDate | null;
  version: number;
  /** What the plan's own structured reference is made from (@amicus/payment-references); given on insert. */
  referenceNumber: bigint | null;
  /** Agreed: when the tick looks for an instalment to remind of next (null: none left). */
  remindAt: Date | null;
  /** The last instalment the reminders dealt with. */
  remindedSeq: number;
}

export interface CasePromise {
  id: string;
  caseId: string;
  clientId: string;
  brandId: string;
  currency: string;
  amountMinor: bigint;
  dueOn: CalendarDate;
  madeOn: CalendarDate;
  madeAt: Date;
  madeBy: string;
  source: PromiseSource;
  status: PromiseStatus;
  checkAt: Date | null;
  paidMinor: bigint;
  endedAt: Date | null;
  replacedBy: string | null;
}

interface PlanRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  currency: string;
  total_minor: string;
  instalments: { seq: number; dueOn: string; amountMinor: string; downPayment: boolean }[];
  grace_days: number;
  status: PlanStatus;
  outside_limits: string[];
  source: 'agent' | 'debtor_page';
  proposed_on: string;
  proposed_at: Date;
  proposed_by: string;
  agreement: 'within_limits' | 'approved' | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  check_at: Date | null;
  paid_minor: string;
  missed_seq: number | null;
  ended_on: string | null;
  version: number;
  reference_number: string | null;
  remind_at: Date | null;
  reminded_seq: number;
}

interface PromiseRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  currency: string;
  amount_minor: string;
  due_on: string;
  made_on: string;
  made_at: Date;
  made_by: string;
  source: PromiseSource;
  status: PromiseStatus;
  check_at: Date | null;
  paid_minor: string;
  ended_at: Date | null;
  replaced_by: string | null;
}

export const PLAN_COLUMNS = `id, case_id, client_id, brand_id, currency, total_minor::text, instalments, grace_days, status, outside_limits, source,
  proposed_on::text, proposed_at, proposed_by, agreement, decided_at, decided_by, decision_reason, check_at, paid_minor::text, missed_seq,
  ended_on::text, version, reference_number::text, remind_at, reminded_seq`;
export const PROMISE_COLUMNS = `id, case_id, client_id, brand_id, currency, amount_minor::text, due_on::text, made_on::text, made_at, made_by, source,
  status, check_at, paid_minor::text, ended_at, replaced_by`;

export function planOfRow(r: PlanRow): PaymentPlan {
  return {
    id: r.id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    currency: r.currency.trim(),
    totalMinor: BigInt(r.total_minor),
    instalments: r.instalments.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amountMinor: BigInt(i.amountMinor), downPayment: i.downPayment })),
    graceDays: r.grace_days,
    status: r.status,
    outsideLimits: r.outside_limits,
    source: r.source,
    proposedOn: r.proposed_on,
    proposedAt: r.proposed_at,
    proposedBy: r.proposed_by,
    agreement: r.agreement,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    checkAt: r.check_at,
    paidMinor: BigInt(r.paid_minor),
    missedSeq: r.missed_seq,
    endedOn: r.ended_on,
    version: r.version,
    referenceNumber: r.reference_number == null ? null : BigInt(r.reference_number),
    remindAt: r.remind_at ?? null,
    remindedSeq: r.reminded_seq ?? 0,
  };
}

export function promiseOfRow(r: PromiseRow): CasePromise {
  return {
    id: r.id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    currency: r.currency.trim(),
    amountMinor: BigInt(r.amount_minor),
    dueOn: r.due_on,
    madeOn: r.made_on,
    madeAt: r.made_at,
    madeBy: r.made_by,
    source: r.source,
    status: r.status,
    checkAt: r.check_at,
    paidMinor: BigInt(r.paid_minor),
    endedAt: r.ended_at,
    replacedBy: r.replaced_by,
  };
}

export const instalmentsJson = (instalments: readonly Instalment[]): string =>
  JSON.stringify(
    instalments.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amountMinor: i.amountMinor.toString(), downPayment: i.downPayment })),
  );

export async function plansOfCase(m: EntityManager, caseId: string): Promise<PaymentPlan[]> {
  const rows: PlanRow[] = await m.query(`SELECT ${PLAN_COLUMNS} FROM cases.payment_plans WHERE case_id = $1 ORDER BY proposed_at, id`, [
    caseId,
  ]);
  return rows.map(planOfRow);
}

export async function planById(m: EntityManager, id: string, lock = false): Promise<PaymentPlan | null> {
  const [row]: PlanRow[] = await m.query(`SELECT ${PLAN_COLUMNS} FROM cases.payment_plans WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? planOfRow(row) : null;
}

/** The case's plan pending or agreed, if any. */
export async function planInForce(m: EntityManager, caseId: string): Promise<PaymentPlan | null> {
  const [row]: PlanRow[] = await m.query(
    `SELECT ${PLAN_COLUMNS} FROM cases.payment_plans WHERE case_id = $1 AND status IN ('pending', 'agreed') FOR UPDATE`,
    [caseId],
  );
  return row ? planOfRow(row) : null;
}

/** Inserts a plan; its reference number comes from the plans' sequence and is set on `p`. */
export async function insertPlan(m: EntityManager, p: PaymentPlan): Promise<void> {
  const [row]: { reference_number: string }[] = await m.query(
    `INSERT INTO cases.payment_plans (id, case_id, client_id, brand_id, currency, total_minor, instalments, grace_days, status, outside_limits, source,
       proposed_on, proposed_at, proposed_by, agreement, decided_at, decided_by, decision_reason, check_at, paid_minor, remind_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
     RETURNING reference_number::text`,
    [
      p.id,
      p.caseId,
      p.clientId,
      p.brandId,
      p.currency,
      p.totalMinor.toString(),
      instalmentsJson(p.instalments),
      p.graceDays,
      p.status,
      JSON.stringify(p.outsideLimits),
      p.source,
      p.proposedOn,
      p.proposedAt,
      p.proposedBy,
      p.agreement,
      p.decidedAt,
      p.decidedBy,
      p.decisionReason,
      p.checkAt,
      p.paidMinor.toString(),
      p.remindAt,
    ],
  );
  p.referenceNumber = BigInt(row!.reference_number);
}

/** A decision on a pending plan (agreed or rejected). */
export async function decidePlan(m: EntityManager, p: PaymentPlan): Promise<void> {
  await m.query(
    `UPDATE cases.payment_plans SET status = $2, agreement = $3, decided_at = $4, decided_by = $5, decision_reason = $6, check_at = $7,
            paid_minor = $8, grace_days = $9, remind_at = $10, version = version + 1 WHERE id = $1`,
    [p.id, p.status, p.agreement, p.decidedAt, p.decidedBy, p.decisionReason, p.checkAt, p.paidMinor.toString(), p.graceDays, p.remindAt],
  );
}

/** The case a plan's reference number belongs to, for the bank import: by reference number. */
export async function casesOfPlanReferences(m: EntityManager, numbers: readonly bigint[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows: { reference_number: string; case_id: string }[] = await m.query(
    `SELECT reference_number::text, case_id FROM cases.payment_plans WHERE reference_number = ANY($1::bigint[])`,
    [numbers.map(String)],
  );
  return new Map(rows.map((r) => [r.reference_number, r.case_id]));
}

export interface PlanCheck {
  id: string;
  status: PlanStatus;
  checkAt: Date | null;
  paidMinor: bigint;
  missedSeq: number | null;
  endedOn: CalendarDate | null;
}

/** The sweep's outcome for many plans, in one statement. */
export async function writePlanChecks(m: EntityManager, checks: readonly PlanCheck[]): Promise<void> {
  if (checks.length === 0) return;
  await m.query(
    `UPDATE cases.payment_plans p SET status = u.status, check_at = u.check_at, paid_minor = u.paid_minor, missed_seq = u.missed_seq,
            ended_on = u.ended_on, version = p.version + 1
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::bigint[], $5::int[], $6::date[]) AS u(id, status, check_at, paid_minor, missed_seq, ended_on)
      WHERE p.id = u.id`,
    [
      checks.map((c) => c.id),
      checks.map((c) => c.status),
      checks.map((c) => c.checkAt),
      checks.map((c) => c.paidMinor.toString()),
      checks.map((c) => c.missedSeq),
      checks.map((c) => c.endedOn),
    ],
  );
}

export async function promisesOfCase(m: EntityManager, caseId: string): Promise<CasePromise[]> {
  const rows: PromiseRow[] = await m.query(`SELECT ${PROMISE_COLUMNS} FROM cases.promises WHERE case_id = $1 ORDER BY made_at, id`, [
    caseId,
  ]);
  return rows.map(promiseOfRow);
}

export async function openPromiseOf(m: EntityManager, caseId: string): Promise<CasePromise | null> {
  const [row]: PromiseRow[] = await m.query(
    `SELECT ${PROMISE_COLUMNS} FROM cases.promises WHERE case_id = $1 AND status = 'open' FOR UPDATE`,
    [caseId],
  );
  return row ? promiseOfRow(row) : null;
}

export async function insertPromise(m: EntityManager, p: CasePromise, sourceKey: string | null): Promise<void> {
  await m.query(
    `INSERT INTO cases.promises (id, case_id, client_id, brand_id, currency, amount_minor, due_on, made_on, made_at, made_by, source, source_key, status, check_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      p.id,
      p.caseId,
      p.clientId,
      p.brandId,
      p.currency,
      p.amountMinor.toString(),
      p.dueOn,
      p.madeOn,
      p.madeAt,
      p.madeBy,
      p.source,
      sourceKey,
      p.status,
      p.checkAt,
    ],
  );
}

export async function replacePromise(m: EntityManager, id: string, by: string, at: Date): Promise<void> {
  await m.query(`UPDATE cases.promises SET status = 'replaced', check_at = NULL, ended_at = $3, replaced_by = $2 WHERE id = $1`, [
    id,
    by,
    at,
  ]);
}

export interface PromiseCheck {
  id: string;
  status: PromiseStatus;
  checkAt: Date | null;
  paidMinor: bigint;
  endedAt: Date | null;
}

export async function writePromiseChecks(m: EntityManager, checks: readonly PromiseCheck[]): Promise<void> {
  if (checks.length === 0) return;
  await m.query(
    `UPDATE cases.promises p SET status = u.status, check_at = u.check_at, paid_minor = u.paid_minor, ended_at = u.ended_at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::bigint[], $5::timestamptz[]) AS u(id, status, check_at, paid_minor, ended_at)
      WHERE p.id = u.id`,
    [
      checks.map((c) => c.id),
      checks.map((c) => c.status),
      checks.map((c) => c.checkAt),
      checks.map((c) => c.paidMinor.toString()),
      checks.map((c) => c.endedAt),
    ],
  );
}

/** The standing payments of cases (reversed ones no longer count), by case, in the order received. */
export async function countedPayments(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, CountedPayment[]>> {
  const out = new Map<string, CountedPayment[]>();
  if (caseIds.length === 0) return out;
  const rows: { case_id: string; received_on: string; amount_minor: string }[] = await m.query(
    `SELECT case_id, received_on::text, amount_minor::text FROM cases.payments WHERE case_id = ANY($1::uuid[]) AND status = 'active' ORDER BY received_on, seq`,
    [caseIds],
  );
  for (const r of rows) {
    const list = out.get(r.case_id) ?? [];
    list.push({ receivedOn: r.received_on, amountMinor: BigInt(r.amount_minor) });
    out.set(r.case_id, list);
  }
  return out;
}

/**
 * Money came in (or went) on these cases: their agreed plan and open promise are checked on the
 * sweep's next tick (a plan may be completed, a promise kept) — one statement each, in the
 * payment's transaction.
 */
export async function checkSoon(m: EntityManager, caseIds: readonly string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await m.query(`UPDATE cases.payment_plans SET check_at = $2 WHERE case_id = ANY($1::uuid[]) AND status = 'agreed' AND check_at > $2`, [
    caseIds,
    now,
  ]);
  await m.query(`UPDATE cases.promises SET check_at = $2 WHERE case_id = ANY($1::uuid[]) AND status = 'open' AND check_at > $2`, [
    caseIds,
    now,
  ]);
}

/** What pauses the journeys of these cases (journeys/journey.ts, mayGoOn): an agreed plan, an open promise. */
export interface JourneyPause {
  plan: { checkAt: Date } | null;
  promise: { dueOn: CalendarDate } | null;
}

export async function journeyPauses(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, JourneyPause>> {
  const out = new Map<string, JourneyPause>();
  if (caseIds.length === 0) return out;
  const rows: { case_id: string; kind: 'plan' | 'promise'; check_at: Date; due_on: string | null }[] = await m.query(
    `SELECT case_id, 'plan' AS kind, check_at, NULL AS due_on FROM cases.payment_plans WHERE case_id = ANY($1::uuid[]) AND status = 'agreed'
     UNION ALL
     SELECT case_id, 'promise', check_at, due_on::text FROM cases.promises WHERE case_id = ANY($1::uuid[]) AND status = 'open'`,
    [caseIds],
  );
  for (const r of rows) {
    const p = out.get(r.case_id) ?? { plan: null, promise: null };
    if (r.kind === 'plan') p.plan = { checkAt: r.check_at };
    else p.promise = { dueOn: r.due_on! };
    out.set(r.case_id, p);
  }
  return out;
}

/**
 * Journeys a plan or a promise paused (the pass wrote their pause with its reason) go on now,
 * from the step they stopped at; a journey whose step was not due yet keeps its time. A call's
 * promise wait (reactions.ts) ends with the promise.
 */
export async function wakeJourneys(m: EntityManager, caseIds: readonly string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await m.query(
    `UPDATE cases.case_journeys SET next_step_at = CASE WHEN reason IS NOT NULL OR waiting_until > $2 THEN $2 ELSE next_step_at END,
            reason = NULL, waiting_until = NULL, waiting_reason = NULL, updated_at = $2
      WHERE case_id = ANY($1::uuid[]) AND status IN ('new', 'active')`,
    [caseIds, now],
  );
}

export async function limitsOf(m: EntityManager, clientId: string): Promise<PlanLimits | null> {
  const [row]: { max_months: number; min_instalment_minor: string; down_payment_required: boolean; grace_days: number }[] = await m.query(
    `SELECT max_months, min_instalment_minor::text, down_payment_required, grace_days FROM cases.plan_limits WHERE client_id = $1`,
    [clientId],
  );
  if (row)
    return {
      maxMonths: row.max_months,
      minInstalmentMinor: BigInt(row.min_instalment_minor),
      downPaymentRequired: row.down_payment_required,
      graceDays: row.grace_days,
    };
  const [client] = await m.query(`SELECT 1 FROM cases.clients WHERE id = $1`, [clientId]);
  return client ? DEFAULT_PLAN_LIMITS : null;
}

export async function setLimits(m: EntityManager, clientId: string, l: PlanLimits, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO cases.plan_limits (client_id, max_months, min_instalment_minor, down_payment_required, grace_days, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (client_id) DO UPDATE SET max_months = excluded.max_months, min_instalment_minor = excluded.min_instalment_minor,
       down_payment_required = excluded.down_payment_required, grace_days = excluded.grace_days, updated_by = excluded.updated_by,
       updated_at = excluded.updated_at`,
    [clientId, l.maxMonths, l.minInstalmentMinor.toString(), l.downPaymentRequired, l.graceDays, by, at],
  );
}
