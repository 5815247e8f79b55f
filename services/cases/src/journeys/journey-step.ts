/**
 * One due journey, handled in the scheduler's transaction: start it on its scenario, or ask the
 * legal engine about its due step on the case's real history and act on the answer — request
 * the communication, put a call task on the worklist, ask for legal review — or wait, or stop.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { legalChannelOf } from '@amicus/contact';
import { CasePhaseChanged, CommunicationRequested, createEvent, type EventEnvelope } from '@amicus/events';
import { uuidV7 } from '@amicus/ids';
import { assessJson } from '@amicus/legal';
import { auditJson, auditRowOf, insertAudit, type AuditRow } from '../audit/audit-trail';
import { assessmentView, caseJsonOf } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import { changePhase, type Actor, type OpenPhase } from '../case-lifecycle/case-lifecycle';
import { openMinorOf, stateOfRow } from '../case-file/case-rows';
import {
  chooseScenario,
  segmentOf,
  type Segment,
  DEFAULT_TEMPLATE,
  LEGAL_STEP,
  type CaseProfile,
  type ScenarioStep,
} from '../scenarios/scenario';
import type { ActiveScenario } from '../scenarios/scenario-store';
import { mayGoOn, nextPosition, verdictOf, type LegalAnswer } from './journey';
import {
  advanceJourney,
  dueForAgents,
  journeyCase,
  postponeJourney,
  recordExecution,
  startJourney,
  stepsOfJson,
  stopJourney,
  type JourneyCaseRow,
  type JourneyRow,
} from './journey-store';

export interface StepContext {
  clock: Clock;
  agencyRegistration: string | null;
  scenariosOf: (m: EntityManager, clientId: string) => Promise<ActiveScenario[]>;
  /** The client's segments, in its order. */
  segmentsOf: (m: EntityManager, clientId: string) => Promise<Segment[]>;
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>;
}

export type StepOutcome = 'started' | 'ran' | 'waited' | 'review' | 'stopped';

const SCHEDULER: Actor = { kind: 'system', id: 'scheduler' };

export async function handleJourney(m: EntityManager, j: JourneyRow, ctx: StepContext): Promise<StepOutcome> {
  const now = ctx.clock.now();
  const row = await journeyCase(m, j.case_id);
  if (!row) return stop(m, j, 'finished', 'the case is gone', now);
  const gate = mayGoOn(
    { phase: row.phase, holdUntil: row.hold_until, openMinor: openMinorOf(row) },
    ctx.clock.today(now),
    ctx.clock.timeZone,
  );
  if (!gate.goOn) {
    if (gate.until === null) return stop(m, j, 'finished', gate.reason, now);
    await postponeJourney(m, j.case_id, gate.until, null, now);
    return 'waited';
  }
  const profile = profileOf(row, await ctx.segmentsOf(m, row.client_id));
  if (j.status === 'new') return start(m, j, row, profile, ctx, now);
  return runStep(m, j, row, profile, ctx, now);
}

async function start(
  m: EntityManager,
  j: JourneyRow,
  row: JourneyCaseRow,
  profile: CaseProfile,
  ctx: StepContext,
  now: Date,
): Promise<StepOutcome> {
  const scenario = chooseScenario(await ctx.scenariosOf(m, row.client_id), profile);
  if (!scenario) {
    const reason = `no active scenario for a ${profile.debtorKind} debtor in ${profile.country}: an agent decides what to do`;
    await dueForAgents(m, row.id, now);
    await insertAudit(m, [journeyAudit(row.id, now, 'journey_review', reason, { reason })]);
    return stop(m, j, 'review', reason, now);
  }
  const position = nextPosition(scenario.steps, null, profile, anchorsOf(row, j, ctx), false, now.toISOString(), ctx.clock.timeZone);
  await startJourney(m, row.id, scenario, position, now);
  await insertAudit(m, [
    journeyAudit(row.id, now, 'journey_start', `follows ${scenario.name}`, {
      scenario: scenario.name,
      versionId: scenario.versionId,
      next: position,
    }),
  ]);
  return 'started';
}

async function runStep(
  m: EntityManager,
  j: JourneyRow,
  row: JourneyCaseRow,
  profile: CaseProfile,
  ctx: StepContext,
  now: Date,
): Promise<StepOutcome> {
  const steps = stepsOfJson(j.steps);
  const step = steps.find((s) => s.key === j.next_step_key);
  if (!step || !j.scenario_version_id) return stop(m, j, 'review', `the scenario has no step "${j.next_step_key}"`, now);
  const { answer, amounts } = await askTheLaw(m, row, step, ctx, now);
  const verdict = verdictOf(answer, now.toISOString());
  if (verdict.kind === 'wait') {
    // A refusal is recorded once per rule; the step comes back when the engine says it may.
    if (j.last_refusal !== answer.rule)
      await insertAudit(m, [journeyAudit(row.id, now, 'journey_refused', answer.reason, { step: step.key, ...answer })]);
    await postponeJourney(m, row.id, verdict.until, answer.rule, now);
    return 'waited';
  }
  if (verdict.kind === 'review') {
    await dueForAgents(m, row.id, now);
    await insertAudit(m, [journeyAudit(row.id, now, 'journey_review', answer.reason, { step: step.key, ...answer })]);
    return stop(m, j, 'review', `${answer.rule}: ${answer.reason}`, now);
  }
  const requestId = isMessage(step) ? uuidV7(now.getTime()) : null;
  const first = await recordExecution(m, {
    caseId: row.id,
    versionId: j.scenario_version_id,
    stepKey: step.key,
    attempt: j.attempt,
    outcome: step.kind,
    requestId,
    decision: answer,
    at: now,
  });
  if (first) await execute(m, row, step, requestId, amounts, ctx, now, `scenario:${j.scenario_version_id}:${step.key}`);
  const today = ctx.clock.today(now);
  const position =
    step.kind === 'review_for_legal'
      ? null
      : nextPosition(
          steps,
          step.key,
          profile,
          { ...anchorsOf(row, j, ctx), previousStepOn: today },
          false,
          now.toISOString(),
          ctx.clock.timeZone,
        );
  await advanceJourney(m, row.id, step.key, today, position, now);
  return 'ran';
}

async function execute(
  m: EntityManager,
  row: JourneyCaseRow,
  step: ScenarioStep,
  requestId: string | null,
  amounts: RequestAmounts,
  ctx: StepContext,
  now: Date,
  requestedBy: string,
) {
  const events: EventEnvelope[] = [];
  const audit: AuditRow[] = [];
  const base = { aggregateId: row.id, clientId: row.client_id, occurredAt: now };
  let phase: OpenPhase | 'closed' = row.phase;
  if (phase === 'placed') phase = await movePhase(m, row, 'amicable', 'its journey began', now, ctx.clock.today(now), events, audit);
  if (requestId) {
    const kind = step.template ?? DEFAULT_TEMPLATE[step.kind];
    if (kind)
      events.push(
        createEvent(CommunicationRequested, {
          ...base,
          payload: {
            requestId,
            caseId: row.id,
            clientId: row.client_id,
            brandId: row.brand_id,
            kind,
            channel: step.channel,
            requestedBy,
            amounts,
          },
        }),
      );
  } else if (step.kind === 'call_task') {
    await dueForAgents(m, row.id, now);
  } else if (step.kind === 'review_for_legal' && phase === 'amicable') {
    await movePhase(m, row, 'legal_review', 'the scenario asks legal staff to review the case', now, ctx.clock.today(now), events, audit);
  }
  audit.push(
    journeyAudit(row.id, now, 'journey_step', `${step.key} (${step.kind})`, {
      step: step.key,
      kind: step.kind,
      channel: step.channel,
      requestId,
    }),
  );
  await insertAudit(m, audit);
  await ctx.publish(m, events);
}

/** A phase change the lifecycle allows, written with its audit entry and event (version checked as the case file does). */
async function movePhase(
  m: EntityManager,
  row: JourneyCaseRow,
  to: OpenPhase,
  reason: string,
  now: Date,
  today: string,
  events: EventEnvelope[],
  audit: AuditRow[],
): Promise<OpenPhase> {
  const claims: { id: string; status: 'open' | 'recalled' }[] = await m.query(
    `SELECT id, status FROM cases.claims WHERE case_id = $1 ORDER BY id`,
    [row.id],
  );
  const d = changePhase(stateOfRow(row, claims), { to, reason }, { actor: SCHEDULER, at: now, today });
  await m.query(`UPDATE cases.cases SET phase = $2, version = $3, updated_at = $4 WHERE id = $1`, [row.id, to, d.state.version, now]);
  audit.push(auditRowOf(d.audit));
  events.push(
    createEvent(CasePhaseChanged, {
      aggregateId: row.id,
      clientId: row.client_id,
      occurredAt: now,
      payload: { caseId: row.id, from: row.phase, to, reason, actor: `${SCHEDULER.kind}:${SCHEDULER.id}` },
    }),
  );
  row.phase = to;
  return to;
}

type RequestAmounts = {
  principalMinor: string;
  interestMinor: string;
  damagesMinor: string;
  costsMinor: string;
  paidMinor: string;
  totalMinor: string;
  currency: string;
} | null;

/** The engine's answer about this exact step on the case's real history, and the statement of the day. */
async function askTheLaw(
  m: EntityManager,
  row: JourneyCaseRow,
  step: ScenarioStep,
  ctx: StepContext,
  now: Date,
): Promise<{ answer: LegalAnswer; amounts: RequestAmounts }> {
  const legalStep = LEGAL_STEP[step.kind];
  const facts = await loadCaseFacts(m, row.id, ctx.agencyRegistration);
  if (!facts)
    return {
      answer: { allowed: false, rule: 'CASE', source: 'Amicus', reason: 'the case has no facts to judge', earliestAt: null },
      amounts: null,
    };
  const channel = legalChannelOf(step.channel === 'preferred' ? (row.debtor_preferred_channel ?? 'letter') : step.channel);
  const result = assessJson({ ...caseJsonOf(facts, now.toISOString(), legalStep), channel });
  if (!result.ok)
    return {
      answer: {
        allowed: false,
        rule: 'CASE',
        source: 'Amicus',
        reason: result.errors.map((e) => `${e.field}: ${e.reason}`).join('; '),
        earliestAt: null,
      },
      amounts: null,
    };
  const view = assessmentView(result.result);
  const d = view.decisions[0];
  const st = view.statement;
  const amounts = {
    principalMinor: st.principalMinor,
    interestMinor: st.interestMinor,
    damagesMinor: st.damagesMinor,
    costsMinor: '0',
    paidMinor: st.paidMinor,
    totalMinor: st.totalMinor,
    currency: st.currency,
  };
  if (!legalStep || !d)
    return {
      answer: { allowed: true, rule: 'SCENARIO', source: 'the client’s scenario', reason: 'no legal step to check', earliestAt: null },
      amounts,
    };
  return { answer: { allowed: d.allowed, rule: d.rule, source: d.source, reason: d.reason, earliestAt: d.earliestAt }, amounts };
}

const isMessage = (step: ScenarioStep) => step.kind !== 'call_task' && step.kind !== 'review_for_legal';

/** The case as scenarios see it, in the first of its client's segments that fits. */
function profileOf(row: JourneyCaseRow, segments: readonly Segment[]): CaseProfile {
  const base = {
    clientId: row.client_id,
    brandId: row.brand_id,
    debtorKind: row.debtor_kind,
    country: row.debtor_country.trim(),
    openMinor: openMinorOf(row),
  };
  return { ...base, segment: segmentOf(segments, base) };
}

function anchorsOf(row: JourneyCaseRow, j: JourneyRow, ctx: StepContext) {
  return { dueDate: String(row.oldest_due_date), placedOn: ctx.clock.today(row.opened_at), previousStepOn: j.last_step_on };
}

function journeyAudit(caseId: string, at: Date, action: string, reason: string, after: unknown): AuditRow {
  return [caseId, SCHEDULER.kind, SCHEDULER.id, at, action, reason, null, auditJson(after)];
}

async function stop(m: EntityManager, j: JourneyRow, status: 'review' | 'finished', reason: string, now: Date): Promise<StepOutcome> {
  await stopJourney(m, j.case_id, status, reason, now);
  return status === 'review' ? 'review' : 'stopped';
}
