/**
 * What goes out on a date, read without writing anything: every journey due by the end of the
 * date is planned as the scheduler would plan it (journey-plan.ts, read only), so the list
 * tells the steps that run — with their amounts and the legal engine's answer — and the ones
 * that will not, with the rule and the instant from which they may.
 *
 * One step per case: a step that runs moves the journey on, and the step after it is judged
 * on the history that step creates, which does not exist yet.
 */
import type { EntityManager } from 'typeorm';
import { addDays, instantAt, type CalendarDate } from '@amicus/calendar';
import { DEFAULT_TEMPLATE, type ScenarioStep } from '../scenarios/scenario';
import type { ActiveScenario } from '../scenarios/scenario-store';
import type { LegalAnswer, Position } from './journey';
import { loadPlanInputs, perPass, planOne, type Planned, type RequestAmounts, type StepContext } from './journey-plan';
import { JOURNEY_COLUMNS, stepsOfJson, stepsToJson, type JourneyRow } from './journey-store';

export interface OutgoingQuery {
  date: CalendarDate;
  clientId: string | null;
  brandId: string | null;
  /** SQL on the case (alias `c`) that walls the caller's cases in, with its parameters appended to `params`. */
  scope: (params: unknown[]) => string;
}

interface Due {
  caseId: string;
  clientId: string;
  brandId: string;
  debtorName: string;
  scenarioName: string | null;
  /** When the step falls due. */
  dueAt: Date;
}

export interface GoingOut extends Due {
  step: ScenarioStep;
  /** The channel counted: the step's (`preferred`: the debtor's own order, decided when sending), `phone` for a call task, `legal_review` for a review. */
  channel: string;
  /** The template kind it sends; null for a call task or a review. */
  template: string | null;
  decision: LegalAnswer;
  amounts: RequestAmounts;
}

/** `skip`: the step no longer applies and is passed over (the next one is judged on the next pass). */
export type HeldBackOutcome = 'wait' | 'pause' | 'review' | 'stop' | 'skip';

export interface HeldBack extends Due {
  step: ScenarioStep | null;
  outcome: HeldBackOutcome;
  /** The legal rule that refused it (none for a hold, a closed case, a journey without a scenario). */
  rule: string | null;
  source: string | null;
  reason: string;
  /** From when it may go out; null when it will not by itself (an agent reviews, the journey stops). */
  earliestAt: string | null;
}

export interface OutgoingReport {
  date: CalendarDate;
  goingOut: GoingOut[];
  counts: { channel: string; count: number }[];
  heldBack: HeldBack[];
}

interface DueRow extends JourneyRow {
  brand_id: string;
  debtor_name: string;
  next_step_at: Date;
}

/** The journeys due by the end of `date` in the agency's zone, planned at the later of `now` and their due instant. */
export async function outgoingOn(m: EntityManager, ctx: StepContext, q: OutgoingQuery, now: Date): Promise<OutgoingReport> {
  const end = new Date(instantAt(addDays(q.date, 1), 0, ctx.clock.timeZone));
  const memo = perPass(ctx);
  const goingOut: GoingOut[] = [];
  const heldBack: HeldBack[] = [];
  const due = await dueJourneys(m, q, end);
  const chunks = Array.from({ length: Math.ceil(due.length / CHUNK) }, (_, i) => due.slice(i * CHUNK, (i + 1) * CHUNK));
  // The next chunk's reads are asked before this one is planned, and planning yields now and
  // then, so the database reads the next while this process plans the current.
  let next = chunks.length ? loadPlanInputs(m, chunks[0]!, memo, false) : null;
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const inputs = await next!;
    next = c + 1 < chunks.length ? loadPlanInputs(m, chunks[c + 1]!, memo, false) : null;
    for (let i = 0; i < chunk.length; i++) {
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
      const j = chunk[i]!;
      const at = later(now, j.next_step_at);
      let planned = planOne(j, inputs, memo, at);
      let item = dueOf(j, j.scenario_name, at);
      const { plan } = planned;
      // A journey not started yet starts on this pass: its first step goes out too when it falls due by the end of the date.
      if (plan.kind === 'start') {
        if (!plan.position) {
          heldBack.push({ ...stopped(item, 'no step of the scenario applies to this case'), scenarioName: plan.scenario.name });
          continue;
        }
        const firstAt = new Date(plan.position.dueAt);
        if (firstAt >= end) continue;
        item = dueOf(j, plan.scenario.name, later(at, firstAt));
        planned = planOne(started(j, plan.scenario, plan.position), inputs, memo, item.dueAt);
      }
      const listed = itemOf(planned, item, j);
      if (listed && 'decision' in listed) goingOut.push(listed);
      else if (listed) heldBack.push(listed);
    }
  }
  return { date: q.date, goingOut, counts: countsOf(goingOut), heldBack };
}

async function dueJourneys(m: EntityManager, q: OutgoingQuery, end: Date): Promise<DueRow[]> {
  const params: unknown[] = [end, q.clientId, q.brandId];
  const scope = q.scope(params);
  return m.query(
    `SELECT ${JOURNEY_COLUMNS}, c.brand_id, d.name AS debtor_name
       FROM cases.case_journeys j JOIN cases.cases c ON c.id = j.case_id JOIN cases.debtors d ON d.id = c.debtor_id
      WHERE j.next_step_at < $1 AND j.status IN ('new', 'active')
        AND ($2::uuid IS NULL OR c.client_id = $2::uuid) AND ($3::uuid IS NULL OR c.brand_id = $3::uuid) AND ${scope}
      ORDER BY j.next_step_at, j.case_id`,
    params,
  );
}

function itemOf({ plan }: Planned, due: Due, j: JourneyRow): GoingOut | HeldBack | null {
  switch (plan.kind) {
    case 'run':
      return {
        ...due,
        step: plan.step,
        channel: countedChannel(plan.step),
        template: plan.step.template ?? DEFAULT_TEMPLATE[plan.step.kind],
        decision: plan.answer,
        amounts: plan.amounts,
      };
    case 'wait':
      return { ...due, ...refusal(plan.answer), step: plan.step, outcome: 'wait', earliestAt: plan.until };
    case 'review':
      return { ...due, ...refusal(plan.answer), step: plan.step, outcome: 'review', earliestAt: null };
    case 'skip':
      return { ...due, step: plan.step, outcome: 'skip', rule: null, source: null, reason: plan.reason, earliestAt: null };
    case 'pause':
      return { ...due, step: nextStepOf(j), outcome: 'pause', rule: null, source: null, reason: plan.reason, earliestAt: plan.until };
    case 'stop':
      return { ...stopped(due, plan.reason), step: nextStepOf(j), outcome: plan.status === 'review' ? 'review' : 'stop' };
    case 'no_scenario':
      return { ...stopped(due, plan.reason), outcome: 'review' };
    case 'start':
      // Only a started journey is planned again; its plan is never a start.
      return null;
  }
}

const refusal = (a: LegalAnswer) => ({ rule: a.rule, source: a.source, reason: a.reason });

function stopped(due: Due, reason: string): HeldBack {
  return { ...due, step: null, outcome: 'stop', rule: null, source: null, reason, earliestAt: null };
}

function dueOf(j: DueRow, scenarioName: string | null, dueAt: Date): Due {
  return { caseId: j.case_id, clientId: j.client_id, brandId: j.brand_id, debtorName: j.debtor_name, scenarioName, dueAt };
}

function nextStepOf(j: JourneyRow): ScenarioStep | null {
  return j.steps ? (stepsOfJson(j.steps).find((s) => s.key === j.next_step_key) ?? null) : null;
}

/** The journey as the scheduler leaves it once it started (startJourney), to plan its first step on. */
function started(j: JourneyRow, scenario: ActiveScenario, position: Position): JourneyRow {
  return {
    ...j,
    status: 'active',
    scenario_version_id: scenario.versionId,
    scenario_name: scenario.name,
    steps: JSON.parse(stepsToJson(scenario.steps)),
    next_step_key: position.stepKey,
    next_step_at: new Date(position.dueAt),
  };
}

function countedChannel(step: ScenarioStep): string {
  if (step.kind === 'call_task') return 'phone';
  if (step.kind === 'review_for_legal') return 'legal_review';
  return step.channel;
}

function countsOf(items: GoingOut[]): { channel: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.channel, (counts.get(i.channel) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([channel, count]) => ({ channel, count }));
}

/** Journeys planned per read of their cases and facts. */
const CHUNK = 500;

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
