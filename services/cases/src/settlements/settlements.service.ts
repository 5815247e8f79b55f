import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { CaseClosed, createEvent, InstructionGiven, SettlementDecided, SettlementOfferedV2, type EventEnvelope } from '@amicus/events';
import { formatMoney } from '@amicus/money';
import { Messaging } from '@amicus/service-runtime';
import { auditJson, auditRowOf, insertAudit } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { openMinorOf, stateOfRow, type CaseRow } from '../case-file/case-rows';
import { closeSettledCase, type Actor } from '../case-lifecycle/case-lifecycle';
import { readProposal, type PlanProposalWire } from '../plans/payment-plan';
import { PlansService } from '../plans/plans.service';
import { actorOf, caseScope, isUuid, mayActForClient } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import {
  decideSettlement,
  isPaid,
  lapsed,
  NO_DISCOUNT,
  offerSettlement,
  readTerms,
  type Settlement,
  type SettlementCase,
  type SettlementDecision,
  type SettlementStatus,
  type SettlementTerms,
} from './settlement';
import {
  insertSettlement,
  listSettlements,
  pendingSettlement,
  settlementById,
  settlementsOfCase,
  setTerms,
  termsOf,
  updateSettlement,
  updateSettlementPaid,
} from './settlement-store';

/** The system closing a case whose settlement was paid. */
const SETTLED: Actor = { kind: 'system', id: 'settlements' };

export interface OfferSettlement {
  caseId: string;
  amountMinor: string;
  payBy: string | null;
  plan: PlanProposalWire | null;
  note: string | null;
}

/**
 * Settlements' use cases, one tenant transaction each: the case locked, the domain decides
 * (settlement.ts), the settlement, the case history and the events written together. An
 * accepted settlement by instalments becomes a payment plan at the settled amount (plans/'
 * public service, in the same transaction); a paid one closes its case as settled (`settleIfPaid`,
 * from the payments' events).
 */
@Injectable()
export class SettlementsService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    private readonly clock: Clock,
    private readonly plans: PlansService,
  ) {}

  async offer(identity: Identity, input: OfferSettlement, correlationId: string): Promise<Settlement> {
    if (identity.role !== 'agent' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', 'the agency records a debtor’s settlement offer; the client decides those above its terms');
    if (!isUuid(input.caseId)) throw new DomainError('not_found', `case ${input.caseId} not found`);
    if (!/^[1-9]\d{0,15}$/.test(input.amountMinor))
      throw DomainError.invalid([{ field: 'amountMinor', reason: 'is an amount in minor units, more than zero' }]);
    const now = this.clock.now();
    const today = this.clock.today(now);
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, input.caseId, true);
      if (!row) throw new DomainError('not_found', `case ${input.caseId} not found`);
      const amountMinor = BigInt(input.amountMinor);
      if (input.plan) {
        // The plan is checked as plans/ would check it, at the settled amount.
        const read = readProposal(input.plan, amountMinor, today, (minor) =>
          formatMoney({ amountMinor: minor, currency: row.currency.trim() }),
        );
        if ('problems' in read) throw DomainError.invalid(read.problems.map((p) => ({ ...p, field: `plan.${p.field}` })));
      }
      const kase = await this.lapseOn(m, identity, row, await this.caseOf(m, row), now);
      const terms = (await termsOf(m, row.client_id)) ?? NO_DISCOUNT;
      const ctx = { actor: actorOf(identity), at: now, today };
      const decision = offerSettlement(
        kase,
        { settlementId: crypto.randomUUID(), amountMinor, planProposal: input.plan, payBy: input.payBy, note: input.note },
        terms,
        ctx,
      );
      await insertSettlement(m, decision.settlement);
      await this.record(m, row, decision, ctx.actor, now, correlationId);
      if (decision.settlement.status === 'accepted') return this.accepted(m, row, decision.settlement, ctx.actor, correlationId);
      return decision.settlement;
    });
  }

  /** The client's decision on an offer above its terms. */
  async decide(
    identity: Identity,
    settlementId: string,
    accept: boolean,
    reason: string | null,
    correlationId: string,
  ): Promise<Settlement> {
    if (identity.role !== 'client_user' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', 'the client decides a settlement above its terms; the agency accepts only within them');
    if (!isUuid(settlementId)) throw new DomainError('not_found', `settlement ${settlementId} not found`);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const seen = await settlementById(m, settlementId);
      const row = seen ? await visibleCaseRow(m, identity, seen.caseId, true) : undefined;
      if (!seen || !row) throw new DomainError('not_found', `settlement ${settlementId} not found`);
      const s = (await settlementById(m, settlementId, true))!;
      const ctx = { actor: actorOf(identity), at: now, today: this.clock.today(now) };
      const decision = decideSettlement(s, await this.caseOf(m, row), { accept, reason }, ctx);
      await updateSettlement(m, decision.settlement, s.version);
      await this.record(m, row, decision, ctx.actor, now, correlationId);
      await this.messaging.publish(
        m,
        createEvent(InstructionGiven, {
          aggregateId: row.id,
          clientId: row.client_id,
          correlationId,
          occurredAt: now,
          payload: {
            caseId: row.id,
            clientId: row.client_id,
            kind: accept ? 'settlement_accepted' : 'settlement_declined',
            reason: decision.settlement.decisionReason,
            referenceId: s.id,
            actor: `${ctx.actor.kind}:${ctx.actor.id}`,
          },
        }),
      );
      if (accept) return this.accepted(m, row, decision.settlement, ctx.actor, correlationId);
      return decision.settlement;
    });
  }

  /**
   * After a payment on the case (the consumer's transaction): an accepted settlement whose
   * payments since its acceptance reach the settled amount is paid, and its case closes as
   * settled — what is left open is what the settlement gave up. Idempotent: a paid settlement
   * or a closed case is left as it is.
   */
  async settleIfPaid(m: EntityManager, caseId: string, correlationId: string): Promise<boolean> {
    const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1 FOR UPDATE`, [
      caseId,
    ]);
    if (!row || row.phase === 'closed') return false;
    const s = await pendingSettlement(m, caseId, true);
    if (!s || !isPaid(s, BigInt(row.paid_minor))) return false;
    const now = this.clock.now();
    const currency = row.currency.trim();
    const left = openMinorOf(row) > 0n ? openMinorOf(row) : 0n;
    const claims: { id: string; status: 'open' | 'recalled' }[] = await m.query(
      `SELECT id, status FROM cases.claims WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    const d = closeSettledCase(
      stateOfRow(row, claims),
      {
        reason: `settlement ${s.id} paid: ${formatMoney({ amountMinor: s.amountMinor, currency })} agreed for less than the balance`,
        balance: { amountMinor: left, currency },
      },
      { actor: SETTLED, at: now, today: this.clock.today(now) },
    );
    const c = d.state.closure!;
    await m.query(
      `UPDATE cases.cases SET phase = 'closed', outcome = $2, close_reason = $3, closed_at = $4, hold_until = NULL, hold_reason = NULL,
              next_action_at = NULL, version = version + 1, updated_at = $4
        WHERE id = $1`,
      [caseId, c.outcome, c.reason, now],
    );
    await updateSettlementPaid(m, s.id);
    await insertAudit(m, [auditRowOf(d.audit)]);
    await this.messaging.publish(
      m,
      createEvent(CaseClosed, {
        aggregateId: caseId,
        clientId: row.client_id,
        correlationId,
        occurredAt: now,
        payload: { caseId, outcome: 'settled', reason: c.reason, balanceMinor: left.toString(), currency, actor: `system:${SETTLED.id}` },
      }),
    );
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  ofCase(identity: Identity, caseId: string): Promise<Settlement[]> {
    if (!isUuid(caseId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => ((await visibleCaseRow(m, identity, caseId)) ? settlementsOfCase(m, caseId) : []));
  }

  list(identity: Identity, q: { caseId: string | null; clientId: string | null; status: SettlementStatus | null; first: number }) {
    for (const [field, id] of [
      ['caseId', q.caseId],
      ['clientId', q.clientId],
    ] as const)
      if (id && !isUuid(id)) throw DomainError.invalid([{ field, reason: 'is not an id' }]);
    return this.tenant.run(identity, (m) => listSettlements(m, caseScope(identity), q));
  }

  /** A client's terms: the agency's staff and the client's own users (null for another client's user). */
  async terms(identity: Identity, clientId: string): Promise<SettlementTerms | null> {
    if (identity.role === 'client_user' && !mayActForClient(identity, clientId)) return null;
    if (!isUuid(clientId)) return null;
    return this.tenant.run(identity, async (m) => (await termsOf(m, clientId)) ?? NO_DISCOUNT);
  }

  /** Sets a client's terms: the admin any client's, a client user its own client's. */
  async setTerms(identity: Identity, clientId: string, input: { maxDiscountBp: number; minAmountMinor: string | null }) {
    if (identity.role !== 'agency_admin' && identity.role !== 'client_user')
      throw new DomainError('forbidden', 'the client (or the agency admin for it) sets the discount its agents may grant');
    if (!isUuid(clientId) || (identity.role === 'client_user' && !mayActForClient(identity, clientId)))
      throw new DomainError('not_found', `client ${clientId} not found`);
    const terms = readTerms(input);
    return this.tenant.run(identity, async (m) => {
      const [client] = await m.query(`SELECT id FROM cases.clients WHERE id = $1`, [clientId]);
      if (!client) throw new DomainError('not_found', `client ${clientId} not found`);
      await setTerms(m, clientId, terms, `${actorOf(identity).kind}:${identity.subject}`, this.clock.now());
      return terms;
    });
  }

  // -------------------------------------------------------------------------------------------

  private async caseOf(m: EntityManager, row: CaseRow): Promise<SettlementCase> {
    return {
      caseId: row.id,
      clientId: row.client_id,
      brandId: row.brand_id,
      phase: row.phase,
      currency: row.currency.trim(),
      openMinor: openMinorOf(row),
      paidMinor: BigInt(row.paid_minor),
      pending: await pendingSettlement(m, row.id, true),
    };
  }

  /** The case's accepted settlement, lapsed if it will not be paid as agreed (settlement.ts `lapsed`; a plan broken or rejected): the case as the offer reads it. */
  private async lapseOn(m: EntityManager, identity: Identity, row: CaseRow, kase: SettlementCase, now: Date): Promise<SettlementCase> {
    const s = kase.pending;
    if (!s || s.status !== 'accepted') return kase;
    const planBroken =
      s.planId !== null &&
      (await this.plans.plansOf(identity, row.id)).some(
        (p) => p.plan.id === s.planId && (p.plan.status === 'broken' || p.plan.status === 'rejected'),
      );
    const gone = lapsed(s, this.clock.today(now), planBroken);
    if (!gone) return kase;
    await updateSettlement(m, gone, s.version);
    const why = s.byPlan ? 'its payment plan broke' : `it was not paid by ${s.payBy}`;
    await insertAudit(m, [
      [
        row.id,
        'system',
        'settlements',
        now,
        'settlement_lapsed',
        `settlement ${s.id} lapsed: ${why}`,
        null,
        auditJson({ settlementId: s.id, status: 'lapsed' }),
      ],
    ]);
    return { ...kase, pending: null };
  }

  /**
   * An accepted settlement by instalments: a payment plan at the settled amount, through plans/'
   * own use case (agreed within the client's plan limits, else it waits there like any plan).
   */
  private async accepted(m: EntityManager, row: CaseRow, s: Settlement, actor: Actor, correlationId: string): Promise<Settlement> {
    if (!s.planProposal) return s;
    // The plan's total is what the case is to pay: the settled amount, not the balance.
    const plan = await this.plans.proposeOn(m, row, s.planProposal, actor, 'agent', correlationId, s.amountMinor);
    const withPlan = { ...s, planId: plan.plan.id, version: s.version + 1 };
    await updateSettlement(m, withPlan, s.version);
    return withPlan;
  }

  private async record(m: EntityManager, row: CaseRow, d: SettlementDecision, actor: Actor, now: Date, correlationId: string) {
    const s = d.settlement;
    await insertAudit(m, [
      [
        row.id,
        actor.kind,
        actor.id,
        now,
        d.audit.action,
        d.audit.reason,
        null,
        auditJson({ settlementId: s.id, status: s.status, amountMinor: s.amountMinor, discountBp: s.discountBp, byPlan: s.byPlan }),
      ],
    ]);
    const base = { aggregateId: row.id, clientId: row.client_id, correlationId, occurredAt: now };
    const by = `${actor.kind}:${actor.id}`;
    const offered = d.events.some((e) => e.type === 'SettlementOffered') ? await offerFacts(m, row) : null;
    const envelopes = d.events.map((e): EventEnvelope => {
      const x = e.settlement;
      if (e.type === 'SettlementOffered')
        return createEvent(SettlementOfferedV2, {
          ...base,
          payload: {
            settlementId: x.id,
            caseId: x.caseId,
            clientId: x.clientId,
            brandId: x.brandId,
            amountMinor: x.amountMinor.toString(),
            balanceMinor: x.balanceMinor.toString(),
            currency: x.currency,
            discountBp: x.discountBp,
            withinTerms: x.withinTerms,
            byPlan: x.byPlan,
            status: x.status === 'accepted' ? 'accepted' : 'awaiting_client',
            actor: by,
            caseNumber: offered!.caseNumber,
            invoiceNumbers: offered!.invoiceNumbers,
            // Awaiting the client: its users, whom communications e-mails; accepted, nobody is asked.
            recipients: x.status === 'accepted' ? [] : offered!.recipients,
          },
        });
      return createEvent(SettlementDecided, {
        ...base,
        payload: {
          settlementId: x.id,
          caseId: x.caseId,
          clientId: x.clientId,
          brandId: x.brandId,
          decision: x.status === 'declined' ? 'declined' : 'accepted',
          amountMinor: x.amountMinor.toString(),
          currency: x.currency,
          decidedBy: e.decidedBy,
          reason: x.decisionReason,
          actor: by,
        },
      });
    });
    await this.messaging.publish(m, envelopes);
  }
}

/** What SettlementOffered@2 carries for the e-mail asking the client: the case's number, its invoices and the client's active users. */
async function offerFacts(m: EntityManager, row: CaseRow) {
  const [c] = (await m.query(`SELECT case_number::text AS n FROM cases.cases WHERE id = $1`, [row.id])) as { n: string }[];
  const invoices = (await m.query(`SELECT invoice_number FROM cases.claims WHERE case_id = $1 ORDER BY due_date, invoice_number`, [
    row.id,
  ])) as { invoice_number: string }[];
  const users = (await m.query(
    `SELECT email FROM cases.users WHERE role = 'client_user' AND client_id = $1 AND disabled_at IS NULL ORDER BY email`,
    [row.client_id],
  )) as { email: string }[];
  return {
    caseNumber: c!.n,
    invoiceNumbers: invoices.map((i) => i.invoice_number),
    recipients: users.map((u) => ({ email: u.email })),
  };
}
