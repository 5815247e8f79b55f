/**
 * One due journey, handled in the scheduler's transaction: its plan (journey-plan.ts) applied —
 * the journey started on its scenario, the communication requested, a call task put on the
 * worklist, legal review asked for; or the step postponed, or the journey stopped — with the
 * case history recording why.
 */
import type { EntityManager } from 'typeorm';
import { CasePhaseChanged, CommunicationRequestedV2, createEvent, type EventEnvelope } from '@amicus/events';
import { uuidV7 } from '@amicus/ids';
import { auditJson, auditRowOf, insertAudit, type AuditRow } from '../audit/audit-trail';
import { changePhase, type Actor, type OpenPhase } from '../case-lifecycle/case-lifecycle';
import { stateOfRow } from '../case-file/case-rows';
import { DEFAULT_TEMPLATE, type ScenarioStep } from '../scenarios/scenario';
import { planJourney, type RequestAmounts, type StepContext } from './journey-plan';
import {
  advanceJourney,
  dueForAgents,
  postponeJourney,
  recordExecution,
  skipToPosition,
  startJourney,
  stopJourney,
  type JourneyCaseRow,
  type JourneyRow,
} from './journey-store';

export type { StepContext } from './journey-plan';
export type StepOutcome = 'started' | 'ran' | 'waited' | 'skipped' | 'review' | 'stopped';

const SCHEDULER: Actor = { kind: 'system', id: 'scheduler' };

export async function handleJourney(m: EntityManager, j: JourneyRow, ctx: StepContext): Promise<StepOutcome> {
  const now = ctx.clock.now();
  const { row, plan } = await planJourney(m, j, ctx, now);
  switch (plan.kind) {
    case 'stop':
      return stop(m, j, plan.status, plan.reason, now);
    case 'pause':
      await postponeJourney(m, j.case_id, plan.until, null, now);
      return 'waited';
    case 'skip':
      await skipToPosition(m, j.case_id, plan.position, now);
      await insertAudit(m, [journeyAudit(j.case_id, now, 'journey_skip', plan.reason, { step: plan.step.key, next: plan.position })]);
      return 'skipped';
    case 'no_scenario':
      await dueForAgents(m, j.case_id, now);
      await insertAudit(m, [journeyAudit(j.case_id, now, 'journey_review', plan.reason, { reason: plan.reason })]);
      return stop(m, j, 'review', plan.reason, now);
    case 'start': {
      const { scenario, position } = plan;
      await startJourney(m, j.case_id, scenario, position, now);
      const after = { scenario: scenario.name, versionId: scenario.versionId, next: position };
      await insertAudit(m, [journeyAudit(j.case_id, now, 'journey_start', `follows ${scenario.name}`, after)]);
      return 'started';
    }
    case 'wait': {
      // A refusal is recorded once per rule; the step comes back when the engine says it may.
      const { answer } = plan;
      if (j.last_refusal !== answer.rule) {
        await insertAudit(m, [journeyAudit(j.case_id, now, 'journey_refused', answer.reason, { step: plan.step.key, ...answer })]);
      }
      await postponeJourney(m, j.case_id, plan.until, answer.rule, now);
      return 'waited';
    }
    case 'review':
      await dueForAgents(m, j.case_id, now);
      await insertAudit(m, [journeyAudit(j.case_id, now, 'journey_review', plan.answer.reason, { step: plan.step.key, ...plan.answer })]);
      return stop(m, j, 'review', `${plan.answer.rule}: ${plan.answer.reason}`, now);
    case 'run': {
      const { step, answer } = plan;
      const versionId = j.scenario_version_id!;
      const requestId = isMessage(step) ? uuidV7(now.getTime()) : null;
      const execution = {
        caseId: j.case_id,
        versionId,
        stepKey: step.key,
        attempt: j.attempt,
        outcome: step.kind,
        requestId,
        decision: answer,
        at: now,
      };
      // The execution's identity (case, version, step, attempt) admits it once: a step that ran is never run again.
      if (await recordExecution(m, execution))
        await execute(m, row!, step, requestId, plan.amounts, now, ctx, `scenario:${versionId}:${step.key}`);
      await advanceJourney(m, j.case_id, step.key, ctx.clock.today(now), plan.position, now);
      return 'ran';
    }
  }
}

async function execute(
  m: EntityManager,
  row: JourneyCaseRow,
  step: ScenarioStep,
  requestId: string | null,
  amounts: RequestAmounts,
  now: Date,
  ctx: StepContext,
  requestedBy: string,
): Promise<void> {
  const events: EventEnvelope[] = [];
  const audit: AuditRow[] = [];
  const today = ctx.clock.today(now);
  if (row.phase === 'placed') await movePhase(m, row, 'amicable', 'its journey began', now, today, events, audit);
  const kind = step.template ?? DEFAULT_TEMPLATE[step.kind];
  if (requestId && kind) {
    const payload = {
      requestId,
      caseId: row.id,
      clientId: row.client_id,
      brandId: row.brand_id,
      kind,
      channel: step.channel,
      requestedBy,
      amounts,
    };
    events.push(createEvent(CommunicationRequestedV2, { aggregateId: row.id, clientId: row.client_id, occurredAt: now, payload }));
  } else if (step.kind === 'call_task') {
    await dueForAgents(m, row.id, now);
  } else if (step.kind === 'review_for_legal' && row.phase === 'amicable') {
    await movePhase(m, row, 'legal_review', 'the scenario asks legal staff to review the case', now, today, events, audit);
  }
  const after = { step: step.key, kind: step.kind, channel: step.channel, requestId };
  audit.push(journeyAudit(row.id, now, 'journey_step', `${step.key} (${step.kind})`, after));
  await insertAudit(m, audit);
  await ctx.publish(m, events);
}

/** A phase change the lifecycle allows, written with its audit entry and event. */
async function movePhase(
  m: EntityManager,
  row: JourneyCaseRow,
  to: OpenPhase,
  reason: string,
  now: Date,
  today: string,
  events: EventEnvelope[],
  audit: AuditRow[],
): Promise<void> {
  const claims: { id: string; status: 'open' | 'recalled' }[] = await m.query(
    `SELECT id, status FROM cases.claims WHERE case_id = $1 ORDER BY id`,
    [row.id],
  );
  const d = changePhase(stateOfRow(row, claims), { to, reason }, { actor: SCHEDULER, at: now, today });
  await m.query(`UPDATE cases.cases SET phase = $2, version = $3, updated_at = $4 WHERE id = $1`, [row.id, to, d.state.version, now]);
  audit.push(auditRowOf(d.audit));
  const payload = { caseId: row.id, from: row.phase, to, reason, actor: `${SCHEDULER.kind}:${SCHEDULER.id}` };
  events.push(createEvent(CasePhaseChanged, { aggregateId: row.id, clientId: row.client_id, occurredAt: now, payload }));
  row.phase = to;
}

const isMessage = (step: ScenarioStep) => step.kind !== 'call_task' && step.kind !== 'review_for_legal';

function journeyAudit(caseId: string, at: Date, action: string, reason: string, after: unknown): AuditRow {
  return [caseId, SCHEDULER.kind, SCHEDULER.id, at, action, reason, null, auditJson(after)];
}

async function stop(m: EntityManager, j: JourneyRow, status: 'review' | 'finished', reason: string, now: Date): Promise<StepOutcome> {
  await stopJourney(m, j.case_id, status, reason, now);
  return status === 'review' ? 'review' : 'stopped';
}
