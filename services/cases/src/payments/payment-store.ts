/**
 * The payments' rows as pg returns them (bigints and dates as text), mapped once to the shapes
 * the ledger and the API use; and the reads of a case's payments and of the money tasks.
 */
import type { EntityManager } from 'typeorm';
import type { PaymentAllocation, PaymentSource, ReversalKind } from './payment';

export interface PaymentRow {
  id: string;
  seq: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  amount_minor: string;
  currency: string;
  received_on: string;
  source: PaymentSource;
  payer_name: string | null;
  payer_iban: string | null;
  bank_entry_id: string | null;
  note: string | null;
  recorded_by: string;
  recorded_at: Date;
  costs_minor: string;
  interest_minor: string;
  principal: { claimId: string; amountMinor: string }[];
  unallocated_minor: string;
  rule: string | null;
  legal_source: string | null;
  allocated_at: Date | null;
  closed_case_from: string | null;
  status: 'active' | 'reversed';
  reversal_kind: ReversalKind | null;
  reversal_reason: string | null;
  reversed_by: string | null;
  reversed_at: Date | null;
}

export function allocationOfRow(r: PaymentRow): PaymentAllocation {
  return {
    costsMinor: BigInt(r.costs_minor),
    interestMinor: BigInt(r.interest_minor),
    principal: r.principal.map((p) => ({ claimId: p.claimId, amountMinor: BigInt(p.amountMinor) })),
    unallocatedMinor: BigInt(r.unallocated_minor),
    rule: r.rule ?? '',
    legalSource: r.legal_source ?? '',
  };
}

/** An allocation as JSON (amounts as decimal strings), for the row's `principal` and the audit trail. */
export function allocationJson(a: PaymentAllocation) {
  return {
    costsMinor: a.costsMinor.toString(),
    interestMinor: a.interestMinor.toString(),
    principal: a.principal.map((p) => ({ claimId: p.claimId, amountMinor: p.amountMinor.toString() })),
    unallocatedMinor: a.unallocatedMinor.toString(),
    rule: a.rule,
    legalSource: a.legalSource,
  };
}

/** A payment as the API shows it. */
export interface PaymentView {
  id: string;
  caseId: string;
  amountMinor: string;
  currency: string;
  receivedOn: string;
  source: PaymentSource;
  /** Paid to the client directly: commission is due on it (billing). */
  direct: boolean;
  payerName: string | null;
  payerIban: string | null;
  bankEntryId: string | null;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
  status: 'active' | 'reversed';
  allocation: ReturnType<typeof allocationJson> | null;
  reversal: { kind: string; reason: string; by: string; at: Date } | null;
}

export function paymentViewOfRow(r: PaymentRow): PaymentView {
  return {
    id: r.id,
    caseId: r.case_id,
    amountMinor: String(r.amount_minor),
    currency: r.currency.trim(),
    receivedOn: String(r.received_on),
    source: r.source,
    direct: r.source === 'direct',
    payerName: r.payer_name,
    payerIban: r.payer_iban,
    bankEntryId: r.bank_entry_id,
    note: r.note,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
    status: r.status,
    allocation: r.allocated_at ? allocationJson(allocationOfRow(r)) : null,
    reversal:
      r.status === 'reversed'
        ? {
            kind: r.reversal_kind ?? 'correction',
            reason: r.reversal_reason ?? '',
            by: r.reversed_by ?? '',
            at: r.reversed_at ?? r.recorded_at,
          }
        : null,
  };
}

/** The standing payments of these cases, in the engine's order. */
export async function standingPayments(m: EntityManager, caseIds: readonly string[]): Promise<PaymentRow[]> {
  return m.query(`SELECT * FROM cases.payments WHERE case_id = ANY($1::uuid[]) AND status = 'active' ORDER BY case_id, received_on, seq`, [
    caseIds,
  ]);
}

/** Every payment of a case (reversed ones too), in the engine's order, under the caller's walls. */
export async function paymentsOfCase(m: EntityManager, caseId: string): Promise<PaymentRow[]> {
  return m.query(`SELECT * FROM cases.payments WHERE case_id = $1 ORDER BY received_on, seq`, [caseId]);
}

export async function paymentById(m: EntityManager, id: string, forUpdate = false): Promise<PaymentRow | undefined> {
  const [row]: PaymentRow[] = await m.query(`SELECT * FROM cases.payments WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return row;
}

export interface PaymentTaskRow {
  id: string;
  case_id: string;
  payment_id: string | null;
  kind: 'refund' | 'review';
  amount_minor: string;
  currency: string;
  reason: string;
  status: 'open' | 'done' | 'cancelled';
  created_at: Date;
  done_by: string | null;
  done_at: Date | null;
}

export interface PaymentTaskView {
  id: string;
  caseId: string;
  paymentId: string | null;
  kind: string;
  amountMinor: string;
  currency: string;
  reason: string;
  status: string;
  createdAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
}

export const paymentTaskViewOfRow = (r: PaymentTaskRow): PaymentTaskView => ({
  id: r.id,
  caseId: r.case_id,
  paymentId: r.payment_id,
  kind: r.kind,
  amountMinor: String(r.amount_minor),
  currency: r.currency.trim(),
  reason: r.reason,
  status: r.status,
  createdAt: r.created_at,
  doneBy: r.done_by,
  doneAt: r.done_at,
});
