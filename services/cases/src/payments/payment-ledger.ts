/**
 * Payments written to a case, in the caller's transaction and set-based (one payment typed by an
 * agent and 80,000 matched from a bank statement take the same path): the payments recorded or
 * undone, then each case they touch restated by the engine (payment.ts) and written back —
 * every allocation that is new or moved, each claim's principal paid, the case's balances and
 * priority score, a case paid in full closed as paid (and one whose payment was undone opened
 * again) through the case lifecycle, an overpayment's refund task — with the case history and
 * the events (PaymentReceived, PaymentAllocated, PaymentReversed, CaseClosed, CasePhaseChanged)
 * in the same transaction.
 *
 * The cases are locked (FOR UPDATE, in id order) before anything is read: two payments of one
 * case recorded at once are allocated one after the other.
 */
import type { EntityManager } from 'typeorm';
import type { CalendarDate, Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import {
  CaseClosed,
  CasePhaseChanged,
  PaymentAllocated,
  PaymentReceived,
  PaymentReversed,
  createEvent,
  type EventEnvelope,
} from '@amicus/events';
import { uuidV7 } from '@amicus/ids';
import type { LegalOptions } from '@amicus/legal';
import { formatMoney } from '@amicus/money';
import { groupBy, loadCaseFactsOf } from '../assessment/case-facts';
import { auditJson, auditRowOf, type AuditRow } from '../audit/audit-trail';
import { insertViaStage } from '../bulk-writes/copy-rows';
import { insertRows } from '../bulk-writes/unnest-rows';
import { openMinorOf, stateOfRow, type CaseRow } from '../case-file/case-rows';
import {
  closeCase,
  reopenPaidCase,
  type Actor,
  type CaseDecision,
  type CaseOutcome,
  type CaseState,
  type OpenPhase,
} from '../case-lifecycle/case-lifecycle';
import { resumeReopened } from '../journeys/journey-reactions';
import { currentRateTables } from '../rates/rate-store';
import { storedPriorityScore } from '../worklist/worklist';
import {
  accountDay,
  caseAccount,
  describeAllocation,
  NO_ALLOCATION,
  settle,
  type CaseBalances,
  type NewPayment,
  type OnlineReference,
  type PaymentAllocation,
  type ReversalKind,
  type Settlement,
} from './payment';
import { checkSoon } from '../plans/plan-store';
import { allocationJson, allocationOfRow, paymentById, standingPayments, type PaymentRow } from './payment-store';

export interface LedgerContext {
  now: Date;
  /** Today in the agency's calendar: the day a case is restated on. */
  today: CalendarDate;
  /** Who records or undoes (the case history's actor); closing and reopening are the system's. */
  actor: Actor;
  correlationId: string;
  agencyRegistration: string | null;
  rateTables: LegalOptions['rateTables'];
  /** The outbox, in this transaction. */
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>;
}

/** What a case looks like after its payments changed. */
export interface CaseMoney {
  caseId: string;
  balances: CaseBalances | null;
  closedAsPaid: boolean;
  reopened: boolean;
  refundMinor: bigint;
}

const SYSTEM: Actor = { kind: 'system', id: 'payments' };

/** The ledger's context in a transaction: the rate tables the agency keeps, read once. */
export async function ledgerContext(
  m: EntityManager,
  opts: { clock: Clock; agencyRegistration: string | null; publish: LedgerContext['publish'] },
  actor: Actor,
  correlationId: string,
): Promise<LedgerContext> {
  const now = opts.clock.now();
  return {
    now,
    today: opts.clock.today(now),
    actor,
    correlationId,
    agencyRegistration: opts.agencyRegistration,
    rateTables: await currentRateTables(m),
    publish: opts.publish,
  };
}
const SOURCE_TEXT = { bank: 'by bank transfer', direct: 'paid to the client directly', provider: 'through the payment provider' } as const;

/** Records payments on open cases and allocates them; returns the new payments' ids, in order, and each case's money after. */
export async function recordPayments(
  m: EntityManager,
  ctx: LedgerContext,
  payments: readonly NewPayment[],
): Promise<{ paymentIds: string[]; cases: Map<string, CaseMoney> }> {
  if (payments.length === 0) return { paymentIds: [], cases: new Map() };
  const rows = await lockCases(
    m,
    payments.map((p) => p.caseId),
  );
  payments.forEach((p, i) => {
    const row = rows.get(p.caseId);
    const at = payments.length > 1 ? `payments[${i}].` : '';
    if (!row) throw new DomainError('not_found', `case ${p.caseId} not found`);
    if (row.phase === 'closed')
      throw new DomainError('conflict', `case ${p.caseId} is closed (${row.outcome}): money for it is returned to the payer, not recorded`);
    if (row.currency.trim() !== p.amount.currency)
      throw DomainError.invalid([{ field: `${at}currency`, reason: `the case is in ${row.currency.trim()}, not ${p.amount.currency}` }]);
  });
  const recordedBy = `${ctx.actor.kind}:${ctx.actor.id}`;
  // Written once, with the allocation the restatement gives them (no insert-then-update).
  const fresh = payments.map((p): PaymentRow => {
    const row = rows.get(p.caseId)!;
    return {
      id: uuidV7(ctx.now.getTime()),
      seq: '',
      case_id: p.caseId,
      client_id: row.client_id,
      brand_id: row.brand_id,
      amount_minor: p.amount.amountMinor.toString(),
      currency: p.amount.currency,
      received_on: p.receivedOn,
      source: p.source,
      payer_name: p.payerName,
      payer_iban: p.payerIban,
      bank_entry_id: p.bankEntryId,
      note: p.note,
      recorded_by: recordedBy,
      recorded_at: ctx.now,
      costs_minor: '0',
      interest_minor: '0',
      principal: [],
      unallocated_minor: '0',
      rule: null,
      legal_source: null,
      allocated_at: null,
      closed_case_from: null,
      status: 'active',
      reversal_kind: null,
      reversal_reason: null,
      reversed_by: null,
      reversed_at: null,
    };
  });
  const ids = fresh.map((p) => p.id);
  const online = new Map(fresh.flatMap((p, i) => (payments[i]!.online ? [[p.id, payments[i]!.online!] as const] : [])));
  const cases = await restate(m, ctx, rows, { fresh, reversal: null, online });
  return { paymentIds: ids, cases };
}

/** Undoes a payment (a chargeback, the bank returning it, one recorded by mistake): its allocation goes, the case is restated. */
export async function reversePayment(
  m: EntityManager,
  ctx: LedgerContext,
  paymentId: string,
  reversal: { kind: ReversalKind; reason: string },
): Promise<CaseMoney> {
  const visible = await paymentById(m, paymentId);
  if (!visible) throw new DomainError('not_found', `payment ${paymentId} not found`);
  const rows = await lockCases(m, [visible.case_id]);
  const payment = (await paymentById(m, paymentId, true))!;
  if (payment.status === 'reversed')
    throw new DomainError('conflict', `payment ${paymentId} was reversed already (${payment.reversal_kind})`);
  const by = `${ctx.actor.kind}:${ctx.actor.id}`;
  await m.query(
    `UPDATE cases.payments SET status = 'reversed', reversal_kind = $2, reversal_reason = $3, reversed_by = $4, reversed_at = $5 WHERE id = $1`,
    [paymentId, reversal.kind, reversal.reason, by, ctx.now],
  );
  // An overpayment's refund is not owed for money that never stayed.
  await m.query(
    `UPDATE cases.payment_tasks SET status = 'cancelled', done_by = $2, done_at = $3 WHERE payment_id = $1 AND status = 'open'`,
    [paymentId, by, ctx.now],
  );
  const cases = await restate(m, ctx, rows, { fresh: [], reversal: { payment, ...reversal }, online: new Map() });
  return cases.get(payment.case_id)!;
}

async function lockCases(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, CaseRow>> {
  const rows: CaseRow[] = await m.query(
    `SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id FOR UPDATE`,
    [[...new Set(caseIds)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

interface Cause {
  /** Payments recorded now, not written yet. */
  fresh: PaymentRow[];
  reversal: { payment: PaymentRow; kind: ReversalKind; reason: string } | null;
  /** The fresh payments paid online: the provider's reference, for PaymentReceived. */
  online: ReadonlyMap<string, OnlineReference>;
}

/** Each case restated by the engine on its standing payments, and what follows written back. */
async function restate(m: EntityManager, ctx: LedgerContext, rows: Map<string, CaseRow>, cause: Cause): Promise<Map<string, CaseMoney>> {
  const caseIds = [...rows.keys()];
  const facts = await loadCaseFactsOf(m, caseIds, ctx.agencyRegistration);
  const standing = groupBy(await standingPayments(m, caseIds), (p) => p.case_id);
  const freshOf = groupBy(cause.fresh, (p) => p.case_id);
  const isNew = new Set(cause.fresh.map((p) => p.id));
  const reopenFrom = await phasesClosedFrom(
    m,
    caseIds.filter((id) => rows.get(id)!.phase === 'closed'),
  );

  const w = new Writes();
  const results = new Map<string, CaseMoney>();
  for (const caseId of caseIds) {
    const row = rows.get(caseId)!;
    // The standing payments with the new ones, in the engine's order: by day, a new one after those recorded before.
    const mine = [...(standing.get(caseId) ?? []), ...(freshOf.get(caseId) ?? [])].sort((a, b) =>
      String(a.received_on).localeCompare(String(b.received_on)),
    );
    const f = {
      ...facts.get(caseId)!,
      payments: mine.map((p) => ({ id: p.id, receivedOn: String(p.received_on), amountMinor: BigInt(p.amount_minor) })),
    };
    const currency = row.currency.trim();
    const money = (minor: bigint) => formatMoney({ amountMinor: minor, currency });
    const label = (claimId: string) => f.claims.find((c) => c.id === claimId)?.invoiceNumber ?? claimId;
    const account = caseAccount(f, accountDay(f, ctx.today), ctx.rateTables);
    const before = balancesOfRow(row);
    const result: CaseMoney = { caseId, balances: account?.balances ?? null, closedAsPaid: false, reopened: false, refundMinor: 0n };
    results.set(caseId, result);
    const settlement: Settlement | null = account
      ? settle(
          account,
          mine.map((p) => ({ id: p.id, allocation: allocationOfRow(p), isNew: isNew.has(p.id) })),
          { phase: row.phase, outcome: row.outcome },
        )
      : null;
    const after = settlement?.balances ?? null;
    const balanceJson = after ? balanceEventJson(after) : balanceEventJson(before);

    // The payments: received, allocated (again), undone — in that order on the case's topic.
    const allocatedNow = new Map((settlement?.allocated ?? []).map((a) => [a.paymentId, a]));
    for (const p of mine) {
      const allocated = allocatedNow.get(p.id);
      if (isNew.has(p.id)) {
        w.events.push(
          createEvent(PaymentReceived, {
            ...w.base(ctx, row),
            payload: {
              paymentId: p.id,
              caseId,
              clientId: row.client_id,
              brandId: row.brand_id,
              amountMinor: String(p.amount_minor),
              currency,
              receivedOn: String(p.received_on),
              source: p.source,
              direct: p.source === 'direct',
              payerName: p.payer_name,
              payerIban: p.payer_iban,
              bankEntryId: p.bank_entry_id,
              actor: `${ctx.actor.kind}:${ctx.actor.id}`,
              ...(cause.online.has(p.id) && { online: cause.online.get(p.id)! }),
            },
          }),
        );
        const a = allocated?.allocation ?? NO_ALLOCATION;
        w.audit.push([
          caseId,
          ctx.actor.kind,
          ctx.actor.id,
          ctx.now,
          'payment_received',
          `${money(BigInt(p.amount_minor))} received on ${String(p.received_on)} ${SOURCE_TEXT[p.source]}: ${describeAllocation(a, money, label)}`,
          auditJson({ balance: before }),
          auditJson({
            paymentId: p.id,
            amountMinor: p.amount_minor,
            source: p.source,
            allocation: allocationJson(a),
            balance: after ?? before,
          }),
        ]);
      }
      if (isNew.has(p.id)) w.fresh.push({ row: p, allocation: allocated?.allocation ?? NO_ALLOCATION });
      if (!allocated) continue;
      if (!isNew.has(p.id)) w.allocations.push([p.id, allocated.allocation]);
      w.events.push(
        createEvent(PaymentAllocated, {
          ...w.base(ctx, row),
          payload: {
            paymentId: p.id,
            caseId,
            receivedOn: String(p.received_on),
            currency,
            allocation: allocationJson(allocated.allocation),
            reallocated: allocated.reallocated,
            balance: balanceJson,
          },
        }),
      );
      if (allocated.reallocated)
        w.audit.push([
          caseId,
          SYSTEM.kind,
          SYSTEM.id,
          ctx.now,
          'payment_reallocated',
          `the payment of ${money(BigInt(p.amount_minor))} received on ${String(p.received_on)} is allocated again, as the law orders it with the case's other payments: ${describeAllocation(allocated.allocation, money, label)}`,
          auditJson({ paymentId: p.id, allocation: allocationJson(allocationOfRow(p)) }),
          auditJson({ paymentId: p.id, allocation: allocationJson(allocated.allocation) }),
        ]);
    }
    const reversed = cause.reversal?.payment.case_id === caseId ? cause.reversal : null;
    if (reversed) {
      const undone = allocationOfRow(reversed.payment);
      w.audit.push([
        caseId,
        ctx.actor.kind,
        ctx.actor.id,
        ctx.now,
        'payment_reversed',
        `${money(BigInt(reversed.payment.amount_minor))} received on ${String(reversed.payment.received_on)} reversed (${reversed.kind.replace('_', ' ')}): ${reversed.reason}; undone: ${describeAllocation(undone, money, label)}`,
        auditJson({ paymentId: reversed.payment.id, allocation: allocationJson(undone), balance: before }),
        auditJson({ paymentId: reversed.payment.id, status: 'reversed', balance: after ?? before }),
      ]);
    }

    // What follows for the case: closed as paid, open again, a refund owed.
    const state: CaseState = {
      ...stateOfRow(
        row,
        [...f.claims].sort((a, b) => (a.id < b.id ? -1 : 1)).map((c) => ({ id: c.id, status: c.status as 'open' | 'recalled' })),
      ),
      ...(row.outcome
        ? {
            closure: {
              outcome: row.outcome as CaseOutcome,
              reason: row.close_reason ?? '',
              closedAt: (row.closed_at ?? ctx.now).toISOString(),
            },
          }
        : {}),
    };
    const lifecycle = { actor: SYSTEM, at: ctx.now, today: ctx.today };
    let decision: CaseDecision | null = null;
    let attention = false;
    if (settlement?.closesAsPaid) {
      const last = mine[mine.length - 1]!;
      decision = closeCase(
        state,
        { outcome: 'paid', reason: `paid in full: nothing is left to pay on ${account!.asOf}`, balance: { amountMinor: 0n, currency } },
        lifecycle,
      );
      if (isNew.has(last.id)) last.closed_case_from = row.phase;
      else w.closedFrom.push([last.id, row.phase]);
      result.closedAsPaid = true;
    } else if (settlement?.reopens) {
      const why = reversed
        ? `the payment of ${money(BigInt(reversed.payment.amount_minor))} was reversed (${reversed.kind.replace('_', ' ')}): ${money(settlement.balances.openMinor)} is open again`
        : `${money(settlement.balances.openMinor)} is open again`;
      if (await anotherOpenCase(m, row)) {
        w.task(
          ctx,
          row,
          null,
          'review',
          settlement.balances.openMinor,
          `${why}, but the debtor has a newer open case for this client and brand: an agent decides where the money is owed`,
        );
      } else {
        decision = reopenPaidCase(state, { to: (reopenFrom.get(caseId) ?? 'amicable') as OpenPhase, reason: why }, lifecycle);
        result.reopened = true;
        await resumeReopened(m, caseId, ctx.now, `the case is open again: ${why}`);
        attention = true;
      }
    }
    for (const refund of settlement?.refunds ?? []) {
      const p = mine.find((x) => x.id === refund.paymentId)!;
      w.task(
        ctx,
        row,
        refund.paymentId,
        'refund',
        refund.amountMinor,
        `overpaid by ${money(refund.amountMinor)} (payment of ${money(BigInt(p.amount_minor))} received on ${String(p.received_on)}${p.payer_name ? ` from ${p.payer_name}` : ''}): refund it to the payer`,
      );
      result.refundMinor += refund.amountMinor;
      attention = true;
    }
    for (const shrunk of settlement?.overpaymentsShrunk ?? []) {
      w.task(
        ctx,
        row,
        shrunk.paymentId,
        'review',
        shrunk.toMinor,
        `the overpayment on this payment fell from ${money(shrunk.fromMinor)} to ${money(shrunk.toMinor)} after another payment was undone: check any refund made or asked for`,
      );
      attention = true;
    }
    if (decision) w.audit.push(auditRowOf(decision.audit));

    // The case row: its balances, score and (when it closed or opened again) its state.
    const next = decision?.state ?? state;
    const b = after ?? before;
    if (after) {
      const paidNow = new Map(after.claims.map((c) => [c.claimId, c.paidMinor]));
      for (const c of f.claims)
        if (paidNow.has(c.id) && paidNow.get(c.id) !== (c.paidMinor ?? 0n)) w.claims.push([c.id, paidNow.get(c.id)!.toString()]);
    }
    w.cases.push([
      caseId,
      b.principalMinor.toString(),
      b.interestMinor.toString(),
      b.costsMinor.toString(),
      b.paidMinor.toString(),
      next.phase,
      next.closure?.outcome ?? null,
      next.closure?.reason ?? null,
      next.closure ? new Date(next.closure.closedAt) : null,
      next.hold?.until ?? null,
      next.hold?.reason ?? null,
      attention && next.phase !== 'closed' ? ctx.now : row.next_action_at,
      storedPriorityScore({
        caseId,
        openAmount: { amountMinor: b.openMinor, currency },
        oldestDueDate: String(row.oldest_due_date),
        brokenPromises: Number(row.broken_promises),
        ...(row.last_contact_outcome ? { lastContactOutcome: row.last_contact_outcome } : {}),
      }),
    ]);
    if (reversed)
      w.events.push(
        createEvent(PaymentReversed, {
          ...w.base(ctx, row),
          payload: {
            paymentId: reversed.payment.id,
            caseId,
            amountMinor: String(reversed.payment.amount_minor),
            currency,
            kind: reversed.kind,
            reason: reversed.reason,
            undone: allocationJson(allocationOfRow(reversed.payment)),
            balance: balanceJson,
            reopened: result.reopened,
            actor: `${ctx.actor.kind}:${ctx.actor.id}`,
          },
        }),
      );
    // The case's own change comes after the money that caused it.
    if (decision) w.events.push(...lifecycleEvents(decision, row, ctx, currency));
  }
  await w.flush(m, ctx);
  // Money moved: the cases' agreed plans and open promises are checked on the next tick (plans/).
  await checkSoon(m, caseIds, ctx.now);
  return results;
}

/** The phase each closed case closed from when a payment paid it (the latest such payment, undone or not). */
async function phasesClosedFrom(m: EntityManager, caseIds: string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows: { case_id: string; closed_case_from: string }[] = await m.query(
    `SELECT DISTINCT ON (case_id) case_id, closed_case_from FROM cases.payments
      WHERE case_id = ANY($1::uuid[]) AND closed_case_from IS NOT NULL ORDER BY case_id, seq DESC`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, r.closed_case_from]));
}

/** One open case per debtor, client and brand: a newer one keeps this one closed. */
async function anotherOpenCase(m: EntityManager, row: CaseRow): Promise<boolean> {
  const found: unknown[] = await m.query(
    `SELECT 1 FROM cases.cases WHERE client_id = $1 AND brand_id = $2 AND debtor_id = $3 AND phase <> 'closed' AND id <> $4 LIMIT 1`,
    [row.client_id, row.brand_id, row.debtor_id, row.id],
  );
  return found.length > 0;
}

function balancesOfRow(row: CaseRow): CaseBalances {
  return {
    currency: row.currency.trim(),
    principalMinor: BigInt(row.principal_minor),
    interestMinor: BigInt(row.interest_minor),
    costsMinor: BigInt(row.costs_minor),
    paidMinor: BigInt(row.paid_minor),
    openMinor: openMinorOf(row),
    claims: [],
  };
}

function balanceEventJson(b: CaseBalances) {
  return {
    principalMinor: b.principalMinor.toString(),
    interestMinor: b.interestMinor.toString(),
    costsMinor: b.costsMinor.toString(),
    paidMinor: b.paidMinor.toString(),
    openMinor: b.openMinor.toString(),
  };
}

function lifecycleEvents(d: CaseDecision, row: CaseRow, ctx: LedgerContext, currency: string): EventEnvelope[] {
  const base = { aggregateId: row.id, clientId: row.client_id, correlationId: ctx.correlationId, occurredAt: ctx.now };
  const actor = `${d.audit.actor.kind}:${d.audit.actor.id}`;
  return d.events.flatMap((e): EventEnvelope[] => {
    if (e.type === 'CaseClosed')
      return [
        createEvent(CaseClosed, {
          ...base,
          payload: {
            caseId: e.caseId,
            outcome: e.outcome,
            reason: e.reason,
            balanceMinor: (e.balance?.amountMinor ?? 0n).toString(),
            currency,
            actor,
          },
        }),
      ];
    if (e.type === 'CasePhaseChanged')
      return [
        createEvent(CasePhaseChanged, { ...base, payload: { caseId: e.caseId, from: e.from, to: e.to, reason: e.reason ?? null, actor } }),
      ];
    return [];
  });
}

const AUDIT_COLUMNS = ['case_id', 'actor_kind', 'actor_id', 'at', 'action', 'reason', 'before', 'after'];

const PAYMENT_COLUMNS = [
  'id',
  'case_id',
  'client_id',
  'brand_id',
  'amount_minor',
  'currency',
  'received_on',
  'source',
  'payer_name',
  'payer_iban',
  'bank_entry_id',
  'note',
  'recorded_by',
  'recorded_at',
  'costs_minor',
  'interest_minor',
  'principal',
  'unallocated_minor',
  'rule',
  'legal_source',
  'allocated_at',
  'closed_case_from',
] as const;

/** What a restatement writes, gathered for the whole batch and written in one statement per table. */
class Writes {
  readonly events: EventEnvelope[] = [];
  readonly audit: AuditRow[] = [];
  readonly fresh: { row: PaymentRow; allocation: PaymentAllocation }[] = [];
  readonly allocations: [string, PaymentAllocation][] = [];
  readonly claims: [string, string][] = [];
  readonly closedFrom: [string, string][] = [];
  readonly cases: unknown[][] = [];
  readonly tasks: unknown[][] = [];

  base(ctx: LedgerContext, row: CaseRow) {
    return { aggregateId: row.id, clientId: row.client_id, correlationId: ctx.correlationId, occurredAt: ctx.now };
  }

  task(ctx: LedgerContext, row: CaseRow, paymentId: string | null, kind: 'refund' | 'review', amountMinor: bigint, reason: string): void {
    this.tasks.push([uuidV7(ctx.now.getTime()), row.id, paymentId, kind, amountMinor.toString(), row.currency.trim(), reason, ctx.now]);
    this.audit.push([
      row.id,
      SYSTEM.kind,
      SYSTEM.id,
      ctx.now,
      kind === 'refund' ? 'refund_due' : 'payment_review',
      reason,
      null,
      auditJson({ kind, paymentId, amountMinor }),
    ]);
  }

  async flush(m: EntityManager, ctx: LedgerContext): Promise<void> {
    // The two wide inserts through a COPY stage (several times cheaper than arrays for a batch).
    await insertViaStage(
      m,
      'cases.payments',
      PAYMENT_COLUMNS,
      this.fresh.map(({ row: p, allocation: a }) => [
        p.id,
        p.case_id,
        p.client_id,
        p.brand_id,
        p.amount_minor,
        p.currency,
        p.received_on,
        p.source,
        p.payer_name,
        p.payer_iban,
        p.bank_entry_id,
        p.note,
        p.recorded_by,
        p.recorded_at,
        a.costsMinor.toString(),
        a.interestMinor.toString(),
        JSON.stringify(allocationJson(a).principal),
        a.unallocatedMinor.toString(),
        a.rule || null,
        a.legalSource || null,
        ctx.now,
        p.closed_case_from,
      ]),
    );
    if (this.allocations.length)
      await m.query(
        `UPDATE cases.payments p SET costs_minor = x.costs, interest_minor = x.interest, principal = x.principal::jsonb, unallocated_minor = x.unallocated,
                rule = x.rule, legal_source = x.source, allocated_at = $8
           FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[]) AS x(id, costs, interest, principal, unallocated, rule, source)
          WHERE p.id = x.id`,
        [
          this.allocations.map(([id]) => id),
          this.allocations.map(([, a]) => a.costsMinor.toString()),
          this.allocations.map(([, a]) => a.interestMinor.toString()),
          this.allocations.map(([, a]) => JSON.stringify(allocationJson(a).principal)),
          this.allocations.map(([, a]) => a.unallocatedMinor.toString()),
          this.allocations.map(([, a]) => a.rule),
          this.allocations.map(([, a]) => a.legalSource),
          ctx.now,
        ],
      );
    if (this.closedFrom.length)
      await m.query(
        `UPDATE cases.payments p SET closed_case_from = x.phase FROM unnest($1::uuid[], $2::text[]) AS x(id, phase) WHERE p.id = x.id`,
        [this.closedFrom.map(([id]) => id), this.closedFrom.map(([, phase]) => phase)],
      );
    if (this.claims.length)
      await m.query(
        `UPDATE cases.claims c SET paid_minor = x.paid FROM unnest($1::uuid[], $2::bigint[]) AS x(id, paid) WHERE c.id = x.id`,
        [this.claims.map(([id]) => id), this.claims.map(([, paid]) => paid)],
      );
    if (this.cases.length) {
      const col = (i: number) => this.cases.map((r) => r[i]);
      await m.query(
        `UPDATE cases.cases c SET principal_minor = x.principal, interest_minor = x.interest, costs_minor = x.costs, paid_minor = x.paid,
                phase = x.phase, outcome = x.outcome, close_reason = x.close_reason, closed_at = x.closed_at, hold_until = x.hold_until,
                hold_reason = x.hold_reason, next_action_at = x.next_action_at, priority_score = x.score, version = c.version + 1, updated_at = $14
           FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::text[], $8::text[], $9::timestamptz[],
                       $10::date[], $11::text[], $12::timestamptz[], $13::bigint[])
             AS x(id, principal, interest, costs, paid, phase, outcome, close_reason, closed_at, hold_until, hold_reason, next_action_at, score)
          WHERE c.id = x.id`,
        [...Array.from({ length: 13 }, (_, i) => col(i)), ctx.now],
      );
    }
    await insertRows(
      m,
      'cases.payment_tasks',
      [
        ['id', 'uuid'],
        ['case_id', 'uuid'],
        ['payment_id', 'uuid'],
        ['kind', 'text'],
        ['amount_minor', 'bigint'],
        ['currency', 'text'],
        ['reason', 'text'],
        ['created_at', 'timestamptz'],
      ],
      this.tasks,
    );
    await insertViaStage(m, 'cases.audit_entries', AUDIT_COLUMNS, this.audit);
    if (this.events.length) await ctx.publish(m, this.events);
  }
}
