import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { addDays, Clock, instantAt, type CalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { createEvent, PaymentPlanAgreed, PromiseMade, type CallLoggedV1, type EventEnvelope } from '@amicus/events';
import { Outbox } from '@amicus/messaging';
import { formatMoney } from '@amicus/money';
import { RUNTIME, type RuntimeContext } from '@amicus/service-runtime';
import { auditJson, insertAudit } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { openMinorOf, type CaseRow } from '../case-file/case-rows';
import { PayLinksService } from '../pay-links/pay-links.service';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import { actorOf, isUuid, mayActForClient } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { storedPriorityScore, type ContactOutcome } from '../worklist/worklist';
import {
  outsideLimits,
  planStanding,
  readProposal,
  type CountedPayment,
  type PlanLimits,
  type PlanProposalWire,
  type PlanStanding,
} from './payment-plan';
import {
  countedPayments,
  decidePlan,
  insertPlan,
  insertPromise,
  limitsOf,
  openPromiseOf,
  planById,
  planInForce,
  plansOfCase,
  promisesOfCase,
  replacePromise,
  setLimits,
  type CasePromise,
  type PaymentPlan,
} from './plan-store';
import { firstReminderOn } from './instalment-reminders';
import { promiseCheckOn, readPromise, type PromiseSource } from './promise';

const DEBTOR_PAGE: Actor = { kind: 'system', id: 'debtor_page' };
const DEBTOR_PAGE_IDENTITY: Identity = { subject: 'system:debtor-page', role: 'agency_admin', clientId: null, brandIds: [], email: null };

/** A plan with where it stands today. */
export interface PlanView {
  plan: PaymentPlan;
  standing: PlanStanding;
  today: CalendarDate;
}

/**
 * Plans' and promises' use cases, one tenant transaction each: the case locked, the domain
 * decides (payment-plan.ts, promise.ts), the plan or promise, the case's worklist standing, the
 * case history and the events written together. What happens later (an instalment missed, a
 * promise kept or broken) is the sweep's (plan-sweep.ts).
 *
 * Who: agents (their brands' cases), legal staff (cases with legal) and the admin propose plans
 * and record promises; a plan outside the client's limits waits for an agent, the admin or the
 * client's own user to approve or reject it.
 */
@Injectable()
export class PlansService {
  private readonly outbox: Outbox;

  constructor(
    private readonly tenant: TenantDatabase,
    @Inject(RUNTIME) runtime: Pick<RuntimeContext, 'schema' | 'topicPrefix'>,
    private readonly clock: Clock,
    /** The debtor's page: the pay link's lookup, walls and rate limit. */
    @Optional() private readonly payLinks?: PayLinksService,
  ) {
    this.outbox = new Outbox(runtime.schema, { topicPrefix: runtime.topicPrefix });
  }

  async propose(identity: Identity, caseId: string, wire: PlanProposalWire, correlationId: string): Promise<PlanView> {
    if (identity.role === 'client_user')
      throw new DomainError('forbidden', 'the agency proposes payment plans; the client approves or rejects those that wait');
    return this.onCase(identity, caseId, (m, row) => this.proposeOn(m, row, wire, actorOf(identity), 'agent', correlationId));
  }

  /**
   * A plan proposed on a case locked by the caller: agreed at once within the client's limits,
   * otherwise waiting. Its total is the case's open amount, unless the caller names another
   * (a settlement by instalments: the settled amount).
   */
  async proposeOn(
    m: EntityManager,
    row: CaseRow,
    wire: PlanProposalWire,
    actor: Actor,
    source: PaymentPlan['source'],
    correlationId: string,
    totalMinor: bigint = openMinorOf(row),
  ): Promise<PlanView> {
    const now = this.clock.now();
    const today = this.clock.today(now);
    if (row.phase === 'closed') throw new DomainError('conflict', `case ${row.id} is closed`);
    const inForce = await planInForce(m, row.id);
    if (inForce)
      throw new DomainError(
        'conflict',
        `case ${row.id} has a payment plan ${inForce.status === 'pending' ? 'waiting for approval' : 'agreed'} (${inForce.id})`,
      );
    const currency = row.currency.trim();
    const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
    const read = readProposal(wire, totalMinor, today, money);
    if ('problems' in read) throw DomainError.invalid(read.problems);
    const limits = (await limitsOf(m, row.client_id))!;
    const outside = outsideLimits(read.instalments, limits, today, money);
    const by = `${actor.kind}:${actor.id}`;
    const plan: PaymentPlan = {
      id: crypto.randomUUID(),
      caseId: row.id,
      clientId: row.client_id,
      brandId: row.brand_id,
      currency,
      totalMinor,
      instalments: read.instalments,
      graceDays: limits.graceDays,
      status: outside.length ? 'pending' : 'agreed',
      outsideLimits: outside,
      source,
      proposedOn: today,
      proposedAt: now,
      proposedBy: by,
      agreement: outside.length ? null : 'within_limits',
      decidedAt: outside.length ? null : now,
      decidedBy: outside.length ? null : by,
      decisionReason: null,
      checkAt: null,
      paidMinor: 0n,
      missedSeq: null,
      endedOn: null,
      version: 1,
      referenceNumber: null,
      remindAt: null,
      remindedSeq: 0,
    };
    const payments = (await countedPayments(m, [row.id])).get(row.id) ?? [];
    if (plan.status === 'agreed') Object.assign(plan, this.checkOf(plan, payments, now), { remindAt: this.remindAtOf(plan, now) });
    await insertPlan(m, plan);
    const summary = `${plan.instalments.length} instalment(s) of ${money(totalMinor)} in all, the last on ${plan.instalments.at(-1)!.dueOn}`;
    await insertAudit(m, [
      [
        row.id,
        actor.kind,
        actor.id,
        now,
        'payment_plan_proposed',
        outside.length
          ? `payment plan proposed (${summary}); it waits for approval: ${outside.join('; ')}`
          : `payment plan proposed (${summary})`,
        null,
        auditJson({ planId: plan.id, instalments: plan.instalments, outsideLimits: outside }),
      ],
    ]);
    if (plan.status === 'agreed') await this.agreed(m, row, plan, actor, correlationId);
    // A plan that waits is the agency's to decide: its agents see the case now.
    else await this.restand(m, row, null, now);
    return { plan, standing: planStanding(plan.instalments, payments, today, plan.graceDays, plan.proposedOn), today };
  }

  async approve(identity: Identity, planId: string, correlationId: string): Promise<PlanView> {
    return this.decide(identity, planId, null, correlationId);
  }

  async reject(identity: Identity, planId: string, reason: string, correlationId: string): Promise<PlanView> {
    if (typeof reason !== 'string' || reason.trim() === '') throw DomainError.invalid([{ field: 'reason', reason: 'is required' }]);
    if (reason.length > 2000) throw DomainError.invalid([{ field: 'reason', reason: 'is longer than 2000 characters' }]);
    return this.decide(identity, planId, reason.trim(), correlationId);
  }

  private async decide(identity: Identity, planId: string, rejection: string | null, correlationId: string): Promise<PlanView> {
    if (identity.role === 'legal')
      throw new DomainError('forbidden', 'agents, the admin and the client decide on a payment plan that waits');
    if (!isUuid(planId)) throw new DomainError('not_found', `payment plan ${planId} not found`);
    return this.tenant.run(identity, async (m) => {
      const seen = await planById(m, planId);
      const row = seen && (await visibleCaseRow(m, identity, seen.caseId, true));
      if (!seen || !row) throw new DomainError('not_found', `payment plan ${planId} not found`);
      const plan = (await planById(m, planId, true))!;
      if (plan.status !== 'pending')
        throw new DomainError('conflict', `payment plan ${planId} is ${plan.status}, not waiting for approval`);
      if (row.phase === 'closed') throw new DomainError('conflict', `case ${row.id} is closed`);
      const now = this.clock.now();
      const actor = actorOf(identity);
      const by = `${actor.kind}:${actor.id}`;
      Object.assign(plan, { decidedAt: now, decidedBy: by, decisionReason: rejection });
      const payments = (await countedPayments(m, [row.id])).get(row.id) ?? [];
      if (rejection) plan.status = 'rejected';
      else
        Object.assign(
          plan,
          { status: 'agreed', agreement: 'approved', graceDays: (await limitsOf(m, row.client_id))!.graceDays },
          this.checkOf(plan, payments, now),
          { remindAt: this.remindAtOf(plan, now) },
        );
      await decidePlan(m, plan);
      await insertAudit(m, [
        [
          row.id,
          actor.kind,
          actor.id,
          now,
          rejection ? 'payment_plan_rejected' : 'payment_plan_approved',
          rejection ? `payment plan rejected: ${rejection}` : 'payment plan approved',
          null,
          auditJson({ planId }),
        ],
      ]);
      if (!rejection) await this.agreed(m, row, plan, actor, correlationId);
      const today = this.clock.today(now);
      return { plan, standing: planStanding(plan.instalments, payments, today, plan.graceDays, plan.proposedOn), today };
    });
  }

  async makePromise(
    identity: Identity,
    caseId: string,
    wire: { amountMinor: string; dueOn: string },
    correlationId: string,
  ): Promise<CasePromise> {
    if (identity.role === 'client_user') throw new DomainError('forbidden', 'promises to pay are made to the agency');
    return this.onCase(identity, caseId, async (m, row) => {
      const p = await this.promiseOn(m, row, wire, actorOf(identity), 'agent', null, correlationId);
      if ('problems' in p) throw DomainError.invalid(p.problems);
      return p.promise;
    });
  }

  /**
   * A call logged with a promise to pay (CallLogged), in the consumer's transaction: the promise
   * recorded once per call; none when the case is gone or closed, or the promise cannot stand
   * (its day already past, more than the case has open: the amount is then what is open).
   */
  async promiseFromCall(m: EntityManager, call: CallLoggedV1, correlationId: string): Promise<CasePromise | null> {
    if (call.outcome !== 'promise_to_pay' || !call.promise) return null;
    const sourceKey = `call:${call.callId}`;
    const [known] = await m.query(`SELECT id FROM cases.promises WHERE source_key = $1`, [sourceKey]);
    if (known) return null;
    const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1 FOR UPDATE`, [
      call.caseId,
    ]);
    if (!row || row.phase === 'closed' || openMinorOf(row) <= 0n) return null;
    const asked = BigInt(call.promise.amountMinor);
    const amount = asked > openMinorOf(row) ? openMinorOf(row) : asked;
    if (amount <= 0n) return null;
    const p = await this.promiseOn(
      m,
      row,
      { amountMinor: amount.toString(), dueOn: call.promise.dueDate },
      { kind: 'system', id: sourceKey },
      'call',
      sourceKey,
      correlationId,
    );
    return 'promise' in p ? p.promise : null;
  }

  /** A promise on a case locked by the caller; it replaces the case's open one. */
  async promiseOn(
    m: EntityManager,
    row: CaseRow,
    wire: { amountMinor: string; dueOn: string },
    actor: Actor,
    source: PromiseSource,
    sourceKey: string | null,
    correlationId: string,
  ): Promise<{ promise: CasePromise } | { problems: { field: string; reason: string }[] }> {
    const now = this.clock.now();
    const today = this.clock.today(now);
    if (row.phase === 'closed') throw new DomainError('conflict', `case ${row.id} is closed`);
    const currency = row.currency.trim();
    const money = (amountMinor: bigint) => formatMoney({ amountMinor, currency });
    const read = readPromise(wire, openMinorOf(row), today, money);
    if ('problems' in read) return read;
    const { terms } = read;
    const promise: CasePromise = {
      id: crypto.randomUUID(),
      caseId: row.id,
      clientId: row.client_id,
      brandId: row.brand_id,
      currency,
      amountMinor: terms.amountMinor,
      dueOn: terms.dueOn,
      madeOn: terms.madeOn,
      madeAt: now,
      madeBy: `${actor.kind}:${actor.id}`,
      source,
      status: 'open',
      checkAt: new Date(instantAt(promiseCheckOn(terms), 0, this.clock.timeZone)),
      paidMinor: 0n,
      endedAt: null,
      replacedBy: null,
    };
    const previous = await openPromiseOf(m, row.id);
    if (previous) await replacePromise(m, previous.id, promise.id, now);
    await insertPromise(m, promise, sourceKey);
    await insertAudit(m, [
      [
        row.id,
        actor.kind,
        actor.id,
        now,
        'promise_made',
        `the debtor promised to pay ${money(terms.amountMinor)} by ${terms.dueOn}${previous ? ` (replacing the promise of ${money(previous.amountMinor)} by ${previous.dueOn})` : ''}; collection waits until the day after`,
        null,
        auditJson({ promiseId: promise.id, amountMinor: terms.amountMinor.toString(), dueOn: terms.dueOn, source }),
      ],
    ]);
    // The worklist: a promise ranks the case low, and it comes back the day after the promised date.
    await this.restand(m, row, 'promise_to_pay', promise.checkAt!);
    await this.outbox.append(m, [
      createEvent(PromiseMade, {
        aggregateId: row.id,
        clientId: row.client_id,
        occurredAt: now,
        correlationId,
        payload: {
          promiseId: promise.id,
          caseId: row.id,
          clientId: row.client_id,
          brandId: row.brand_id,
          amountMinor: terms.amountMinor.toString(),
          currency,
          dueOn: terms.dueOn,
          source,
          replaces: previous?.id ?? null,
          actor: promise.madeBy,
        },
      }),
    ]);
    return { promise };
  }

  // -------------------------------------------------------------------------------------------
  // The debtor's page: by the pay link's token alone

  /** The debtor promises to pay by a date on its page (anonymous: the token opens its one case). */
  async promiseByLink(
    token: string,
    wire: { amountMinor: string; dueOn: string },
    clientAddress: string,
    correlationId: string,
  ): Promise<CasePromise> {
    return this.byLink(token, clientAddress, async (m, row) => {
      const p = await this.promiseOn(m, row, wire, DEBTOR_PAGE, 'debtor_page', null, correlationId);
      if ('problems' in p) throw DomainError.invalid(p.problems);
      return p.promise;
    });
  }

  /** The debtor proposes a plan on its page: agreed at once within the client's limits, else it waits for the agency. */
  async proposeByLink(token: string, wire: PlanProposalWire, clientAddress: string, correlationId: string): Promise<PlanView> {
    return this.byLink(token, clientAddress, (m, row) => this.proposeOn(m, row, wire, DEBTOR_PAGE, 'debtor_page', correlationId));
  }

  /**
   * What the debtor arranged on its case, for its page after a reload: the plan in force (pending
   * or agreed) and the open promise — read by the link's token alone, like the statement.
   */
  async arrangementsByLink(token: string, clientAddress: string): Promise<{ plan: PlanView | null; promise: CasePromise | null }> {
    if (!this.payLinks) throw new DomainError('not_found', 'this link opens nothing');
    const caseId = await this.payLinks.withLink(token, clientAddress, async (_m, link) => link.caseId);
    // The pay link's role reads no plan (its wall); the system reads the link's one case for it.
    return this.tenant.run(DEBTOR_PAGE_IDENTITY, async (m) => {
      const plan = (await plansOfCase(m, caseId)).filter((p) => p.status === 'pending' || p.status === 'agreed').at(-1) ?? null;
      const promise = (await promisesOfCase(m, caseId)).find((p) => p.status === 'open') ?? null;
      const today = this.clock.today();
      const payments = plan ? ((await countedPayments(m, [caseId])).get(caseId) ?? []) : [];
      const view = plan && { plan, standing: planStanding(plan.instalments, payments, today, plan.graceDays, plan.proposedOn), today };
      return { plan: view, promise };
    });
  }

  /**
   * The token is looked up as its holder (the pay link's role, walls and rate limit); the change
   * to its one case is then written as the system acting for the debtor, in its own transaction
   * with the case locked (the pay link's role writes nothing of a case).
   */
  private async byLink<T>(token: string, clientAddress: string, work: (m: EntityManager, row: CaseRow) => Promise<T>): Promise<T> {
    if (!this.payLinks) throw new DomainError('not_found', 'this link opens nothing');
    const caseId = await this.payLinks.withLink(token, clientAddress, async (_m, link) => link.caseId);
    return this.tenant.run(DEBTOR_PAGE_IDENTITY, async (m) => {
      const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1 FOR UPDATE`, [
        caseId,
      ]);
      if (!row) throw new DomainError('not_found', 'this link opens nothing');
      return work(m, row);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** The case's latest plan (in force, or the last that ended), with where it stands today. */
  async planOf(identity: Identity, caseId: string): Promise<PlanView | null> {
    const views = await this.plansOf(identity, caseId);
    return views.at(-1) ?? null;
  }

  plansOf(identity: Identity, caseId: string): Promise<PlanView[]> {
    if (!isUuid(caseId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      const plans = await plansOfCase(m, caseId);
      if (plans.length === 0) return [];
      const payments = (await countedPayments(m, [caseId])).get(caseId) ?? [];
      const today = this.clock.today();
      return plans.map((plan) => ({
        plan,
        standing: planStanding(plan.instalments, payments, today, plan.graceDays, plan.proposedOn),
        today,
      }));
    });
  }

  promisesOf(identity: Identity, caseId: string): Promise<CasePromise[]> {
    if (!isUuid(caseId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => ((await visibleCaseRow(m, identity, caseId)) ? promisesOfCase(m, caseId) : []));
  }

  async brokenPromises(identity: Identity, caseId: string): Promise<number | null> {
    if (!isUuid(caseId)) return null;
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId);
      return row ? Number(row.broken_promises) : null;
    });
  }

  async limits(identity: Identity, clientId: string): Promise<PlanLimits | null> {
    if (identity.role === 'client_user' && !mayActForClient(identity, clientId)) return null;
    if (!isUuid(clientId)) return null;
    return this.tenant.run(identity, (m) => limitsOf(m, clientId));
  }

  async setLimits(
    identity: Identity,
    clientId: string,
    input: { maxMonths: number; minInstalmentMinor: string; downPaymentRequired: boolean; graceDays: number },
  ): Promise<PlanLimits> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'the agency admin sets a client’s payment plan limits');
    if (!isUuid(clientId)) throw new DomainError('not_found', `client ${clientId} not found`);
    const problems: { field: string; reason: string }[] = [];
    if (!Number.isInteger(input.maxMonths) || input.maxMonths < 1 || input.maxMonths > 120)
      problems.push({ field: 'input.maxMonths', reason: 'is a whole number of months from 1 to 120' });
    if (!/^\d{1,15}$/.test(input.minInstalmentMinor))
      problems.push({ field: 'input.minInstalmentMinor', reason: 'is an amount in minor units (0 or more)' });
    if (!Number.isInteger(input.graceDays) || input.graceDays < 0 || input.graceDays > 60)
      problems.push({ field: 'input.graceDays', reason: 'is a whole number of days from 0 to 60' });
    if (problems.length) throw DomainError.invalid(problems);
    const limits: PlanLimits = {
      maxMonths: input.maxMonths,
      minInstalmentMinor: BigInt(input.minInstalmentMinor),
      downPaymentRequired: input.downPaymentRequired,
      graceDays: input.graceDays,
    };
    return this.tenant.run(identity, async (m) => {
      const [client] = await m.query(`SELECT id FROM cases.clients WHERE id = $1`, [clientId]);
      if (!client) throw new DomainError('not_found', `client ${clientId} not found`);
      await setLimits(m, clientId, limits, `admin:${identity.subject}`, this.clock.now());
      return limits;
    });
  }

  // -------------------------------------------------------------------------------------------

  private onCase<T>(identity: Identity, caseId: string, work: (m: EntityManager, row: CaseRow) => Promise<T>): Promise<T> {
    if (!isUuid(caseId)) return Promise.reject(new DomainError('not_found', `case ${caseId} not found`));
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId, true);
      if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
      return work(m, row);
    });
  }

  /** An agreed plan's first check: the day after its first instalment's grace ends (now, when payments already settle it). */
  private checkOf(plan: PaymentPlan, payments: readonly CountedPayment[], now: Date): Pick<PaymentPlan, 'checkAt' | 'paidMinor'> {
    const s = planStanding(plan.instalments, payments, this.clock.today(now), plan.graceDays, plan.proposedOn);
    return { checkAt: s.checkOn ? new Date(instantAt(s.checkOn, 0, this.clock.timeZone)) : now, paidMinor: s.paidMinor };
  }

  /** An agreed plan's first reminder (instalment-reminders.ts): REMINDER_LEAD_DAYS before the first instalment that gets one. */
  private remindAtOf(plan: PaymentPlan, now: Date): Date | null {
    const on = firstReminderOn(plan.instalments, this.clock.today(now));
    return on ? new Date(instantAt(on, 0, this.clock.timeZone)) : null;
  }

  /** An agreed plan: the open promise gives way to it, the case ranks low, PaymentPlanAgreed. */
  private async agreed(m: EntityManager, row: CaseRow, plan: PaymentPlan, actor: Actor, correlationId: string): Promise<void> {
    const now = this.clock.now();
    const open = await openPromiseOf(m, row.id);
    if (open) await replacePromise(m, open.id, plan.id, now);
    await this.restand(
      m,
      row,
      'payment_plan_agreed',
      new Date(instantAt(addDays(plan.instalments.at(-1)!.dueOn, 1), 0, this.clock.timeZone)),
    );
    const events: EventEnvelope[] = [
      createEvent(PaymentPlanAgreed, {
        aggregateId: row.id,
        clientId: row.client_id,
        occurredAt: now,
        correlationId,
        payload: {
          planId: plan.id,
          caseId: row.id,
          clientId: row.client_id,
          brandId: row.brand_id,
          currency: plan.currency,
          totalMinor: plan.totalMinor.toString(),
          instalments: plan.instalments.map((i) => ({
            seq: i.seq,
            dueOn: i.dueOn,
            amountMinor: i.amountMinor.toString(),
            downPayment: i.downPayment,
          })),
          graceDays: plan.graceDays,
          agreement: plan.agreement!,
          proposedBy: plan.proposedBy,
          actor: `${actor.kind}:${actor.id}`,
          ...(plan.referenceNumber !== null && { referenceNumber: plan.referenceNumber.toString() }),
        },
      }),
    ];
    await this.outbox.append(m, events);
  }

  /** The case's worklist standing: its last contact (null: as it is), the score, and when its agents look at it next. */
  private async restand(m: EntityManager, row: CaseRow, outcome: ContactOutcome | null, nextActionAt: Date): Promise<void> {
    const last = outcome ?? row.last_contact_outcome;
    const score = storedPriorityScore({
      caseId: row.id,
      openAmount: { amountMinor: openMinorOf(row), currency: row.currency.trim() },
      oldestDueDate: String(row.oldest_due_date),
      brokenPromises: Number(row.broken_promises),
      ...(last ? { lastContactOutcome: last } : {}),
    });
    await m.query(
      `UPDATE cases.cases SET last_contact_outcome = $2, priority_score = $3, next_action_at = $4, updated_at = $5 WHERE id = $1`,
      [row.id, last, score, nextActionAt, this.clock.now()],
    );
  }
}
