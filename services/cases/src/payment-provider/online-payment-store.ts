/**
 * `cases.online_payments` and `cases.online_payment_refunds` (migration 1765200000000) as pg
 * returns them, mapped once to the attempt the domain compares and the view the API shows.
 */
import type { EntityManager } from 'typeorm';
import type { OnlineAttempt, OnlinePaymentStatus, RefundKind } from './online-payment';

export interface OnlinePaymentRow {
  id: string;
  case_id: string;
  provider: string;
  provider_payment_id: string | null;
  idempotency_key: string;
  amount_minor: string;
  currency: string;
  status: OnlinePaymentStatus;
  checkout_url: string | null;
  method: string | null;
  failure: string | null;
  payment_id: string | null;
  refund_task_id: string | null;
  paid_at: Date | null;
  refunded_minor: string;
  charged_back_minor: string;
  created_at: Date;
  updated_at: Date;
}

/** An online payment as the API shows it: amounts in minor units as decimal strings. */
export interface OnlinePaymentView {
  id: string;
  caseId: string;
  provider: string;
  providerPaymentId: string | null;
  status: OnlinePaymentStatus;
  amountMinor: string;
  currency: string;
  /** Where the debtor pays it, while it is open. */
  checkoutUrl: string | null;
  method: string | null;
  failure: string | null;
  paymentId: string | null;
  paidAt: Date | null;
  refundedMinor: string;
  createdAt: Date;
  updatedAt: Date;
}

export const onlinePaymentViewOfRow = (r: OnlinePaymentRow): OnlinePaymentView => ({
  id: r.id,
  caseId: r.case_id,
  provider: r.provider,
  providerPaymentId: r.provider_payment_id,
  status: r.status,
  amountMinor: String(r.amount_minor),
  currency: r.currency.trim(),
  checkoutUrl: r.status === 'open' ? r.checkout_url : null,
  method: r.method,
  failure: r.failure,
  paymentId: r.payment_id,
  paidAt: r.paid_at,
  refundedMinor: String(r.refunded_minor),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const attemptOfRow = (r: OnlinePaymentRow): OnlineAttempt => ({
  id: r.id,
  caseId: r.case_id,
  providerPaymentId: r.provider_payment_id,
  amount: { amountMinor: BigInt(r.amount_minor), currency: r.currency.trim() },
  status: r.status,
  chargedBackMinor: BigInt(r.charged_back_minor),
  paymentId: r.payment_id,
});

export async function insertAttempt(
  m: EntityManager,
  a: { id: string; caseId: string; provider: string; idempotencyKey: string; amountMinor: bigint; currency: string; at: Date },
): Promise<OnlinePaymentRow> {
  const [row]: OnlinePaymentRow[] = await m.query(
    `INSERT INTO cases.online_payments (id, case_id, provider, idempotency_key, amount_minor, currency, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'starting', $7, $7) RETURNING *`,
    [a.id, a.caseId, a.provider, a.idempotencyKey, a.amountMinor.toString(), a.currency, a.at],
  );
  return row!;
}

export async function attemptById(m: EntityManager, id: string, forUpdate = false): Promise<OnlinePaymentRow | undefined> {
  const [row]: OnlinePaymentRow[] = await m.query(`SELECT * FROM cases.online_payments WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [
    id,
  ]);
  return row;
}

export async function attemptByProviderId(
  m: EntityManager,
  provider: string,
  providerPaymentId: string,
  forUpdate = false,
): Promise<OnlinePaymentRow | undefined> {
  const [row]: OnlinePaymentRow[] = await m.query(
    `SELECT * FROM cases.online_payments WHERE provider = $1 AND provider_payment_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [provider, providerPaymentId],
  );
  return row;
}

/** The attempt an id names: its own id, or the id of the Amicus payment its money became. */
export async function attemptByEitherId(m: EntityManager, id: string, forUpdate = false): Promise<OnlinePaymentRow | undefined> {
  const [row]: OnlinePaymentRow[] = await m.query(
    `SELECT * FROM cases.online_payments WHERE id = $1 OR payment_id = $1 ORDER BY (id = $1) DESC LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row;
}

/** A case's attempts, newest first. */
export async function attemptsOfCase(m: EntityManager, caseId: string, first = 50): Promise<OnlinePaymentRow[]> {
  return m.query(`SELECT * FROM cases.online_payments WHERE case_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, [caseId, first]);
}

export async function updateAttempt(
  m: EntityManager,
  id: string,
  set: Partial<
    Pick<
      OnlinePaymentRow,
      | 'provider_payment_id'
      | 'status'
      | 'checkout_url'
      | 'method'
      | 'failure'
      | 'payment_id'
      | 'refund_task_id'
      | 'paid_at'
      | 'refunded_minor'
      | 'charged_back_minor'
    >
  >,
  at: Date,
): Promise<OnlinePaymentRow> {
  const entries = Object.entries(set);
  const [[row]]: [OnlinePaymentRow[], number] = await m.query(
    `UPDATE cases.online_payments SET ${entries.map(([k], i) => `${k} = $${i + 3}`).join(', ')}${entries.length ? ', ' : ''}updated_at = $2
      WHERE id = $1 RETURNING *`,
    [id, at, ...entries.map(([, v]) => v)],
  );
  return row!;
}

export async function insertRefund(
  m: EntityManager,
  r: {
    id: string;
    onlinePaymentId: string;
    caseId: string;
    providerRefundId: string;
    idempotencyKey: string;
    amountMinor: bigint;
    currency: string;
    kind: RefundKind;
    status: string;
    reason: string;
    requestedBy: string;
    at: Date;
  },
): Promise<void> {
  await m.query(
    `INSERT INTO cases.online_payment_refunds
       (id, online_payment_id, case_id, provider_refund_id, idempotency_key, amount_minor, currency, kind, status, reason, requested_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.id,
      r.onlinePaymentId,
      r.caseId,
      r.providerRefundId,
      r.idempotencyKey,
      r.amountMinor.toString(),
      r.currency,
      r.kind,
      r.status,
      r.reason,
      r.requestedBy,
      r.at,
    ],
  );
}
