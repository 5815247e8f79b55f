/**
 * Due journeys handled in the scheduler's transaction, a batch at a time: each one's plan
 * (journey-plan.ts) turned into what it writes — the journey started on its scenario, the
 * communication requested, a call task put on the worklist, legal review asked for; or the
 * step postponed, passed over, or the journey stopped, with the case history saying why — and
 * the batch's writes made set-based, a few statements for the whole batch.
 *
 * Exactly once: a step's execution is inserted under its identity (case, version, step,
 * attempt) before anything it causes; what an execution that was already there would cause
 * (the request, the phase change, the worklist) is dropped, and the journey still moves on.
 */
import type { EntityManager } from 'typeorm';
import {
  CasePhaseChanged,
  CommunicationRequestedV2,
  CommunicationRequestedV3,
  isKindOfV2,
  createEvent,
  type EventEnvelope,
} from '@amicus/events';
import { uuidV7 } from '@amicus/ids';
import { auditJson, auditRowOf, insertAudit, type AuditRow } from '../audit/audit-trail';
import { changePhase, type Actor, type OpenPhase } from '../case-lifecycle/case-lifecycle';
import { stateOfRow } from '../case-file/case-rows';
import { DEFAULT_TEMPLATE, type ScenarioStep } from '../scenarios/scenario';
import { loadPlanInputs, planOne, type Planned, type StepContext } from './journey-plan';
import {
  recordExecutions,
  updateCases,
  writeJourneys,
  type ExecutionRow,
  type JourneyCaseRow,
  type JourneyRow,
  type JourneyWrite,
} from './journey-store';
import type { Position } from './journey';
import { proposeFromJourney } from '../escalation/escalation-writes';

export type { StepContext } from './journey-plan';
export type StepOutcome = 'started' | 'ran' | 'waited' | 'skipped' | 'review' | 'stopped';

const SCHEDULER: Actor = { kind: 'system', id: 'scheduler' };

/** What one journey's plan writes; `caused` only when its execution is admitted (a step runs once). */
export interface JourneyWrites {
  outcome: StepOutcome;
  journey: JourneyWrite;
  audit: AuditRow[];
  /** From when the case is due on its brand's agents' worklists. */
  agentsFrom: Date | null;
  execution: ExecutionRow | null;
  caused: { audit: AuditRow[]; events: EventEnvelope[]; phase: CaseWrite | null; agentsFrom: Date | null };
}

/** A case row the scheduler changes: its phase (with the lifecycle's version) and when agents look at it. */
export interface CaseWrite {
  id: string;
  phase: string;
  version: number;
}

/** Handles a batch of due journeys (locked by the caller) at the clock's now; the outcome of each, in order. */
export async function handleJourneys(m: EntityManager, journeys: readonly JourneyRow[], ctx: StepContext): Promise<StepOutcome[]> {
  const now = ctx.clock.now();
  const inputs = await loadPlanInputs(m, journeys, ctx, true);
  const writes = journeys.map((j) => writesOf(j, planOne(j, inputs, ctx, now), ctx, now));
  await applyWrites(m, writes, ctx, now);
  return writes.map((w) => w.outcome);
}

/** What a plan writes (reads nothing; request ids and events are made here). */
export function writesOf(j: JourneyRow, { row, plan }: Planned, ctx: StepContext, now: Date): JourneyWrites {
  const w: JourneyWrites = {
    outcome: 'waited',
    journey: { ...keep(j) },
    audit: [],
    agentsFrom: null,
    execution: null,
    caused: { audit: [], events: [], phase: null, agentsFrom: null },
  };
  const stop = (status: 'review' | 'finished', reason: string) => {
    Object.assign(w.journey, { status, next_step_at: null, reason });
    w.outcome = status === 'review' ? 'review' : 'stopped';
  };
  switch (plan.kind) {
    case 'stop':
      stop(plan.status, plan.reason);
      break;
    case 'pause':
      // The reason says the journey is paused (Case.journey shows it); a plan or promise that ends badly wakes such a journey (plans/).
      Object.assign(w.journey, { next_step_at: new Date(plan.until), reason: plan.reason });
      break;
    case 'skip':
      Object.assign(w.journey, at(plan.position, 'no later step of the scenario applies to this case'), {
        last_refusal: null,
        attempt: 1,
        channel_override: null,
      });
      w.audit.push(journeyAudit(j.case_id, now, 'journey_skip', plan.reason, { step: plan.step.key, next: plan.position }));
      w.outcome = 'skipped';
      break;
    case 'no_scenario':
      w.agentsFrom = now;
      w.audit.push(journeyAudit(j.case_id, now, 'journey_review', plan.reason, { reason: plan.reason }));
      stop('review', plan.reason);
      break;
    case 'start': {
      const { scenario, position } = plan;
      Object.assign(w.journey, at(position, 'no step of the scenario applies to this case'), {
        scenario_version_id: scenario.versionId,
        scenario_name: scenario.name,
        steps: scenario.steps,
      });
      const after = { scenario: scenario.name, versionId: scenario.versionId, next: position };
      w.audit.push(journeyAudit(j.case_id, now, 'journey_start', `follows ${scenario.name}`, after));
      w.outcome = 'started';
      break;
    }
    case 'wait': {
      // A refusal is recorded once per rule; the step comes back when the engine says it may.
      const { answer } = plan;
      if (j.last_refusal !== answer.rule)
        w.audit.push(journeyAudit(j.case_id, now, 'journey_refused', answer.reason, { step: plan.step.key, ...answer }));
      Object.assign(w.journey, { next_step_at: new Date(plan.until), last_refusal: answer.rule, reason: null });
      break;
    }
    case 'review':
      w.agentsFrom = now;
      w.audit.push(journeyAudit(j.case_id, now, 'journey_review', plan.answer.reason, { step: plan.step.key, ...plan.answer }));
      stop('review', `${plan.answer.rule}: ${plan.answer.reason}`);
      break;
    case 'run': {
      const { step, answer } = plan;
      const versionId = j.scenario_version_id!;
      const requestId = isMessage(step) ? uuidV7(now.getTime()) : null;
      w.execution = {
        caseId: j.case_id,
        versionId,
        stepKey: step.key,
        attempt: j.attempt,
        outcome: step.kind,
        requestId,
        decision: answer,
        at: now,
      };
      w.caused = caused(row!, plan, requestId, now, ctx, `scenario:${versionId}:${step.key}`);
      Object.assign(w.journey, at(plan.position, 'the scenario has run out'), {
        last_step_key: step.key,
        last_step_on: ctx.clock.today(now),
        last_refusal: null,
        attempt: 1,
        reacted: false,
        channel_override: null,
        waiting_until: null,
        waiting_reason: null,
      });
      w.outcome = 'ran';
      break;
    }
  }
  return w;
}

/** The journey's columns as they are: a write changes some of them. */
function keep(j: JourneyRow): JourneyWrite {
  return {
    case_id: j.case_id,
    status: j.status,
    scenario_version_id: j.scenario_version_id,
    scenario_name: j.scenario_name,
    steps: null,
    next_step_key: j.next_step_key,
    next_step_at: j.next_step_at,
    last_step_key: j.last_step_key,
    last_step_on: j.last_step_on,
    last_refusal: j.last_refusal,
    attempt: j.attempt,
    reacted: j.reacted,
    waiting_until: j.waiting_until,
    waiting_reason: j.waiting_reason,
    channel_override: j.channel_override,
    reason: j.reason ?? null,
  };
}

/** Waiting for a position, or finished when there is none. */
function at(position: Position | null, runOut: string): Partial<JourneyWrite> {
  return position
    ? { status: 'active', next_step_key: position.stepKey, next_step_at: new Date(position.dueAt), reason: null }
    : { status: 'finished', next_step_key: null, next_step_at: null, reason: runOut };
}

/** What a step that runs causes: a placed case becomes amicable, the request, the call task, the review for legal. */
function caused(
  row: JourneyCaseRow,
  { step, amounts, claims: caseClaims }: Extract<Planned['plan'], { kind: 'run' }>,
  requestId: string | null,
  now: Date,
  ctx: StepContext,
  requestedBy: string,
): JourneyWrites['caused'] {
  const out: JourneyWrites['caused'] = { audit: [], events: [], phase: null, agentsFrom: null };
  const today = ctx.clock.today(now);
  let phase = row.phase;
  let version = Number(row.version);
  const move = (to: OpenPhase, reason: string) => {
    const claims = caseClaims.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const d = changePhase(stateOfRow({ ...row, phase, version }, claims), { to, reason }, { actor: SCHEDULER, at: now, today });
    out.audit.push(auditRowOf(d.audit));
    const payload = { caseId: row.id, from: phase, to, reason, actor: `${SCHEDULER.kind}:${SCHEDULER.id}` };
    out.events.push(createEvent(CasePhaseChanged, { aggregateId: row.id, clientId: row.client_id, occurredAt: now, payload }));
    [phase, version] = [to, d.state.version];
    out.phase = { id: row.id, phase: to, version };
  };
  if (phase === 'placed') move('amicable', 'its journey began');
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
    const envelope = { aggregateId: row.id, clientId: row.client_id, occurredAt: now };
    // A kind @2 knows goes as @2 (what every reader of requests takes); a plan's course needs @3.
    out.events.push(
      isKindOfV2(kind)
        ? createEvent(CommunicationRequestedV2, { ...envelope, payload: { ...payload, kind } })
        : createEvent(CommunicationRequestedV3, { ...envelope, payload }),
    );
  } else if (step.kind === 'call_task') {
    out.agentsFrom = now;
  } else if (step.kind === 'review_for_legal' && phase === 'amicable') {
    move('legal_review', 'the scenario asks legal staff to review the case');
  }
  const after = { step: step.key, kind: step.kind, channel: step.channel, requestId };
  out.audit.push(journeyAudit(row.id, now, 'journey_step', `${step.key} (${step.kind})`, after));
  return out;
}

/** The batch's writes, set-based: executions first (each admitted once), then cases, audit, outbox and journeys. */
async function applyWrites(m: EntityManager, writes: readonly JourneyWrites[], ctx: StepContext, now: Date): Promise<void> {
  const admitted = await recordExecutions(
    m,
    writes.flatMap((w) => (w.execution ? [w.execution] : [])),
  );
  const audit: AuditRow[] = [];
  const events: EventEnvelope[] = [];
  const cases: { id: string; phase: string | null; version: number | null; agentsFrom: Date | null }[] = [];
  for (const w of writes) {
    const effects = w.execution && admitted.has(w.execution.caseId) ? w.caused : null;
    audit.push(...w.audit, ...(effects?.audit ?? []));
    events.push(...(effects?.events ?? []));
    const agentsFrom = effects?.agentsFrom ?? w.agentsFrom;
    if (effects?.phase || agentsFrom)
      cases.push({ id: w.journey.case_id, phase: effects?.phase?.phase ?? null, version: effects?.phase?.version ?? null, agentsFrom });
  }
  await updateCases(m, cases, now);
  // The review_for_legal step proposes the escalation (escalation/): its proposal, estimate and event.
  await proposeFromJourney(
    m,
    cases.filter((c) => c.phase === 'legal_review').map((c) => c.id),
    now,
    ctx.publish,
  );
  await insertAudit(m, audit);
  await ctx.publish(m, events);
  await writeJourneys(
    m,
    writes.map((w) => w.journey),
    now,
  );
}

const isMessage = (step: ScenarioStep) => step.kind !== 'call_task' && step.kind !== 'review_for_legal';

function journeyAudit(caseId: string, at: Date, action: string, reason: string, after: unknown): AuditRow {
  return [caseId, SCHEDULER.kind, SCHEDULER.id, at, action, reason, null, auditJson(after)];
}
