/**
 * What a due journey would do now, read from the database without writing anything: the
 * scheduler applies it (journey-step.ts), "what goes out today" lists it.
 */
import type { EntityManager } from 'typeorm';
import { addDays, instantAt, type Clock } from '@amicus/calendar';
import { legalChannelOf, type LegalChannel, type PreferredChannel } from '@amicus/contact';
import type { EventEnvelope } from '@amicus/events';
import {
  assessStepUnderStops,
  demandStatement,
  validateCaseJson,
  type LegalOptions,
  type LegalStops,
  type Step,
  type StepAnswer,
} from '@amicus/legal';
import { caseJsonOf, claimsInCase, type CaseFacts } from '../assessment/case-assessment';
import { everyClaimDisputed } from '../disputes/dispute';
import { casePausesOf, type CasePause } from '../instructions/instruction-pauses';
import { loadCaseFactsOf } from '../assessment/case-facts';
import { openMinorOf } from '../case-file/case-rows';
import { currentRateTables } from '../rates/rate-store';
import { chooseScenario, holds, LEGAL_STEP, segmentOf, type CaseProfile, type Segment, type ScenarioStep } from '../scenarios/scenario';
import { activeScenarios, clientSegments, type ActiveScenario } from '../scenarios/scenario-store';
import { mayGoOn, nextPosition, stillBeforeDue, verdictOf, type LegalAnswer, type Position } from './journey';
import { journeyCases, stepsOfJson, type JourneyCaseRow, type JourneyRow } from './journey-store';
import { journeyPauses, type JourneyPause } from '../plans/plan-store';
import { careOf, legalStopsOf, type DebtorFlag } from '../debtor-flags/debtor-flag';
import { activeFlagsOfCases, costsPoliciesOf } from '../debtor-flags/debtor-flag-store';

export interface StepContext {
  clock: Clock;
  agencyRegistration: string | null;
  scenariosOf: (m: EntityManager, clientId: string) => Promise<ActiveScenario[]>;
  /** The client's segments, in its order. */
  segmentsOf: (m: EntityManager, clientId: string) => Promise<Segment[]>;
  /** The reference-rate tables the agency keeps (rates/). */
  rateTablesOf: (m: EntityManager) => Promise<LegalOptions['rateTables']>;
  publish: (m: EntityManager, events: EventEnvelope[]) => Promise<void>;
}

/** The context on the stored scenarios, segments and rate tables: the service's, the CLI's and the tests' alike. */
export function journeyContext(opts: Pick<StepContext, 'clock' | 'agencyRegistration' | 'publish'>): StepContext {
  return { ...opts, scenariosOf: activeScenarios, segmentsOf: clientSegments, rateTablesOf: currentRateTables };
}

/**
 * The same context reading each client's scenarios and segments, and the rate tables, once:
 * for one pass or one listing, which plans many journeys of few clients.
 */
export function perPass(ctx: StepContext): StepContext {
  const scenarios = new Map<string, Promise<ActiveScenario[]>>();
  const segments = new Map<string, Promise<Segment[]>>();
  let rates: Promise<LegalOptions['rateTables']> | null = null;
  const once = <T>(cache: Map<string, T>, key: string, load: () => T): T => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key)!;
  };
  return {
    ...ctx,
    scenariosOf: (m, clientId) => once(scenarios, clientId, () => ctx.scenariosOf(m, clientId)),
    segmentsOf: (m, clientId) => once(segments, clientId, () => ctx.segmentsOf(m, clientId)),
    rateTablesOf: (m) => (rates ??= ctx.rateTablesOf(m)),
  };
}

/** What a due journey does now. */
export type JourneyPlan =
  | { kind: 'stop'; status: 'finished' | 'review'; reason: string }
  | { kind: 'pause'; until: string; reason: string }
  | { kind: 'no_scenario'; reason: string }
  | { kind: 'start'; scenario: ActiveScenario; position: Position | null }
  /** The due step no longer applies: the journey moves on without running it. */
  | { kind: 'skip'; step: ScenarioStep; reason: string; position: Position | null }
  | { kind: 'wait'; step: ScenarioStep; until: string; answer: LegalAnswer }
  | { kind: 'review'; step: ScenarioStep; answer: LegalAnswer }
  | {
      kind: 'run';
      step: ScenarioStep;
      answer: LegalAnswer;
      amounts: RequestAmounts;
      position: Position | null;
      /** The case's claims, for the phase change a step may make. */
      claims: { id: string; status: 'open' | 'recalled' }[];
    };

export interface Planned {
  row: JourneyCaseRow | undefined;
  plan: JourneyPlan;
}

/** What the plans of a batch read once: the cases (locked for the scheduler), their facts, each client's segments and scenarios, the rate tables. */
export interface PlanInputs {
  rows: Map<string, JourneyCaseRow>;
  facts: Map<string, CaseFacts>;
  segments: Map<string, Segment[]>;
  scenarios: Map<string, ActiveScenario[]>;
  rateTables: LegalOptions['rateTables'];
  /** The cases' own pauses: an open complaint, an accepted settlement awaiting its money (instructions/). */
  casePauses?: Map<string, CasePause>;
  /** The cases' agreed plans and open promises (plans/). */
  pauses?: Map<string, JourneyPause>;
  /** The active flags of each case's debtor, and each client's costs policy under counselling (debtor-flags/). */
  flags?: Map<string, DebtorFlag[]>;
  costsStop?: Map<string, boolean>;
}

/** A journey's case as a listing read it with the journey (outgoing.ts): its client's size too. */
export type ReadCaseRow = JourneyCaseRow & { client_sme: boolean };

/**
 * Reads what the journeys' plans need, in a few statements for the whole batch; `lock` holds their
 * cases for the transaction. `read`: their cases, read already with the journeys (not read again).
 */
export async function loadPlanInputs(
  m: EntityManager,
  journeys: readonly JourneyRow[],
  ctx: StepContext,
  lock: boolean,
  read?: ReadonlyMap<string, ReadCaseRow>,
): Promise<PlanInputs> {
  const rows = read
    ? new Map<string, JourneyCaseRow>(read)
    : await journeyCases(
        m,
        journeys.map((j) => j.case_id),
        lock,
      );
  const headers = read
    ? [...read.values()].map((r) => ({
        id: r.id,
        currency: r.currency,
        paid: String(r.paid_minor),
        kind: r.debtor_kind,
        country: r.debtor_country,
        time_zone: r.debtor_time_zone,
        sme: r.client_sme,
      }))
    : undefined;
  // A journey that starts may run its first step at once (outgoing plans both): every case's facts.
  const facts = await loadCaseFactsOf(m, [...rows.keys()], ctx.agencyRegistration, headers);
  const segments = new Map<string, Segment[]>();
  const scenarios = new Map<string, ActiveScenario[]>();
  for (const j of journeys) {
    const row = rows.get(j.case_id);
    if (!row) continue;
    if (!segments.has(row.client_id)) segments.set(row.client_id, await ctx.segmentsOf(m, row.client_id));
    if (j.status === 'new' && !scenarios.has(row.client_id)) scenarios.set(row.client_id, await ctx.scenariosOf(m, row.client_id));
  }
  const flags = await activeFlagsOfCases(m, [...rows.keys()]);
  const flaggedClients = [...new Set([...flags.keys()].map((id) => rows.get(id)?.client_id).filter((c): c is string => !!c))];
  return {
    rows,
    facts,
    segments,
    scenarios,
    rateTables: await ctx.rateTablesOf(m),
    pauses: await journeyPauses(m, [...rows.keys()]),
    casePauses: await casePausesOf(m, [...rows.keys()], ctx.clock, ctx.clock.now()),
    flags,
    costsStop: await costsPoliciesOf(m, flaggedClients),
  };
}

/** Plans a due journey at `now`; `lock` takes its case row for the scheduler's transaction. */
export async function planJourney(m: EntityManager, j: JourneyRow, ctx: StepContext, now: Date, lock = true): Promise<Planned> {
  return planOne(j, await loadPlanInputs(m, [j], ctx, lock), ctx, now);
}

/** Plans a due journey at `now` on what `loadPlanInputs` read; writes and reads nothing. */
export function planOne(j: JourneyRow, inputs: PlanInputs, ctx: StepContext, now: Date): Planned {
  const row = inputs.rows.get(j.case_id);
  if (!row) return { row, plan: { kind: 'stop', status: 'finished', reason: 'the case is gone' } };
  const waiting = j.waiting_until ? { until: j.waiting_until.toISOString(), reason: j.waiting_reason ?? 'waiting' } : null;
  const facts = inputs.facts.get(row.id);
  const pause = inputs.pauses?.get(row.id);
  const flags = inputs.flags?.get(row.id) ?? [];
  const gate = mayGoOn(
    {
      phase: row.phase,
      holdUntil: row.hold_until,
      openMinor: openMinorOf(row),
      waiting,
      everyClaimDisputed: facts ? waitsForDisputes(facts) : false,
      plan: pause?.plan ? { checkAt: pause.plan.checkAt.toISOString() } : null,
      paused: inputs.casePauses?.get(row.id) ?? null,
      promise: pause?.promise ?? null,
      care: careOf(flags, ctx.clock.today(now)),
    },
    ctx.clock.today(now),
    ctx.clock.timeZone,
  );
  if (!gate.goOn) {
    return {
      row,
      plan:
        gate.until === null
          ? { kind: 'stop', status: gate.review ? 'review' : 'finished', reason: gate.reason }
          : { kind: 'pause', until: gate.until, reason: gate.reason },
    };
  }
  const profile = profileOf(row, inputs.segments.get(row.client_id) ?? []);
  if (j.status === 'new') {
    const scenario = chooseScenario(inputs.scenarios.get(row.client_id) ?? [], profile);
    if (!scenario)
      return {
        row,
        plan: {
          kind: 'no_scenario',
          reason: `no active scenario for a ${profile.debtorKind} debtor in ${profile.country}: an agent decides what to do`,
        },
      };
    const position = nextPosition(scenario.steps, null, profile, anchorsOf(row, j, ctx), false, now.toISOString(), ctx.clock.timeZone);
    return { row, plan: { kind: 'start', scenario, position } };
  }
  const steps = stepsOfJson(j.steps);
  const due = steps.find((s) => s.key === j.next_step_key);
  if (!due || !j.scenario_version_id)
    return { row, plan: { kind: 'stop', status: 'review', reason: `the scenario has no step "${j.next_step_key}"` } };
  // The case may have changed, the debtor reacted; a resend is not judged again.
  const passedOver =
    j.channel_override === null ? whyPassedOver(due, profile, j.reacted, String(row.oldest_due_date), now, ctx.clock.timeZone) : null;
  if (passedOver) {
    const position = nextPosition(steps, due.key, profile, anchorsOf(row, j, ctx), j.reacted, now.toISOString(), ctx.clock.timeZone);
    return { row, plan: { kind: 'skip', step: due, reason: `${due.key} passed over: ${passedOver}`, position } };
  }
  const step = j.channel_override ? { ...due, channel: j.channel_override } : due;
  const stops = legalStopsOf(flags, inputs.costsStop?.get(row.client_id) ?? true);
  const { answer, amounts } = askTheLaw(row, facts, step, inputs.rateTables, now, stops);
  // Refused only because a dispute is open (a review for legal): the step waits, asked again each
  // day, and the dispute's resolution wakes the journey — not an agent's review.
  if (!answer.allowed && answer.rule === DISPUTE_OPEN_RULE) {
    const until = instantAt(addDays(ctx.clock.today(now), 1), 0, ctx.clock.timeZone);
    return { row, plan: { kind: 'wait', step, until, answer } };
  }
  const verdict = verdictOf(answer, now.toISOString());
  if (verdict.kind === 'wait') return { row, plan: { kind: 'wait', step, until: verdict.until, answer } };
  if (verdict.kind === 'review') return { row, plan: { kind: 'review', step, answer } };
  const anchors = { ...anchorsOf(row, j, ctx), previousStepOn: ctx.clock.today(now) };
  const position =
    step.kind === 'review_for_legal' ? null : nextPosition(steps, step.key, profile, anchors, false, now.toISOString(), ctx.clock.timeZone);
  const claims = (facts?.claims ?? []).map((c) => ({ id: c.id, status: c.status as 'open' | 'recalled' }));
  return { row, plan: { kind: 'run', step, answer, amounts, position, claims } };
}

export type RequestAmounts = {
  principalMinor: string;
  interestMinor: string;
  damagesMinor: string;
  costsMinor: string;
  paidMinor: string;
  totalMinor: string;
  currency: string;
} | null;

/** The engine's answer about this exact step on the case's real history, and the statement of the day. */
function askTheLaw(
  row: JourneyCaseRow,
  facts: CaseFacts | undefined,
  step: ScenarioStep,
  rateTables: LegalOptions['rateTables'],
  now: Date,
  stops: LegalStops = {},
): { answer: LegalAnswer; amounts: RequestAmounts } {
  const legalStep = LEGAL_STEP[step.kind];
  if (!facts)
    return {
      answer: { allowed: false, rule: 'CASE', source: 'Amicus', reason: 'the case has no facts to judge', earliestAt: null },
      amounts: null,
    };
  const channel = legalChannelFor(step, row.debtor_preferred_channel);
  return lawOn(caseJsonOf(facts, now.toISOString(), legalStep), legalStep, channel, rateTables, stops);
}

/** The channel the engine judges a step on: a call task is a call; `preferred` is the debtor's own (a letter when none). */
export function legalChannelFor(step: ScenarioStep, preferred: PreferredChannel | null): LegalChannel {
  if (step.kind === 'call_task') return 'phone';
  return legalChannelOf(step.channel === 'preferred' ? (preferred ?? 'letter') : step.channel);
}

/**
 * The engine's answer about a step on a case JSON (its `now` and `step` set), and the statement
 * of that day: validated once, then asked through the typed entry (`assessStep`: no JSON round
 * trip, no amount formatted) — the same answer `assessJson` gives (libs/legal proves it).
 */
export function lawOn(
  json: Record<string, unknown>,
  legalStep: Step | null,
  channel: LegalChannel,
  rateTables: LegalOptions['rateTables'],
  /** The debtor's legal stops (debtor-flags/): a collective settlement, a costs stop. */
  stops: LegalStops = {},
): { answer: LegalAnswer; amounts: RequestAmounts } {
  const refused = (reason: string) => ({
    answer: { allowed: false, rule: 'CASE', source: 'Amicus', reason, earliestAt: null },
    amounts: null,
  });
  const v = validateCaseJson({ ...json, channel });
  if (!v.ok) return refused(v.problems.map((e) => `${e.field}: ${e.reason}`).join('; '));
  const req = v.value;
  let answer: StepAnswer;
  try {
    const at = { now: req.now, channel: req.channel, timeZone: req.timeZone, asOf: req.asOf };
    // A step the law has nothing to say about (a pre-due reminder) still needs the day's statement.
    answer = assessStepUnderStops(req.case, stops, { ...at, step: req.step ?? 'first_reminder' }, { rateTables });
  } catch (e) {
    return refused(`(case): ${(e as Error).message}`);
  }
  // What the letter asks for: the statement of the undisputed claims while a dispute is open.
  const st = req.case.disputes?.length
    ? demandStatement(req.case, answer.statement.asOf, { rateTables }, answer.statement)
    : answer.statement;
  const amounts = {
    principalMinor: st.principal.amountMinor.toString(),
    interestMinor: st.interest.amountMinor.toString(),
    damagesMinor: st.damages.amountMinor.toString(),
    costsMinor: '0',
    paidMinor: st.paid.amountMinor.toString(),
    totalMinor: st.total.amountMinor.toString(),
    currency: st.currency,
  };
  if (!legalStep || !req.step)
    return {
      answer: { allowed: true, rule: 'SCENARIO', source: 'the client’s scenario', reason: 'no legal step to check', earliestAt: null },
      amounts,
    };
  const d = answer.decision;
  return { answer: { allowed: d.allowed, rule: d.rule, source: d.source, reason: d.reason, earliestAt: d.earliestAt ?? null }, amounts };
}

/** The engine's rule that refuses an escalation while a dispute is open (libs/legal step-checks). */
const DISPUTE_OPEN_RULE = 'CASE-DISPUTE-OPEN';

/** Every claim of the case still to collect is disputed: its journey waits (journey.ts, mayGoOn). */
export function waitsForDisputes(facts: CaseFacts): boolean {
  if (!facts.disputes?.length) return false;
  const disputed = new Set(facts.disputes.flatMap((d) => d.claimIds));
  return everyClaimDisputed(
    claimsInCase(facts).map((c) => ({ id: c.id, outstandingMinor: c.principalMinor - (c.paidMinor ?? 0n) })),
    disputed,
  );
}

/** Why a due step no longer applies (null: it does) — its conditions are judged when it falls due, not when it was planned. */
function whyPassedOver(
  step: ScenarioStep,
  profile: CaseProfile,
  reacted: boolean,
  dueDate: string,
  now: Date,
  timeZone: string,
): string | null {
  if (!stillBeforeDue(step, dueDate, now.toISOString(), timeZone)) return 'the due date has come';
  if (step.conditions.noReactionToPrevious && reacted) return 'the debtor reacted to the previous step';
  if (!holds(step.conditions, profile)) return 'its conditions no longer hold';
  return null;
}

/** The case as scenarios see it, in the first of its client's segments that fits. */
export function profileOf(row: JourneyCaseRow, segments: readonly Segment[]): CaseProfile {
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
