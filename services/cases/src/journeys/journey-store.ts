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
import type { JourneyStatus, Position } from './journey';

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
}

/** The journey's columns as a JourneyRow reads them (alias `j`). */
export const JOURNEY_COLUMNS = `j.case_id, j.client_id, j.status, j.scenario_version_id, j.scenario_name, j.steps, j.next_step_key, j.next_step_at,
       j.last_step_key, j.last_step_on::text, j.last_refusal, j.attempt, j.reacted, j.waiting_until, j.waiting_reason, j.channel_override`;

/** The case a journey step runs on, with its debtor's jurisdiction and its client's size. */
export interface JourneyCaseRow extends CaseRow {
  debtor_kind: DebtorKind;
  debtor_country: string;
  debtor_time_zone: string;
  debtor_preferred_channel: PreferredChannel | null;
}

/** The journeys due at `now`, locked for this transaction; those another scheduler holds are skipped. */
export async function takeDueJourneys(m: EntityManager, now: Date, limit: number): Promise<JourneyRow[]> {
  return m.query(
    `SELECT ${JOURNEY_COLUMNS}
       FROM cases.case_journeys j
      WHERE next_step_at <= $1 AND status IN ('new', 'active')
      ORDER BY next_step_at, case_id
      LIMIT $2
      FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
}

/** The case of a journey; `lock` holds its row for the transaction (the scheduler writes it). */
export async function journeyCase(m: EntityManager, caseId: string, lock = true): Promise<JourneyCaseRow | undefined> {
  const [row]: JourneyCaseRow[] = await m.query(
    `SELECT c.*, c.open_minor::text AS open_text, d.kind AS debtor_kind, d.country AS debtor_country, d.time_zone AS debtor_time_zone,
            d.preferred_channel AS debtor_preferred_channel
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`,
    [caseId],
  );
  return row;
}

/** Steps as stored: the scenarios' own wire form (amounts as decimal strings of minor units), and back. */
export function stepsToJson(steps: readonly ScenarioStep[]): string {
  return JSON.stringify(steps.map(stepToWire));
}

export function stepsOfJson(json: unknown): ScenarioStep[] {
  return readSteps(json as StepWire[]).steps;
}

/** The journey starts on a scenario version at its first position (or finishes at once when none fits). */
export async function startJourney(
  m: EntityManager,
  caseId: string,
  scenario: { versionId: string; name: string; steps: readonly ScenarioStep[] },
  position: Position | null,
  now: Date,
): Promise<void> {
  await m.query(
    `UPDATE cases.case_journeys SET status = $2, scenario_version_id = $3, scenario_name = $4, steps = $5, next_step_key = $6, next_step_at = $7,
            reason = $8, updated_at = $9 WHERE case_id = $1`,
    [
      caseId,
      position ? 'active' : 'finished',
      scenario.versionId,
      scenario.name,
      stepsToJson(scenario.steps),
      position?.stepKey ?? null,
      position?.dueAt ?? null,
      position ? null : 'no step of the scenario applies to this case',
      now,
    ],
  );
}

/** The step ran: the journey waits for its next position (or has run out). */
export async function advanceJourney(
  m: EntityManager,
  caseId: string,
  doneKey: string,
  doneOn: string,
  position: Position | null,
  now: Date,
): Promise<void> {
  await m.query(
    `UPDATE cases.case_journeys SET status = $2, next_step_key = $3, next_step_at = $4, last_step_key = $5, last_step_on = $6, last_refusal = NULL,
            attempt = 1, reacted = false, channel_override = NULL, waiting_until = NULL, waiting_reason = NULL, reason = $7, updated_at = $8
      WHERE case_id = $1`,
    [
      caseId,
      position ? 'active' : 'finished',
      position?.stepKey ?? null,
      position?.dueAt ?? null,
      doneKey,
      doneOn,
      position ? null : 'the scenario has run out',
      now,
    ],
  );
}

/** The step waits (a refusal with a date, a hold): same step, later. */
export async function postponeJourney(
  m: EntityManager,
  caseId: string,
  until: string | Date,
  refusalRule: string | null,
  now: Date,
): Promise<void> {
  await m.query(
    `UPDATE cases.case_journeys SET next_step_at = $2, last_refusal = coalesce($3, last_refusal), updated_at = $4 WHERE case_id = $1`,
    [caseId, until, refusalRule, now],
  );
}

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

/** Records a step execution under its identity; false when it ran before (then nothing more is done). */
export async function recordExecution(
  m: EntityManager,
  e: {
    caseId: string;
    versionId: string;
    stepKey: string;
    attempt: number;
    outcome: string;
    requestId: string | null;
    decision: unknown;
    at: Date;
  },
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO cases.step_executions (case_id, scenario_version_id, step_key, attempt, outcome, request_id, decision, executed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING step_key`,
    [e.caseId, e.versionId, e.stepKey, e.attempt, e.outcome, e.requestId, JSON.stringify(e.decision), e.at],
  );
  return rows.length === 1;
}

/** Makes the case due on its brand's agents' worklists now (a call task, a review). */
export async function dueForAgents(m: EntityManager, caseId: string, now: Date): Promise<void> {
  await m.query(`UPDATE cases.cases SET next_action_at = $2, updated_at = $2 WHERE id = $1`, [caseId, now]);
}

/** The due step does not apply any more (its conditions, the debtor's reaction): the journey moves to the next one that does. */
export async function skipToPosition(m: EntityManager, caseId: string, position: Position | null, now: Date): Promise<void> {
  await m.query(
    `UPDATE cases.case_journeys SET status = $2, next_step_key = $3, next_step_at = $4, last_refusal = NULL, attempt = 1, channel_override = NULL,
            reason = $5, updated_at = $6 WHERE case_id = $1`,
    [
      caseId,
      position ? 'active' : 'finished',
      position?.stepKey ?? null,
      position?.dueAt ?? null,
      position ? null : 'no later step of the scenario applies to this case',
      now,
    ],
  );
}
