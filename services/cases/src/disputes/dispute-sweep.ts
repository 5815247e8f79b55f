/**
 * The client's answer overdue, in the scheduler's tick before its pass: a dispute still awaiting
 * the client after the day its answer was due gets a reminder to the client's users (communications
 * e-mails them: DisputeAnswerOverdue stage reminder); a second period of the client's service
 * level later, still unanswered, it goes to the agency's account manager — the admin's
 * `disputes(escalated: true)` list, the case due for its agents now — (stage escalated). Each
 * once, audited, taken by the partial index (FOR UPDATE SKIP LOCKED: a dispute another transaction
 * holds is taken on the next tick).
 */
import type { EntityManager } from 'typeorm';
import { businessDaysAfter, type CalendarDate, type Clock } from '@amicus/calendar';
import { createEvent, DisputeAnswerOverdue, type EventEnvelope } from '@amicus/events';
import { auditJson, insertAudit, type AuditRow } from '../audit/audit-trail';
import { DEFAULT_ANSWER_DAYS } from './service-levels';

export type OverdueStage = 'reminder' | 'escalated';

export interface OverdueFacts {
  status: string;
  answerDueOn: CalendarDate;
  remindedAt: Date | null;
  escalatedAt: Date | null;
}

/**
 * What the sweep does today to a dispute: remind the client once its answer is overdue; escalate
 * once it was reminded and `escalatesOn` (the due day plus the service level again) has passed.
 */
export function overdueStage(d: OverdueFacts, today: CalendarDate, escalatesOn: CalendarDate): OverdueStage | null {
  if (d.status !== 'awaiting_client' || d.escalatedAt || today <= d.answerDueOn) return null;
  if (!d.remindedAt) return 'reminder';
  return today > escalatesOn ? 'escalated' : null;
}

export interface DisputeSweepContext {
  clock: Clock;
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>;
}

interface OverdueRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  claim_ids: string[];
  status: string;
  answer_due_on: string;
  reminded_at: Date | null;
  escalated_at: Date | null;
  case_number: string;
  answer_days: number | null;
}

const ACTOR = { kind: 'system', id: 'dispute-sweep' } as const;

/** Sweeps in batches until nothing more is due; answers how many reminders and escalations it made. */
export async function sweepOverdueDisputes(
  run: <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>,
  ctx: DisputeSweepContext,
  batchSize = 500,
): Promise<{ reminded: number; escalated: number }> {
  const report = { reminded: 0, escalated: 0 };
  let after: { on: string; id: string } | null = null;
  for (;;) {
    const from: { on: string; id: string } | null = after;
    const last: { on: string; id: string } | null = await run((m) => sweepBatch(m, ctx, batchSize, from, report));
    if (!last) return report;
    after = last;
  }
}

async function sweepBatch(
  m: EntityManager,
  ctx: DisputeSweepContext,
  batchSize: number,
  after: { on: string; id: string } | null,
  report: { reminded: number; escalated: number },
): Promise<{ on: string; id: string } | null> {
  const now = ctx.clock.now();
  const today = ctx.clock.today(now);
  const rows: OverdueRow[] = await m.query(
    `SELECT d.id, d.case_id, d.client_id, d.brand_id, d.claim_ids, d.status, d.answer_due_on::text AS answer_due_on, d.reminded_at, d.escalated_at,
            c.case_number::text AS case_number, sl.answer_days
       FROM cases.disputes d JOIN cases.cases c ON c.id = d.case_id
       LEFT JOIN cases.dispute_service_levels sl ON sl.client_id = d.client_id
      WHERE d.status = 'awaiting_client' AND d.escalated_at IS NULL AND d.answer_due_on < $1::date
        AND ($2::date IS NULL OR (d.answer_due_on, d.id) > ($2::date, $3::uuid))
      ORDER BY d.answer_due_on, d.id LIMIT $4 FOR UPDATE OF d SKIP LOCKED`,
    [today, after?.on ?? null, after?.id ?? null, batchSize],
  );
  const audit: AuditRow[] = [];
  const events: EventEnvelope[] = [];
  for (const r of rows) {
    const days = r.answer_days ?? DEFAULT_ANSWER_DAYS;
    const escalatesOn = businessDaysAfter(ctx.clock.timeZone, r.answer_due_on, days);
    const stage = overdueStage(
      { status: r.status, answerDueOn: r.answer_due_on, remindedAt: r.reminded_at, escalatedAt: r.escalated_at },
      today,
      escalatesOn,
    );
    if (!stage) continue;
    const invoices: { invoice_number: string }[] = await m.query(
      `SELECT invoice_number FROM cases.claims WHERE id = ANY($1::uuid[]) ORDER BY due_date, invoice_number`,
      [r.claim_ids],
    );
    const invoiceNumbers = invoices.map((i) => i.invoice_number);
    if (stage === 'reminder') {
      await m.query(`UPDATE cases.disputes SET reminded_at = $2 WHERE id = $1`, [r.id, now]);
      report.reminded++;
    } else {
      await m.query(`UPDATE cases.disputes SET escalated_at = $2 WHERE id = $1`, [r.id, now]);
      // The case before its agents now, as the account manager takes it up.
      await m.query(`UPDATE cases.cases SET next_action_at = least(coalesce(next_action_at, $2), $2) WHERE id = $1 AND phase <> 'closed'`, [
        r.case_id,
        now,
      ]);
      report.escalated++;
    }
    const recipients: { email: string }[] =
      stage === 'reminder'
        ? await m.query(
            `SELECT email FROM cases.users WHERE role = 'client_user' AND client_id = $1 AND disabled_at IS NULL ORDER BY email`,
            [r.client_id],
          )
        : [];
    const why =
      stage === 'reminder'
        ? `the client's answer to the dispute on ${invoiceNumbers.join(', ')} was due on ${r.answer_due_on}: the client is reminded (escalated after ${escalatesOn})`
        : `the client's answer to the dispute on ${invoiceNumbers.join(', ')} is still missing (due ${r.answer_due_on}): it goes to the agency's account manager`;
    audit.push([
      r.case_id,
      ACTOR.kind,
      ACTOR.id,
      now,
      stage === 'reminder' ? 'dispute_reminder' : 'dispute_escalated',
      why,
      null,
      auditJson({ disputeId: r.id, stage, answerDueOn: r.answer_due_on, escalatesOn }),
    ]);
    events.push(
      createEvent(DisputeAnswerOverdue, {
        aggregateId: r.case_id,
        clientId: r.client_id,
        correlationId: crypto.randomUUID(),
        occurredAt: now,
        payload: {
          disputeId: r.id,
          caseId: r.case_id,
          clientId: r.client_id,
          brandId: r.brand_id,
          caseNumber: r.case_number,
          invoiceNumbers,
          answerDueOn: r.answer_due_on,
          stage,
          escalatesOn: stage === 'reminder' ? escalatesOn : null,
          recipients: recipients.map((x) => ({ email: x.email })),
          actor: `${ACTOR.kind}:${ACTOR.id}`,
        },
      }),
    );
  }
  if (audit.length) await insertAudit(m, audit);
  if (events.length) await ctx.publish(m, events);
  const last = rows[rows.length - 1];
  return rows.length === batchSize && last ? { on: last.answer_due_on, id: last.id } : null;
}
