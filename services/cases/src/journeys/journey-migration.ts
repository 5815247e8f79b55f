/**
 * An admin moves a case to another scenario version (a case keeps the version it started on
 * otherwise): which step it goes on from, decided as plain values, then written with its audit
 * entry. The step goes on from the same key when the new version has it, else from the step
 * the admin names; it falls due by its anchor (never before now) and runs as a fresh attempt
 * under the new version, so nothing already sent is sent again by the migration itself.
 */
import type { EntityManager } from 'typeorm';
import { instantAt } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { auditJson, insertAudit } from '../audit/audit-trail';
import { stepDueOn, type Anchors, type ScenarioOwner, type ScenarioStep } from '../scenarios/scenario';
import { scenarioById, scenarioVersion } from '../scenarios/scenario-store';
import { JOURNEY_COLUMNS, stepsToJson, type JourneyRow } from './journey-store';

export interface MigrationTarget {
  versionId: string;
  versionStatus: string;
  owner: ScenarioOwner;
  steps: readonly ScenarioStep[];
}

export interface MigrationCase {
  clientId: string;
  debtorKind: string;
  country: string;
  phase: string;
}

/** The step the case goes on from on the new version, or what is wrong, by field. */
export function migrationStep(
  journey: Pick<JourneyRow, 'status' | 'scenario_version_id' | 'next_step_key'>,
  c: MigrationCase,
  target: MigrationTarget,
  stepKey: string | null,
): { ok: true; step: ScenarioStep } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (c.phase === 'closed') problems.push({ field: 'caseId', reason: 'the case is closed' });
  if (target.versionStatus !== 'active')
    problems.push({ field: 'versionId', reason: `the version is ${target.versionStatus}, not active` });
  if (target.versionId === journey.scenario_version_id)
    problems.push({ field: 'versionId', reason: 'the case already follows this version' });
  const o = target.owner;
  const fits = o.kind === 'agency' ? o.country === c.country && o.debtorKind === c.debtorKind : o.clientId === c.clientId;
  if (!fits)
    problems.push({
      field: 'versionId',
      reason:
        o.kind === 'agency'
          ? `the agency default for ${o.country} ${o.debtorKind} debtors does not fit this case`
          : 'the scenario is another client’s',
    });
  const key = stepKey ?? journey.next_step_key;
  const step = key === null ? target.steps[0] : target.steps.find((s) => s.key === key);
  if (!step)
    problems.push(
      stepKey !== null
        ? { field: 'stepKey', reason: `the version has no step "${stepKey}"` }
        : { field: 'stepKey', reason: `the version has no step "${key}": name the step the case goes on from` },
    );
  return problems.length ? { ok: false, problems } : { ok: true, step: step! };
}

interface CaseRow {
  client_id: string;
  phase: string;
  opened_at: Date;
  oldest_due_date: string;
  debtor_kind: string;
  country: string;
}

/** Moves the case's journey to `versionId` from `stepKey` (or the same key); the caller's walls apply. */
export async function migrateJourney(
  m: EntityManager,
  args: { caseId: string; versionId: string; stepKey: string | null; actorId: string; now: Date; timeZone: string; today: string },
): Promise<void> {
  const [c]: CaseRow[] = await m.query(
    `SELECT c.client_id, c.phase, c.opened_at, c.oldest_due_date, d.kind AS debtor_kind, trim(d.country) AS country
       FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = $1 FOR UPDATE OF c`,
    [args.caseId],
  );
  if (!c) throw new DomainError('not_found', `no case ${args.caseId}`, [{ field: 'caseId', reason: 'no such case' }]);
  const [j]: JourneyRow[] = await m.query(`SELECT ${JOURNEY_COLUMNS} FROM cases.case_journeys j WHERE j.case_id = $1 FOR UPDATE`, [
    args.caseId,
  ]);
  if (!j) throw DomainError.invalid([{ field: 'caseId', reason: 'the case has no journey' }]);
  const version = await scenarioVersion(m, args.versionId);
  const scenario = version ? await scenarioById(m, version.scenarioId) : null;
  if (!version || !scenario) throw DomainError.invalid([{ field: 'versionId', reason: 'no such scenario version' }]);
  const target = { versionId: version.id, versionStatus: version.status, owner: scenario.owner, steps: version.steps };
  const decided = migrationStep(
    j,
    { clientId: c.client_id, debtorKind: c.debtor_kind, country: c.country, phase: c.phase },
    target,
    args.stepKey,
  );
  if (!decided.ok) throw DomainError.invalid(decided.problems);
  const step = decided.step;
  const anchors: Anchors = { dueDate: String(c.oldest_due_date), placedOn: args.today, previousStepOn: j.last_step_on };
  const day = stepDueOn(step, anchors);
  const at = day === null ? args.now : new Date(Math.max(args.now.getTime(), Date.parse(instantAt(day, 0, args.timeZone))));
  const [{ attempt }]: { attempt: number }[] = await m.query(
    `SELECT coalesce(max(attempt), 0) + 1 AS attempt FROM cases.step_executions WHERE case_id = $1 AND scenario_version_id = $2 AND step_key = $3`,
    [args.caseId, version.id, step.key],
  );
  await m.query(
    `UPDATE cases.case_journeys SET status = 'active', scenario_version_id = $2, scenario_name = $3, steps = $4, next_step_key = $5, next_step_at = $6,
            attempt = $7, last_refusal = NULL, channel_override = NULL, reason = NULL, updated_at = $8 WHERE case_id = $1`,
    [args.caseId, version.id, scenario.name, stepsToJson(version.steps), step.key, at, attempt, args.now],
  );
  const before = { versionId: j.scenario_version_id, scenario: j.scenario_name, next: j.next_step_key, status: j.status };
  const after = { versionId: version.id, scenario: scenario.name, version: version.number, next: step.key, dueAt: at.toISOString() };
  await insertAudit(m, [
    [
      args.caseId,
      'admin',
      args.actorId,
      args.now,
      'journey_migrated',
      `moved to ${scenario.name} v${version.number}`,
      auditJson(before),
      auditJson(after),
    ],
  ]);
}
