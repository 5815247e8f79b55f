import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { addDays, businessDaysAfter, Clock, instantAt } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { Outbox } from '@amicus/messaging';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { CaseClosed, createEvent, type CallLoggedV1, type EventEnvelope } from '@amicus/events';
import { auditJson, auditRowOf, insertAudit, type AuditRow } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { openMinorOf, stateOfRow, type CaseRow } from '../case-file/case-rows';
import { closeCreditedCase, type Actor } from '../case-lifecycle/case-lifecycle';
import { PayLinksService } from '../pay-links/pay-links.service';
import { caseScope, actorOf, isUuid, mayActForClient } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { storedPriorityScore } from '../worklist/worklist';
import {
  answerDispute,
  isUnresolved,
  raiseDispute,
  resolveDispute,
  type AnswerDispute,
  type Dispute,
  type DisputeCase,
  type DisputeDecision,
  type RaiseDispute,
  type ResolveDispute,
} from './dispute';
import { envelopesOf } from './dispute-events';
import { disputeModelOf, type DisputeModel } from './dispute.model';
import {
  claimFactsOf,
  disputeById,
  disputesOfCase,
  insertDispute,
  listDisputes,
  updateDispute,
  writeCredits,
  type DisputeListQuery,
} from './dispute-store';
import { answerDaysOf, DEFAULT_ANSWER_DAYS, setAnswerDays } from './service-levels';

/** A case row as a dispute's use case reads it, with the debtor's language for the events. */
type DisputedCaseRow = CaseRow & { debtor_language: string };

/** The debtor on its page: the system acting for it, on the one case its pay link opens. */
const DEBTOR_PAGE: Actor = { kind: 'system', id: 'debtor_page' };
const DEBTOR_PAGE_IDENTITY: Identity = { subject: 'system:debtor-page', role: 'agency_admin', clientId: null, brandIds: [], email: null };
/** The system closing a case its disputes credited in full. */
const CREDITED: Actor = { kind: 'system', id: 'disputes' };

/**
 * Disputes' use cases, one tenant transaction each: load the case (locked) and its disputes,
 * let the domain decide (dispute.ts), write the dispute, the credits, the case's worklist
 * standing, the case history and the events together. Reading is under the same walls.
 */
@Injectable()
export class DisputesService {
  private readonly outbox: Outbox;

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix'>,
    /** The agency's clock: a service level counts the business days of its calendar. */
    private readonly clock: Clock,
    /** The debtor's page: the pay link's lookup, walls and rate limit. */
    @Optional() private readonly payLinks?: PayLinksService,
  ) {
    this.outbox = new Outbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
  }

  async raise(identity: Identity, input: RaiseDispute & { caseId: string }, correlationId: string): Promise<Dispute> {
    if (identity.role === 'legal')
      throw new DomainError('forbidden', 'legal staff read disputes; agents, the client and the admin raise them');
    if (!isUuid(input.caseId)) throw new DomainError('not_found', `case ${input.caseId} not found`);
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, input.caseId, true))) throw new DomainError('not_found', `case ${input.caseId} not found`);
      const { decision } = await this.raiseOn(m, input.caseId, input, actorOf(identity), correlationId, null);
      return decision!.dispute;
    });
  }

  /**
   * The debtor disputes claims of its case from its page, by the pay link's token alone: the
   * token is looked up as its holder (the pay link's role, walls and rate limit — an unknown
   * token counts as a failure); the dispute is then written as the system acting for the debtor
   * (raisedBy debtor, channel debtor_page) on the link's one case, in its own transaction with
   * the case locked. A claim of another case is a claim the case does not have (BAD_USER_INPUT).
   */
  async raiseByLink(
    token: string,
    input: { claimIds: readonly string[]; reason: string; text?: string | null },
    clientAddress: string,
    correlationId: string,
  ): Promise<Dispute> {
    if (!this.payLinks) throw new DomainError('not_found', 'this link opens nothing');
    const caseId = await this.payLinks.withLink(token, clientAddress, async (_m, link) => link.caseId);
    return this.tenant.run(DEBTOR_PAGE_IDENTITY, async (m) => {
      const [locked] = await m.query(`SELECT id FROM cases.cases WHERE id = $1 FOR UPDATE`, [caseId]);
      if (!locked) throw new DomainError('not_found', 'this link opens nothing');
      const raise: RaiseDispute = {
        disputeId: crypto.randomUUID(),
        claimIds: input.claimIds,
        reason: input.reason,
        text: input.text ?? null,
        raisedBy: 'debtor',
        channel: 'debtor_page',
      };
      const { decision } = await this.raiseOn(m, caseId, raise, DEBTOR_PAGE, correlationId, null);
      return decision!.dispute;
    });
  }

  /**
   * A call logged with a dispute outcome: a dispute of the debtor's on every open claim of the
   * case, in the consumer's transaction — once per call (its source key), and none when nothing is
   * left to dispute (every claim already disputed, recalled or paid, or the case closed).
   */
  async raiseFromCall(m: EntityManager, call: CallLoggedV1, correlationId: string): Promise<Dispute | null> {
    const sourceKey = `call:${call.callId}`;
    const [known] = await m.query(`SELECT id FROM cases.disputes WHERE source_key = $1`, [sourceKey]);
    if (known) return null;
    const [exists] = await m.query(`SELECT id FROM cases.cases WHERE id = $1 FOR UPDATE`, [call.caseId]);
    if (!exists) return null;
    const { kase } = await this.caseOf(m, call.caseId);
    if (kase.closed) return null;
    const taken = new Set(kase.unresolved.flatMap((d) => d.claimIds));
    const claimIds = kase.claims.filter((c) => c.status === 'open' && c.openMinor > 0n && !taken.has(c.id)).map((c) => c.id);
    if (claimIds.length === 0) return null;
    const actor: Actor = { kind: 'system', id: `call:${call.callId}` };
    const input: RaiseDispute = {
      disputeId: crypto.randomUUID(),
      claimIds,
      reason: 'other',
      text: 'raised on a call',
      raisedBy: 'debtor',
      channel: 'phone',
    };
    const { decision } = await this.raiseOn(m, call.caseId, input, actor, correlationId, sourceKey);
    return decision?.dispute ?? null;
  }

  async answer(identity: Identity, disputeId: string, input: AnswerDispute, correlationId: string): Promise<Dispute> {
    return this.change(identity, disputeId, correlationId, (d, kase, ctx) => answerDispute(d, input, kase, ctx));
  }

  async resolve(identity: Identity, disputeId: string, input: ResolveDispute, correlationId: string): Promise<Dispute> {
    return this.change(identity, disputeId, correlationId, (d, kase, ctx) => resolveDispute(d, input, kase, ctx));
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  one(identity: Identity, id: string): Promise<Dispute | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tenant.run(identity, async (m) => {
      const d = await disputeById(m, id);
      return d && (await visibleCaseRow(m, identity, d.caseId)) ? d : null;
    });
  }

  ofCase(identity: Identity, caseId: string): Promise<Dispute[]> {
    if (!isUuid(caseId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => ((await visibleCaseRow(m, identity, caseId)) ? disputesOfCase(m, caseId) : []));
  }

  async list(identity: Identity, q: Omit<DisputeListQuery, 'overdueOn'> & { overdue: boolean }) {
    for (const [field, id] of [
      ['caseId', q.caseId],
      ['clientId', q.clientId],
    ] as const)
      if (id && !isUuid(id)) throw DomainError.invalid([{ field, reason: 'is not an id' }]);
    const { overdue, ...rest } = q;
    return this.tenant.run(identity, (m) =>
      listDisputes(m, caseScope(identity), { ...rest, overdueOn: overdue ? this.clock.today() : null }),
    );
  }

  /** A dispute as the API shows it, today in the agency's calendar. */
  view(d: Dispute): DisputeModel {
    return disputeModelOf(d, this.clock.today());
  }

  /** The client's service level (business days to answer a dispute); the agency and the client's own users. */
  async answerDays(identity: Identity, clientId: string): Promise<number | null> {
    if (identity.role === 'client_user' && !mayActForClient(identity, clientId)) return null;
    return this.tenant.run(identity, (m) => answerDaysOf(m, clientId));
  }

  async setAnswerDays(identity: Identity, clientId: string, days: number): Promise<number> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'the agency admin sets a client’s service level');
    if (!isUuid(clientId)) throw new DomainError('not_found', `client ${clientId} not found`);
    if (!Number.isInteger(days) || days < 1 || days > 60)
      throw DomainError.invalid([{ field: 'businessDays', reason: 'is a whole number of business days from 1 to 60' }]);
    return this.tenant.run(identity, async (m) => {
      const [client] = await m.query(`SELECT id FROM cases.clients WHERE id = $1`, [clientId]);
      if (!client) throw new DomainError('not_found', `client ${clientId} not found`);
      await setAnswerDays(m, clientId, days, `admin:${identity.subject}`, this.clock.now());
      return days;
    });
  }

  // -------------------------------------------------------------------------------------------

  /** Raises a dispute on a case locked by the caller; the decision (null: none raised). */
  private async raiseOn(
    m: EntityManager,
    caseId: string,
    input: RaiseDispute,
    actor: Actor,
    correlationId: string,
    sourceKey: string | null,
  ): Promise<{ decision: DisputeDecision | null }> {
    const now = this.clock.now();
    const today = this.clock.today(now);
    const { row, kase } = await this.caseOf(m, caseId);
    const days = (await answerDaysOf(m, row.client_id)) ?? DEFAULT_ANSWER_DAYS;
    const answerDueOn = businessDaysAfter(this.clock.timeZone, today, days);
    const decision = raiseDispute(kase, input, answerDueOn, { actor, at: now, today });
    await insertDispute(m, decision.dispute, sourceKey);
    // The agent sees the case again once the client's answer is overdue; until then it ranks low.
    const chaseAt = new Date(instantAt(addDays(answerDueOn, 1), 0, this.clock.timeZone));
    await this.restand(m, row, { disputed: true, dueAt: chaseAt });
    await this.record(m, row, decision, correlationId);
    return { decision };
  }

  private async change(
    identity: Identity,
    disputeId: string,
    correlationId: string,
    decide: (d: Dispute, kase: DisputeCase, ctx: { actor: Actor; at: Date; today: string }) => DisputeDecision,
  ): Promise<Dispute> {
    if (!isUuid(disputeId)) throw new DomainError('not_found', `dispute ${disputeId} not found`);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const seen = await disputeById(m, disputeId);
      if (!seen || !(await visibleCaseRow(m, identity, seen.caseId, true)))
        throw new DomainError('not_found', `dispute ${disputeId} not found`);
      const dispute = (await disputeById(m, disputeId, true))!;
      const { row, kase } = await this.caseOf(m, dispute.caseId);
      const decision = decide(dispute, kase, { actor: actorOf(identity), at: now, today: this.clock.today(now) });
      await updateDispute(m, decision.dispute, dispute.version);
      const credits = decision.dispute.resolution && !dispute.resolution ? decision.dispute.resolution.credits : [];
      const credited = await writeCredits(m, row.id, credits);
      const stillDisputed = kase.unresolved.some((d) => d.id !== dispute.id) || isUnresolved(decision.dispute);
      // An answer the agency is to decide on puts the case before its agents now.
      const answeredOnly = decision.dispute.status === 'open' && decision.events.some((e) => e.type === 'DisputeAnswered');
      await this.restand(m, row, { disputed: stillDisputed, dueAt: answeredOnly ? now : null, creditedMinor: credited });
      await this.record(m, row, decision, correlationId);
      if (credited > 0n) await this.closeIfCredited(m, row.id, correlationId);
      return decision.dispute;
    });
  }

  /**
   * A case whose open claims its disputes have all credited to nothing is closed as settled
   * (closeCreditedCase): its journey stops (mayGoOn: the case is closed), communications cancels
   * what was queued (CaseClosed), the pay link's page shows nothing to pay.
   */
  private async closeIfCredited(m: EntityManager, caseId: string, correlationId: string): Promise<void> {
    const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1`, [caseId]);
    if (!row || row.phase === 'closed') return;
    const claims: { id: string; status: 'open' | 'recalled'; left: string }[] = await m.query(
      `SELECT id, status, (principal_minor - credited_minor)::text AS left FROM cases.claims WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
    const open = claims.filter((c) => c.status === 'open');
    if (open.length === 0 || open.some((c) => BigInt(c.left) > 0n)) return;
    const now = this.clock.now();
    const currency = row.currency.trim();
    const d = closeCreditedCase(
      stateOfRow(row, claims),
      { reason: 'every open claim was credited in full by its dispute: nothing is left to collect', currency },
      { actor: CREDITED, at: now, today: this.clock.today(now) },
    );
    const s = d.state;
    await m.query(
      `UPDATE cases.cases SET phase = $2, outcome = $3, close_reason = $4, closed_at = $5, hold_until = NULL, hold_reason = NULL,
              next_action_at = NULL, version = version + 1, updated_at = $5
        WHERE id = $1`,
      [caseId, s.phase, s.closure!.outcome, s.closure!.reason, now],
    );
    await insertAudit(m, [auditRowOf(d.audit)]);
    await this.outbox.append(
      m,
      createEvent(CaseClosed, {
        aggregateId: caseId,
        clientId: row.client_id,
        correlationId,
        occurredAt: now,
        payload: { caseId, outcome: 'settled', reason: s.closure!.reason, balanceMinor: '0', currency, actor: `system:${CREDITED.id}` },
      }),
    );
  }

  /** The case (its row locked by the caller) as a dispute reads it. */
  private async caseOf(m: EntityManager, caseId: string): Promise<{ row: DisputedCaseRow; kase: DisputeCase }> {
    const [row]: DisputedCaseRow[] = await m.query(
      `SELECT c.*, c.open_minor::text AS open_text, d.language AS debtor_language FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = $1`,
      [caseId],
    );
    if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
    const disputes = await disputesOfCase(m, caseId);
    return {
      row,
      kase: {
        caseId,
        clientId: row.client_id,
        brandId: row.brand_id,
        closed: row.phase === 'closed',
        claims: await claimFactsOf(m, caseId),
        unresolved: disputes.filter(isUnresolved).map((d) => ({ id: d.id, claimIds: d.claimIds })),
      },
    };
  }

  /**
   * The case's standing on the worklist: while a dispute is unresolved its last contact says
   * so (it ranks low: its disputed claims are not collected), and it comes due when the agent is
   * to act (the client's answer overdue, an answer to decide on); a credit lowers its principal.
   */
  private async restand(
    m: EntityManager,
    row: CaseRow,
    change: { disputed: boolean; dueAt: Date | null; creditedMinor?: bigint },
  ): Promise<void> {
    const outcome = change.disputed ? 'disputed' : row.last_contact_outcome === 'disputed' ? null : row.last_contact_outcome;
    const open = openMinorOf(row) - (change.creditedMinor ?? 0n);
    const score = storedPriorityScore({
      caseId: row.id,
      openAmount: { amountMinor: open, currency: row.currency.trim() },
      oldestDueDate: String(row.oldest_due_date),
      brokenPromises: Number(row.broken_promises),
      ...(outcome ? { lastContactOutcome: outcome } : {}),
    });
    const dueAt = change.dueAt && row.phase !== 'closed' ? change.dueAt : null;
    await m.query(
      `UPDATE cases.cases SET last_contact_outcome = $2, priority_score = $3,
              next_action_at = CASE WHEN $4::timestamptz IS NULL THEN next_action_at ELSE least(coalesce(next_action_at, $4::timestamptz), $4::timestamptz) END,
              version = version + 1, updated_at = $5
        WHERE id = $1`,
      [row.id, outcome, score, dueAt, this.clock.now()],
    );
  }

  /** The decision's case-history entry and events, in the use case's transaction. */
  private async record(m: EntityManager, row: DisputedCaseRow, d: DisputeDecision, correlationId: string): Promise<void> {
    const a = d.audit;
    const audit: AuditRow = [
      a.caseId,
      a.actor.kind,
      a.actor.id,
      new Date(a.at),
      a.action,
      a.reason,
      a.before ? auditJson(a.before) : null,
      auditJson(a.after),
    ];
    await insertAudit(m, [audit]);
    const events: EventEnvelope[] = envelopesOf(d, {
      currency: row.currency.trim(),
      language: row.debtor_language.trim(),
      actor: `${a.actor.kind}:${a.actor.id}`,
      correlationId,
    });
    await this.outbox.append(m, events);
  }
}
