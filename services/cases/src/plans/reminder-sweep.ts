/**
 * The reminders before instalments, in the scheduler's tick: the agreed plans due for one are
 * taken by the partial index on `remind_at` (FOR UPDATE SKIP LOCKED: a plan another transaction
 * holds waits for the next tick), judged as values (instalment-reminders.ts) on the case's
 * standing payments, and written back: the last instalment dealt with, the next reminder's day,
 * the case history and InstalmentDue for communications — each instalment once.
 */
import type { EntityManager } from 'typeorm';
import { instantAt } from '@amicus/calendar';
import { createEvent, InstalmentDue, type EventEnvelope } from '@amicus/events';
import { formatMoney } from '@amicus/money';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import { instalmentReminders } from './instalment-reminders';
import { planStanding } from './payment-plan';
import { countedPayments, PLAN_COLUMNS, planOfRow } from './plan-store';
import type { SweepContext } from './plan-sweep';

export async function sweepInstalmentReminders(
  run: <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>,
  ctx: SweepContext,
  batchSize = 500,
): Promise<{ reminded: number }> {
  let reminded = 0;
  for (;;) {
    const { taken, sent } = await run((m) => remindBatch(m, ctx, batchSize));
    reminded += sent;
    if (taken < batchSize) return { reminded };
  }
}

async function remindBatch(m: EntityManager, ctx: SweepContext, limit: number): Promise<{ taken: number; sent: number }> {
  const now = ctx.clock.now();
  const today = ctx.clock.today(now);
  const tz = ctx.clock.timeZone;
  const plans = (
    (await m.query(
      `SELECT ${PLAN_COLUMNS} FROM cases.payment_plans WHERE status = 'agreed' AND remind_at <= $1 ORDER BY remind_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    )) as Parameters<typeof planOfRow>[0][]
  ).map(planOfRow);
  if (plans.length === 0) return { taken: 0, sent: 0 };
  const paid = await countedPayments(
    m,
    plans.map((p) => p.caseId),
  );
  const events: EventEnvelope[] = [];
  const audit: AuditRow[] = [];
  const updates: { id: string; remindedSeq: number; remindAt: Date | null }[] = [];
  for (const plan of plans) {
    const standing = planStanding(plan.instalments, paid.get(plan.caseId) ?? [], today, plan.graceDays, plan.proposedOn);
    const agreedOn = ctx.clock.today(plan.decidedAt ?? plan.proposedAt);
    const d = instalmentReminders(standing.instalments, plan.remindedSeq, agreedOn, today);
    updates.push({ id: plan.id, remindedSeq: d.remindedSeq, remindAt: d.nextOn ? new Date(instantAt(d.nextOn, 0, tz)) : null });
    for (const r of d.remind) {
      events.push(
        createEvent(InstalmentDue, {
          aggregateId: plan.caseId,
          clientId: plan.clientId,
          occurredAt: now,
          payload: {
            planId: plan.id,
            caseId: plan.caseId,
            clientId: plan.clientId,
            seq: r.seq,
            dueOn: r.dueOn,
            amountMinor: r.amountMinor.toString(),
            openMinor: r.openMinor.toString(),
            currency: plan.currency,
            referenceNumber: plan.referenceNumber?.toString() ?? null,
          },
        }),
      );
      audit.push([
        plan.caseId,
        'system',
        'plans',
        now,
        'instalment_reminded',
        `instalment ${r.seq} of the payment plan (${formatMoney({ amountMinor: r.openMinor, currency: plan.currency })} still to pay) falls due on ${r.dueOn}: the debtor is reminded`,
        null,
        auditJson({ planId: plan.id, seq: r.seq, dueOn: r.dueOn, openMinor: r.openMinor.toString() }),
      ]);
    }
  }
  await m.query(
    `UPDATE cases.payment_plans p SET reminded_seq = u.seq, remind_at = u.remind_at
       FROM unnest($1::uuid[], $2::int[], $3::timestamptz[]) AS u(id, seq, remind_at) WHERE p.id = u.id`,
    [updates.map((u) => u.id), updates.map((u) => u.remindedSeq), updates.map((u) => u.remindAt)],
  );
  await insertAudit(m, audit);
  await ctx.publish(m, events);
  return { taken: plans.length, sent: events.length };
}
