/**
 * The journeys' persistence: taking the due ones (FOR UPDATE SKIP LOCKED: two schedulers never
 * take the same), what a step needs to know of its case, and the writes of a decision.
 */
import type { EntityManager } from 'typeorm';
import type { DebtorKind } from '@amicus/legal';
import type { PreferredChannel, SendingChannel } from '@amicus/contact';
import type { ScenarioStep } from '../scenarios/scenario';
import { readSteps, stepToWire, type StepWire } from '../scenarios/scenario-wire';
import type { CaseRow } from '../case-file/case-rows';
import type { JourneyStatus } from './journey';
import { columnsOf } from '../bulk-writes/unnest-rows';

export interface JourneyRow {
  case_id: string;
  client_id: string;
  status: JourneyStatus;
  scenario_version_id: string | null;
  scenario_name: string | null;
  steps: unknown;
  next_step_key: string | null;
  next_step_at: Date | null;
  last_step_key: string | null;
  last_step_on: string | null;
  last_refusal: string | null;
  attempt: number;
  /** The debtor reacted since the step last run (reactions.ts). */
  reacted: boolean;
  waiting_until: Date | null;
  waiting_reason: string | null;
  /** The channel the due step goes on instead of its own (a resend after a failed message). */
  channel_override: SendingChannel | null;
  reason: string | null;
}

/** The journey's columns as a JourneyRow reads them (alias `j`). */
export const JOURNEY_COLUMNS = `j.case_id, j.client_id, j.status, j.scenario_version_id, j.scenario_name, j.steps::text AS steps, j.next_step_key, j.next_step_at,
       j.last_step_key, j.last_step_on::text, j.last_refusal, j.attempt, j.reacted, j.waiting_until, j.waiting_reason, j.channel_override, j.reason`;

/** The case a journey step runs on, with its debtor's jurisdiction and its client's size. */
export interface JourneyCaseRow extends CaseRow {
  debtor_kind: DebtorKind;
  debtor_country: string;
  debtor_time_zone: string;
  debtor_preferred_channel: PreferredChannel | null;
}

/** Where a pass's walk through the due index has got to: the last journey it took. */
export interface DueCursor {
  at: Date;
  caseId: string;
}

/**
 * The journeys due at `now`, locked for this transaction; those another scheduler holds are
 * skipped. `after` starts the walk past the journeys a pass already took: their old index
 * entries are dead until vacuum, and walking them again for every batch made a pass quadratic.
 */
export async function takeDueJourneys(m: EntityManager, now: Date, limit: number, after: DueCursor | null = null): Promise<JourneyRow[]> {
  const past = after ? `AND next_step_at >= $3 AND (next_step_at, case_id) > ($3, $4::uuid)` : '';
  return m.query(
    `SELECT ${JOURNEY_COLUMNS}
       FROM cases.case_journeys j
      WHERE next_step_at <= $1 AND status IN ('new', 'active') ${past}
      ORDER BY next_step_at, case_id
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    after ? [now, limit, after.at, after.caseId] : [now, limit],
  );
}

/** The cases of journeys, by id; `lock` holds their rows for the transaction (the scheduler writes them), in id order. */
export async function journeyCases(m: EntityManager, caseIds: readonly string[], lock = true): Promise<Map<string, JourneyCaseRow>> {
  if (caseIds.length === 0) return new Map();
  const rows: JourneyCaseRow[] = await m.query(
    `SELECT c.*, c.open_minor::text AS open_text, d.kind AS debtor_kind, d.country AS debtor_country, d.time_zone AS debtor_time_zone,
            d.preferred_channel AS debtor_preferred_channel
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.id${lock ? ' FOR UPDATE OF c' : ''}`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** The case of one journey. */
export async function journeyCase(m: EntityManager, caseId: string, lock = true): Promise<JourneyCaseRow | undefined> {
  return (await journeyCases(m, [caseId], lock)).get(caseId);
}

/** Steps as stored: the scenarios' own wire form (amounts as decimal strings of minor units), and back. */
export function stepsToJson(steps: readonly ScenarioStep[]): string {
  return JSON.stringify(steps.map(stepToWire));
}

/** Steps read back; stored text is read once per distinct text (a pass plans thousands of journeys on a few versions). */
export function stepsOfJson(json: unknown): ScenarioStep[] {
  if (typeof json !== 'string') return readSteps(json as StepWire[]).steps;
  let steps = readStepsMemo.get(json);
  if (!steps) {
    if (readStepsMemo.size >= 1000) readStepsMemo.clear();
    steps = readSteps(JSON.parse(json) as StepWire[]).steps;
    readStepsMemo.set(json, steps);
  }
  return steps;
}
const readStepsMemo = new Map<string, ScenarioStep[]>();

/** The journey stops: finished for good, or waiting for an agent's review. */
export async function stopJourney(
  m: EntityManager,
  caseId: string,
  status: 'review' | 'finished',
  reason: string,
  now: Date,
): Promise<void> {
  await m.query(`UPDATE cases.case_journeys SET status = $2, next_step_at = NULL, reason = $3, updated_at = $4 WHERE case_id = $1`, [
    caseId,
    status,
    reason,
    now,
  ]);
}

/** Makes the case due on its brand's agents' worklists now (a call task, a review). */
export async function dueForAgents(m: EntityManager, caseId: string, now: Date): Promise<void> {
  await m.query(`UPDATE cases.cases SET next_action_at = $2, updated_at = $2 WHERE id = $1`, [caseId, now]);
}

/** A journey's columns as a pass writes them back; `steps` null keeps the stored steps (only a start sets them). */
export interface JourneyWrite extends Omit<JourneyRow, 'client_id' | 'steps'> {
  steps: readonly ScenarioStep[] | null;
}

const JOURNEY_WRITE: readonly (readonly [keyof JourneyWrite, string])[] = [
  ['case_id', 'uuid'],
  ['status', 'text'],
  ['scenario_version_id', 'text'],
  ['scenario_name', 'text'],
  ['steps', 'jsonb'],
  ['next_step_key', 'text'],
  ['next_step_at', 'timestamptz'],
  ['last_step_key', 'text'],
  ['last_step_on', 'date'],
  ['last_refusal', 'text'],
  ['attempt', 'int'],
  ['reacted', 'boolean'],
  ['waiting_until', 'timestamptz'],
  ['waiting_reason', 'text'],
  ['channel_override', 'text'],
  ['reason', 'text'],
];

/** Writes journeys back in one statement. */
export async function writeJourneys(m: EntityManager, journeys: readonly JourneyWrite[], now: Date): Promise<void> {
  if (journeys.length === 0) return;
  const rows = journeys.map((j) => JOURNEY_WRITE.map(([c]) => (c === 'steps' ? (j.steps ? stepsToJson(j.steps) : null) : j[c])));
  const n = JOURNEY_WRITE.length;
  await m.query(
    `UPDATE cases.case_journeys j SET ${JOURNEY_WRITE.slice(1)
      .map(([c]) => (c === 'steps' ? `steps = coalesce(u.steps, j.steps)` : `${c} = u.${c}`))
      .join(', ')}, updated_at = $${n + 1}
       FROM unnest(${JOURNEY_WRITE.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS u(${JOURNEY_WRITE.map(([c]) => c).join(', ')})
      WHERE j.case_id = u.case_id`,
    [...columnsOf(rows, n), now],
  );
}

/** A step execution under its identity (case, scenario version, step, attempt). */
export interface ExecutionRow {
  caseId: string;
  versionId: string;
  stepKey: string;
  attempt: number;
  outcome: string;
  requestId: string | null;
  decision: unknown;
  at: Date;
}

/** Records executions under their identity in one statement; the cases whose execution is new (one that ran before is not). */
export async function recordExecutions(m: EntityManager, executions: readonly ExecutionRow[]): Promise<Set<string>> {
  if (executions.length === 0) return new Set();
  const rows = executions.map((e) => [
    e.caseId,
    e.versionId,
    e.stepKey,
    e.attempt,
    e.outcome,
    e.requestId,
    JSON.stringify(e.decision),
    e.at,
  ]);
  const admitted: { case_id: string }[] = await m.query(
    `INSERT INTO cases.step_executions (case_id, scenario_version_id, step_key, attempt, outcome, request_id, decision, executed_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::uuid[], $7::jsonb[], $8::timestamptz[])
     ON CONFLICT DO NOTHING RETURNING case_id`,
    columnsOf(rows, 8),
  );
  return new Set(admitted.map((r) => r.case_id));
}

/** The scheduler's changes to cases in one statement: a phase (with the lifecycle's version), and from when agents look at it. */
export async function updateCases(
  m: EntityManager,
  cases: readonly { id: string; phase: string | null; version: number | null; agentsFrom: Date | null }[],
  now: Date,
): Promise<void> {
  if (cases.length === 0) return;
  await m.query(
    `UPDATE cases.cases c SET phase = coalesce(u.phase, c.phase), version = coalesce(u.version, c.version),
            next_action_at = coalesce(u.agents_from, c.next_action_at), updated_at = $5
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::timestamptz[]) AS u(id, phase, version, agents_from) WHERE c.id = u.id`,
    [cases.map((c) => c.id), cases.map((c) => c.phase), cases.map((c) => c.version), cases.map((c) => c.agentsFrom), now],
  );
}
