/**
 * The plans and promises due for a check, in the scheduler's tick before its pass: taken by the
 * partial indexes on `check_at` (FOR UPDATE SKIP LOCKED, their cases too — a case another
 * transaction holds is checked on the next tick, so the sweep never waits and never deadlocks
 * with a payment), judged as values (payment-plan.ts, promise.ts) on the cases' standing
 * payments, and written back set-based: a kept plan's next check, a missed instalment breaking
 * its plan, a plan completed, a promise kept or broken (counted on the case, its worklist score
 * and standing), the journeys woken where they stopped, the case history and the events.
 */
import type { EntityManager } from 'typeorm';
import { instantAt, type Clock } from '@amicus/calendar';
import { formatMoney } from '@amicus/money';
import {
  createEvent,
  InstalmentMissed,
  PaymentPlanBroken,
  PaymentPlanCompleted,
  PromiseBroken,
  PromiseKept,
  type EventEnvelope,
} from '@amicus/events';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import { storedPriorityScore } from '../worklist/worklist';
import { nextPlanOutcome, planStanding } from './payment-plan';
import {
  countedPayments,
  PLAN_COLUMNS,
  planOfRow,
  PROMISE_COLUMNS,
  promiseOfRow,
  wakeJourneys,
  writePlanChecks,
  writePromiseChecks,
  type PlanCheck,
  type PromiseCheck,
} from './plan-store';
import { promiseCheckOn, promiseOutcome } from './promise';

export interface SweepContext {
  clock: Clock;
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>;
}

export interface SweepReport {
  plansChecked: number;
  plansBroken: number;
  plansCompleted: number;
  promisesChecked: number;
  promisesKept: number;
  promisesBroken: number;
}

const SWEEP = ['system', 'plans'] as const;

/** Sweeps in batches until nothing more is due; each batch is one transaction of `run`. */
export async function sweepPlansAndPromises(
  run: <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>,
  ctx: SweepContext,
  batchSize = 500,
): Promise<SweepReport> {
  const report: SweepReport = {
    plansChecked: 0,
    plansBroken: 0,
    plansCompleted: 0,
    promisesChecked: 0,
    promisesKept: 0,
    promisesBroken: 0,
  };
  for (;;) {
    // Another batch only after a full one was all checked: one whose cases were busy waits for the next tick.
    const checked = await run((m) => sweepBatch(m, ctx, batchSize, report));
    if (checked < batchSize) return report;
  }
}

interface CaseStanding {
  id: string;
  client_id: string;
  currency: string;
  open_text: string;
  oldest_due_date: string;
  broken_promises: number;
  phase: string;
}

/**
 * A closed case's plan or promise that would break now is set aside instead, unchecked (no
 * event, nothing counted: a recalled or written-off case is no debtor's broken word). A payment
 * undone that opens the case again asks for a check at once (`checkSoon`).
 */
const SET_ASIDE = new Date('9999-12-31T00:00:00Z');

async function sweepBatch(m: EntityManager, ctx: SweepContext, limit: number, report: SweepReport): Promise<number> {
  const now = ctx.clock.now();
  const today = ctx.clock.today(now);
  const tz = ctx.clock.timeZone;
  const plans = (
    (await m.query(
      `SELECT ${PLAN_COLUMNS} FROM cases.payment_plans WHERE status = 'agreed' AND check_at <= $1 ORDER BY check_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )) as Parameters<typeof planOfRow>[0][]
  ).map(planOfRow);
  const promises = (
    (await m.query(
      `SELECT ${PROMISE_COLUMNS} FROM cases.promises WHERE status = 'open' AND check_at <= $1 ORDER BY check_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )) as Parameters<typeof promiseOfRow>[0][]
  ).map(promiseOfRow);
  if (plans.length === 0 && promises.length === 0) return 0;
  const before = { plans: report.plansChecked, promises: report.promisesChecked };
  const wanted = [...new Set([...plans.map((p) => p.caseId), ...promises.map((p) => p.caseId)])];
  const cases = new Map(
    (
      (await m.query(
        `SELECT id, client_id, currency, open_minor::text AS open_text, oldest_due_date::text, broken_promises, phase FROM cases.cases
          WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE SKIP LOCKED`,
        [wanted],
      )) as CaseStanding[]
    ).map((c) => [c.id, c]),
  );
  const paid = await countedPayments(m, [...cases.keys()]);
  const events: EventEnvelope[] = [];
  const audit: AuditRow[] = [];
  const wake: string[] = [];
  const planChecks: PlanCheck[] = [];
  const promiseChecks: PromiseCheck[] = [];
  const brokenOn = new Map<string, number>();
  const base = (caseId: string, clientId: string) => ({ aggregateId: caseId, clientId, occurredAt: now });
  const money = (amountMinor: bigint, currency: string) => formatMoney({ amountMinor, currency });

  for (const plan of plans) {
    const kase = cases.get(plan.caseId);
    if (!kase) continue; // its case is busy: the next tick
    report.plansChecked++;
    const s = planStanding(plan.instalments, paid.get(plan.caseId) ?? [], today, plan.graceDays, plan.proposedOn);
    const outcome = nextPlanOutcome('kept', s);
    const check: PlanCheck = { id: plan.id, status: 'agreed', checkAt: null, paidMinor: s.paidMinor, missedSeq: null, endedOn: null };
    if (outcome === 'kept') {
      check.checkAt = new Date(instantAt(s.checkOn!, 0, tz));
    } else if (outcome === 'broken' && kase.phase === 'closed') {
      check.checkAt = SET_ASIDE;
    } else if (outcome === 'broken') {
      const missed = s.missed!;
      const i = plan.instalments.find((x) => x.seq === missed.seq)!;
      Object.assign(check, { status: 'broken', missedSeq: missed.seq, endedOn: missed.brokeOn });
      const reason = `instalment ${i.seq} of ${money(i.amountMinor, plan.currency)} due ${i.dueOn} was not paid within ${plan.graceDays} days`;
      events.push(
        createEvent(InstalmentMissed, {
          ...base(plan.caseId, plan.clientId),
          payload: {
            planId: plan.id,
            caseId: plan.caseId,
            seq: i.seq,
            dueOn: i.dueOn,
            amountMinor: i.amountMinor.toString(),
            paidMinor: missed.paidMinor.toString(),
            currency: plan.currency,
            graceDays: plan.graceDays,
          },
        }),
        createEvent(PaymentPlanBroken, {
          ...base(plan.caseId, plan.clientId),
          payload: {
            planId: plan.id,
            caseId: plan.caseId,
            missedSeq: i.seq,
            brokeOn: missed.brokeOn,
            paidMinor: s.paidMinor.toString(),
            currency: plan.currency,
            reason,
          },
        }),
      );
      audit.push(
        entry(plan.caseId, now, 'payment_plan_broken', `the payment plan is broken: ${reason}; collection goes on`, {
          planId: plan.id,
          missed,
        }),
      );
      wake.push(plan.caseId);
      brokenOn.set(plan.caseId, brokenOn.get(plan.caseId) ?? 0);
      report.plansBroken++;
    } else {
      Object.assign(check, { status: 'completed', endedOn: today });
      events.push(
        createEvent(PaymentPlanCompleted, {
          ...base(plan.caseId, plan.clientId),
          payload: { planId: plan.id, caseId: plan.caseId, paidMinor: s.paidMinor.toString(), currency: plan.currency, completedOn: today },
        }),
      );
      audit.push(
        entry(plan.caseId, now, 'payment_plan_completed', `the payment plan is paid (${money(s.paidMinor, plan.currency)})`, {
          planId: plan.id,
        }),
      );
      wake.push(plan.caseId);
      report.plansCompleted++;
    }
    planChecks.push(check);
  }

  for (const p of promises) {
    const kase = cases.get(p.caseId);
    if (!kase) continue;
    report.promisesChecked++;
    const counted = paid.get(p.caseId) ?? [];
    const terms = { amountMinor: p.amountMinor, dueOn: p.dueOn, madeOn: p.madeOn };
    const outcome = promiseOutcome(terms, counted, today);
    const paidMinor = counted.reduce((s, x) => (x.receivedOn >= p.madeOn && x.receivedOn <= p.dueOn ? s + x.amountMinor : s), 0n);
    const payload = {
      promiseId: p.id,
      caseId: p.caseId,
      amountMinor: p.amountMinor.toString(),
      paidMinor: paidMinor.toString(),
      currency: p.currency,
      dueOn: p.dueOn,
    };
    if (outcome === 'open' || (outcome === 'broken' && kase.phase === 'closed')) {
      promiseChecks.push({
        id: p.id,
        status: 'open',
        checkAt: outcome === 'open' ? new Date(instantAt(promiseCheckOn(terms), 0, tz)) : SET_ASIDE,
        paidMinor,
        endedAt: null,
      });
    } else if (outcome === 'kept') {
      promiseChecks.push({ id: p.id, status: 'kept', checkAt: null, paidMinor, endedAt: now });
      events.push(createEvent(PromiseKept, { ...base(p.caseId, p.clientId), payload }));
      audit.push(
        entry(
          p.caseId,
          now,
          'promise_kept',
          `the debtor kept the promise to pay ${money(p.amountMinor, p.currency)} by ${p.dueOn}`,
          payload,
        ),
      );
      report.promisesKept++;
    } else {
      promiseChecks.push({ id: p.id, status: 'broken', checkAt: null, paidMinor, endedAt: now });
      const count = kase.broken_promises + (brokenOn.get(p.caseId) ?? 0) + 1;
      brokenOn.set(p.caseId, count - kase.broken_promises);
      events.push(createEvent(PromiseBroken, { ...base(p.caseId, p.clientId), payload: { ...payload, brokenPromises: count } }));
      audit.push(
        entry(
          p.caseId,
          now,
          'promise_broken',
          `the debtor did not pay the ${money(p.amountMinor, p.currency)} promised by ${p.dueOn} (${money(paidMinor, p.currency)} came in); collection goes on`,
          payload,
        ),
      );
      wake.push(p.caseId);
      report.promisesBroken++;
    }
  }

  await writePlanChecks(m, planChecks);
  await writePromiseChecks(m, promiseChecks);
  await restand(
    m,
    [...brokenOn].map(([id, added]) => ({ kase: cases.get(id)!, added })),
    now,
  );
  await wakeJourneys(m, wake, now);
  await insertAudit(m, audit);
  await ctx.publish(m, events);
  return Math.max(report.plansChecked - before.plans, report.promisesChecked - before.promises);
}

/**
 * A case whose promise or plan broke: its broken promises counted, last contact `promise_broken`,
 * the worklist score recomputed (worklist.ts) and due for its agents now — one statement.
 */
async function restand(m: EntityManager, changes: { kase: CaseStanding; added: number }[], now: Date): Promise<void> {
  if (changes.length === 0) return;
  const rows = changes.map(({ kase, added }) => {
    const broken = kase.broken_promises + added;
    const score = storedPriorityScore({
      caseId: kase.id,
      openAmount: { amountMinor: BigInt(kase.open_text), currency: kase.currency.trim() },
      oldestDueDate: kase.oldest_due_date,
      brokenPromises: broken,
      lastContactOutcome: 'promise_broken',
    });
    return { id: kase.id, broken, score };
  });
  await m.query(
    `UPDATE cases.cases c SET broken_promises = u.broken, priority_score = u.score, last_contact_outcome = 'promise_broken',
            next_action_at = least(coalesce(c.next_action_at, $4), $4), updated_at = $4
       FROM unnest($1::uuid[], $2::int[], $3::bigint[]) AS u(id, broken, score) WHERE c.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => r.broken), rows.map((r) => r.score), now],
  );
}

function entry(caseId: string, at: Date, action: string, reason: string, after: unknown): AuditRow {
  return [caseId, SWEEP[0], SWEEP[1], at, action, reason, null, auditJson(after)];
}
