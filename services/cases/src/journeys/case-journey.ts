/**
 * A case's journey as its file shows it: the scenario and version it follows, the steps done
 * (with the legal answer each ran on and the communication it requested), the next step and
 * when it falls due, and the refusals the scheduler recorded, each with its rule.
 */
import type { EntityManager } from 'typeorm';
import type { ScenarioStep } from '../scenarios/scenario';
import type { JourneyStatus, LegalAnswer } from './journey';
import { stepsOfJson } from './journey-store';

export interface StepDone {
  stepKey: string;
  kind: string;
  /** The version's step as the case started on it; null when the version no longer names it. */
  step: ScenarioStep | null;
  attempt: number;
  executedAt: Date;
  decision: LegalAnswer | null;
  /** The CommunicationRequested's request id (a message step); communications' `Communication.requestId`. */
  requestId: string | null;
}

export interface NextStep {
  /** Null while the journey has not started: its scenario is chosen when it does. */
  step: ScenarioStep | null;
  dueAt: Date;
}

export interface JourneyRefusal {
  at: Date;
  /** `refused`: the step waits for a date; `review`: an agent decides. */
  kind: 'refused' | 'review';
  stepKey: string | null;
  rule: string | null;
  source: string | null;
  reason: string;
  earliestAt: string | null;
}

export interface CaseJourney {
  caseId: string;
  status: JourneyStatus;
  scenarioName: string | null;
  scenarioVersionId: string | null;
  scenarioVersion: number | null;
  /** Why a journey stopped or waits for an agent. */
  reason: string | null;
  stepsDone: StepDone[];
  next: NextStep | null;
  refusals: JourneyRefusal[];
}

interface JourneyReadRow {
  status: JourneyStatus;
  scenario_name: string | null;
  scenario_version_id: string | null;
  version_number: number | null;
  steps: unknown;
  next_step_key: string | null;
  next_step_at: Date | null;
  reason: string | null;
}

interface ExecutionRow {
  step_key: string;
  attempt: number;
  outcome: string;
  request_id: string | null;
  decision: LegalAnswer | null;
  executed_at: Date;
}

/** What the scheduler's audit entries keep of a refusal (journey-step.ts). */
interface RefusalRow {
  at: Date;
  action: 'journey_refused' | 'journey_review';
  reason: string | null;
  after: { step?: string; rule?: string; source?: string; reason?: string; earliestAt?: string | null };
}

/** The journey of a case (read under the caller's walls); null when the case has none. */
export async function caseJourney(m: EntityManager, caseId: string): Promise<CaseJourney | null> {
  const [j]: JourneyReadRow[] = await m.query(
    `SELECT j.status, j.scenario_name, j.scenario_version_id, v.number AS version_number, j.steps, j.next_step_key, j.next_step_at, j.reason
       FROM cases.case_journeys j LEFT JOIN cases.scenario_versions v ON v.id::text = j.scenario_version_id
      WHERE j.case_id = $1`,
    [caseId],
  );
  if (!j) return null;
  const steps = j.steps ? stepsOfJson(j.steps) : [];
  const stepOf = (key: string | null) => steps.find((s) => s.key === key) ?? null;
  const executions: ExecutionRow[] = await m.query(
    `SELECT step_key, attempt, outcome, request_id, decision, executed_at FROM cases.step_executions WHERE case_id = $1 ORDER BY executed_at, step_key`,
    [caseId],
  );
  const refusals: RefusalRow[] = await m.query(
    `SELECT at, action, reason, after FROM cases.audit_entries WHERE case_id = $1 AND action IN ('journey_refused', 'journey_review') ORDER BY seq`,
    [caseId],
  );
  const going = j.status === 'new' || j.status === 'active';
  return {
    caseId,
    status: j.status,
    scenarioName: j.scenario_name,
    scenarioVersionId: j.scenario_version_id,
    scenarioVersion: j.version_number,
    reason: j.reason,
    stepsDone: executions.map((e) => ({
      stepKey: e.step_key,
      kind: e.outcome,
      step: stepOf(e.step_key),
      attempt: e.attempt,
      executedAt: e.executed_at,
      decision: e.decision,
      requestId: e.request_id,
    })),
    next: going && j.next_step_at ? { step: stepOf(j.next_step_key), dueAt: j.next_step_at } : null,
    refusals: refusals.map((r) => ({
      at: r.at,
      kind: r.action === 'journey_refused' ? 'refused' : 'review',
      stepKey: r.after.step ?? null,
      rule: r.after.rule ?? null,
      source: r.after.source ?? null,
      reason: r.after.reason ?? r.reason ?? '',
      earliestAt: r.after.earliestAt ?? null,
    })),
  };
}
