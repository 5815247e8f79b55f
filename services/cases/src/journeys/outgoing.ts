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
import {
  loadPlanInputs,
  perPass,
  planOne,
  type PlanInputs,
  type Planned,
  type ReadCaseRow,
  type RequestAmounts,
  type StepContext,
} from './journey-plan';
import { JOURNEY_COLUMNS, stepsOfJson, stepsToJson, type DueCursor, type JourneyRow } from './journey-store';

export interface OutgoingQuery {
  date: CalendarDate;
  clientId: string | null;
  brandId: string | null;
  /** SQL on the case (alias `c`) that walls the caller's cases in, with its parameters appended to `params`. */
  scope: (params: unknown[]) => string;
  /** Journeys read per page (default PAGE; the tests page through a few). */
  pageSize?: number;
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

/** A due journey with its case, as one statement reads them together (the case is not read again for its plan). */
type DueRow = JourneyRow & ReadCaseRow & { debtor_name: string; next_step_at: Date; steps_version: string | null };

/**
 * The journeys due by the end of `date` in the agency's zone, planned at the later of `now` and
 * their due instant. Read a page at a time along the due index (keyset: the last journey's due
 * instant and case), each journey with its case, debtor and client in the same statement; the next
 * page and its facts are asked before this one is planned, so the database reads while this
 * process plans.
 */
export async function outgoingOn(m: EntityManager, ctx: StepContext, q: OutgoingQuery, now: Date): Promise<OutgoingReport> {
  const end = new Date(instantAt(addDays(q.date, 1), 0, ctx.clock.timeZone));
  const memo = perPass(ctx);
  const goingOut: GoingOut[] = [];
  const heldBack: HeldBack[] = [];
  // These statements walk index entries a row at a time: compiling them (JIT, which the row
  // estimates under row-level security set off) cost more than running them.
  await m.query(`SET LOCAL jit = off`);
  const steps = new Map<string, Promise<string | null>>();
  const stepsOfVersion = (id: string) => {
    if (!steps.has(id)) steps.set(id, versionSteps(m, id));
    return steps.get(id)!;
  };
  const pageAfter = async (after: DueCursor | null): Promise<Page> => {
    const { listed: page, cursor } = await duePage(m, q, end, after, stepsOfVersion);
    const cases = new Map(page.map((j) => [j.case_id, j]));
    return { page, cursor, inputs: page.length ? loadPlanInputs(m, page, memo, false, cases) : null };
  };
  // A journey the scheduler moved to later today while the pages were read is listed once.
  const seen = new Set<string>();
  let next: Promise<Page> | null = pageAfter(null);
  while (next) {
    const { page, cursor, inputs: reading }: Page = await next;
    next = cursor ? pageAfter(cursor) : null;
    if (!reading) continue;
    const inputs = await reading;
    for (let i = 0; i < page.length; i++) {
      if (i % 50 === 49) await new Promise((r) => setImmediate(r));
      const j = page[i]!;
      if (seen.has(j.case_id)) continue;
      seen.add(j.case_id);
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

interface Page {
  /** The journeys of the page the caller's filters and walls let through. */
  page: DueRow[];
  /** Where the next page starts; null after the last. */
  cursor: DueCursor | null;
  inputs: Promise<PlanInputs> | null;
}

/**
 * A page of the due journeys after `after`, with their cases. A journey's steps are those of its
 * scenario version as stored (startJourney copies them): they are read once per version, not with
 * every journey, and only a journey whose steps differ from its version's carries its own.
 */
async function duePage(
  m: EntityManager,
  q: OutgoingQuery,
  end: Date,
  after: DueCursor | null,
  stepsOfVersion: (id: string) => Promise<string | null>,
): Promise<{ listed: DueRow[]; cursor: DueCursor | null }> {
  const size = q.pageSize ?? PAGE;
  const params: unknown[] = [end, q.clientId, q.brandId, size];
  let past = '';
  if (after) {
    params.push(after.at, after.caseId);
    past = `AND j.next_step_at >= $5 AND (j.next_step_at, j.case_id) > ($5, $6::uuid)`;
  }
  const scope = q.scope(params);
  // The page is taken along the due index first, then its cases joined: joined before the limit,
  // the planner (misled by the walls' row estimates) read and sorted every due journey per page.
  // A journey whose case the caller's filters or walls leave out is in the page (it moves the
  // cursor on) but not listed.
  const rows: (DueRow & { listed: boolean })[] = await m.query(
    `WITH page AS MATERIALIZED (
       SELECT * FROM cases.case_journeys j WHERE j.next_step_at < $1 AND j.status IN ('new', 'active') ${past}
        ORDER BY j.next_step_at, j.case_id LIMIT $4)
     SELECT c.*, c.open_minor::text AS open_text, d.kind AS debtor_kind, d.country AS debtor_country, d.time_zone AS debtor_time_zone,
            d.preferred_channel AS debtor_preferred_channel, d.name AS debtor_name, cl.sme AS client_sme,
            ${JOURNEY_COLUMNS.replace('j.steps::text AS steps', 'CASE WHEN v.steps = j.steps THEN NULL ELSE j.steps::text END AS steps')},
            CASE WHEN v.steps = j.steps THEN v.id::text END AS steps_version, c.id IS NOT NULL AS listed
       FROM page j
       LEFT JOIN (cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id JOIN cases.clients cl ON cl.id = c.client_id)
              ON c.id = j.case_id AND ($2::uuid IS NULL OR c.client_id = $2::uuid) AND ($3::uuid IS NULL OR c.brand_id = $3::uuid) AND ${scope}
       LEFT JOIN cases.scenario_versions v ON v.id::text = j.scenario_version_id
      ORDER BY j.next_step_at, j.case_id`,
    params,
  );
  for (const r of rows) if (r.steps_version) r.steps = await stepsOfVersion(r.steps_version);
  const last = rows[rows.length - 1];
  return {
    listed: rows.filter((r) => r.listed),
    cursor: rows.length === size && last ? { at: last.next_step_at, caseId: last.case_id } : null,
  };
}

/** A scenario version's steps as stored (the text a journey's copy reads as). */
async function versionSteps(m: EntityManager, id: string): Promise<string | null> {
  const [v]: { steps: string }[] = await m.query(`SELECT steps::text AS steps FROM cases.scenario_versions WHERE id::text = $1`, [id]);
  return v?.steps ?? null;
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

/** Journeys read and planned per page (with their cases and facts). */
const PAGE = 1000;

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
