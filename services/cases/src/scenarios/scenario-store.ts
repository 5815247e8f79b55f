/**
 * Scenarios in the database: typed rows mapped to domain values in one place, and the reads
 * and writes the use cases (and the scheduler, inside its own transaction) make. Every function
 * takes the caller's EntityManager; row-level security applies when it runs as a tenant.
 */
import type { EntityManager } from 'typeorm';
import type { DebtorKind } from '@amicus/legal';
import type { Actor } from '../case-lifecycle/case-lifecycle';
import type { ScenarioOwner, ScenarioStep, Segment, VersionStatus } from './scenario';
import { readSegments, readSteps, segmentToWire, stepToWire, type SegmentWire, type StepWire } from './scenario-wire';

export interface StoredScenario {
  id: string;
  name: string;
  owner: ScenarioOwner;
  createdBy: string;
  createdAt: Date;
}

export interface StoredVersion {
  id: string;
  scenarioId: string;
  number: number;
  status: VersionStatus;
  steps: ScenarioStep[];
  createdBy: string;
  createdAt: Date;
  activatedBy: string | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
  approval: { by: string; at: Date } | null;
}

/** An active version a case may follow, with its scenario's owner (what chooseScenario ranks). */
export interface ActiveScenario {
  scenarioId: string;
  versionId: string;
  version: number;
  name: string;
  owner: ScenarioOwner;
  steps: ScenarioStep[];
}

export interface ScenarioHistoryEntry {
  seq: string;
  version: number | null;
  actorKind: string;
  actorId: string;
  at: Date;
  action: string;
  detail: unknown;
}

/** A `cases.scenarios` row. */
interface ScenarioRow {
  id: string;
  client_id: string | null;
  brand_id: string | null;
  segment: string | null;
  country: string | null;
  debtor_kind: DebtorKind | null;
  name: string;
  created_by: string;
  created_at: Date;
}

/** A `cases.scenario_versions` row with its approval (left-joined). */
interface VersionRow {
  id: string;
  scenario_id: string;
  number: number;
  status: VersionStatus;
  steps: StepWire[];
  created_by: string;
  created_at: Date;
  activated_by: string | null;
  activated_at: Date | null;
  retired_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
}

interface HistoryRow {
  seq: string;
  version: number | null;
  actor_kind: string;
  actor_id: string;
  at: Date;
  action: string;
  detail: unknown;
}

function ownerOfRow(r: ScenarioRow): ScenarioOwner {
  if (r.client_id !== null) return { kind: 'client', clientId: r.client_id, brandId: r.brand_id, segment: r.segment };
  // The table's CHECK holds an agency default to its country and debtor kind.
  if (r.country === null || r.debtor_kind === null) throw new Error(`scenario ${r.id} has neither a client nor a jurisdiction`);
  return { kind: 'agency', country: r.country, debtorKind: r.debtor_kind };
}

const scenarioOfRow = (r: ScenarioRow): StoredScenario => ({
  id: r.id,
  name: r.name,
  owner: ownerOfRow(r),
  createdBy: r.created_by,
  createdAt: r.created_at,
});

// Stored steps were read and validated when they were saved: reading them back finds no problem.
const stepsOf = (wire: StepWire[]): ScenarioStep[] => readSteps(wire).steps;

const versionOfRow = (r: VersionRow): StoredVersion => ({
  id: r.id,
  scenarioId: r.scenario_id,
  number: r.number,
  status: r.status,
  steps: stepsOf(r.steps),
  createdBy: r.created_by,
  createdAt: r.created_at,
  activatedBy: r.activated_by,
  activatedAt: r.activated_at,
  retiredAt: r.retired_at,
  approval: r.approved_by !== null && r.approved_at !== null ? { by: r.approved_by, at: r.approved_at } : null,
});

const SCENARIO = `SELECT s.id, s.client_id, s.brand_id, s.segment, s.country, s.debtor_kind, s.name, s.created_by, s.created_at FROM cases.scenarios s`;
const VERSION = `SELECT v.id, v.scenario_id, v.number, v.status, v.steps, v.created_by, v.created_at, v.activated_by, v.activated_at, v.retired_at,
    a.approved_by, a.approved_at
  FROM cases.scenario_versions v LEFT JOIN cases.scenario_approvals a ON a.version_id = v.id`;

// -- The scheduler's reads --------------------------------------------------------------------

/** Every active version a case of this client may follow: its client's (any brand, any segment) and the agency defaults. */
export async function activeScenarios(m: EntityManager, clientId: string): Promise<ActiveScenario[]> {
  const rows: (ScenarioRow & { version_id: string; number: number; steps: StepWire[] })[] = await m.query(
    `SELECT s.*, v.id AS version_id, v.number, v.steps FROM cases.scenarios s JOIN cases.scenario_versions v ON v.scenario_id = s.id AND v.status = 'active'
      WHERE s.client_id = $1 OR s.client_id IS NULL ORDER BY s.created_at, s.id`,
    [clientId],
  );
  return rows.map((r) => ({
    scenarioId: r.id,
    versionId: r.version_id,
    version: r.number,
    name: r.name,
    owner: ownerOfRow(r),
    steps: stepsOf(r.steps),
  }));
}

/** One version by id, whatever its status: a case keeps the version it started on. */
export async function scenarioVersion(m: EntityManager, versionId: string): Promise<StoredVersion | null> {
  const [row]: VersionRow[] = await m.query(`${VERSION} WHERE v.id = $1`, [versionId]);
  return row ? versionOfRow(row) : null;
}

/** A client's segments in its order (segmentOf takes the first that fits). */
export async function clientSegments(m: EntityManager, clientId: string): Promise<Segment[]> {
  const rows: { key: string; conditions: Omit<SegmentWire, 'key'> }[] = await m.query(
    `SELECT key, conditions FROM cases.segments WHERE client_id = $1 ORDER BY position`,
    [clientId],
  );
  return readSegments(rows.map((r) => ({ ...r.conditions, key: r.key }))).segments;
}

// -- Reads of the use cases -------------------------------------------------------------------

/** Scenarios matching `where` (SQL on alias `s`), the client's own first, then the agency defaults. */
export async function findScenarios(m: EntityManager, where: string, params: unknown[]): Promise<StoredScenario[]> {
  const rows: ScenarioRow[] = await m.query(
    `${SCENARIO} WHERE ${where} ORDER BY s.client_id NULLS LAST, s.brand_id NULLS FIRST, s.segment NULLS FIRST, s.country, s.debtor_kind, s.name, s.id`,
    params,
  );
  return rows.map(scenarioOfRow);
}

export async function scenarioById(m: EntityManager, id: string, forUpdate = false): Promise<StoredScenario | null> {
  const [row]: ScenarioRow[] = await m.query(`${SCENARIO} WHERE s.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return row ? scenarioOfRow(row) : null;
}

export async function versionsOf(m: EntityManager, scenarioIds: string[]): Promise<StoredVersion[]> {
  const rows: VersionRow[] = await m.query(`${VERSION} WHERE v.scenario_id = ANY($1::uuid[]) ORDER BY v.scenario_id, v.number`, [
    scenarioIds,
  ]);
  return rows.map(versionOfRow);
}

export async function historyOf(m: EntityManager, scenarioId: string): Promise<ScenarioHistoryEntry[]> {
  const rows: HistoryRow[] = await m.query(
    `SELECT seq::text, version, actor_kind, actor_id, at, action, detail FROM cases.scenario_history WHERE scenario_id = $1 ORDER BY scenario_history.seq`,
    [scenarioId],
  );
  return rows.map((r) => ({
    seq: r.seq,
    version: r.version,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    at: r.at,
    action: r.action,
    detail: r.detail,
  }));
}

/** The segments a client's scenarios use (as owner or in a live version's step conditions), with a scenario using each. */
export async function segmentsInUse(m: EntityManager, clientId: string): Promise<Map<string, string>> {
  const rows: { segment: string; name: string }[] = await m.query(
    `SELECT s.segment, s.name FROM cases.scenarios s WHERE s.client_id = $1 AND s.segment IS NOT NULL
     UNION ALL
     SELECT seg.value, s.name FROM cases.scenarios s JOIN cases.scenario_versions v ON v.scenario_id = s.id AND v.status <> 'retired',
       jsonb_array_elements(v.steps) step, jsonb_array_elements_text(coalesce(step -> 'conditions' -> 'segments', '[]')) seg
      WHERE s.client_id = $1`,
    [clientId],
  );
  return new Map(rows.map((r) => [r.segment, r.name]));
}

// -- Writes -----------------------------------------------------------------------------------

/** Inserts a scenario; false when its owner already has one. */
export async function insertScenario(m: EntityManager, s: StoredScenario): Promise<boolean> {
  const o = s.owner;
  const inserted: unknown[] = await m.query(
    `INSERT INTO cases.scenarios (id, client_id, brand_id, segment, country, debtor_kind, name, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
    [
      s.id,
      o.kind === 'client' ? o.clientId : null,
      o.kind === 'client' ? o.brandId : null,
      o.kind === 'client' ? o.segment : null,
      o.kind === 'agency' ? o.country : null,
      o.kind === 'agency' ? o.debtorKind : null,
      s.name,
      s.createdBy,
      s.createdAt,
    ],
  );
  return inserted.length > 0;
}

export async function insertVersion(m: EntityManager, v: Omit<StoredVersion, 'approval'>): Promise<void> {
  await m.query(
    `INSERT INTO cases.scenario_versions (id, scenario_id, number, status, steps, created_by, created_at, activated_by, activated_at, retired_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)`,
    [
      v.id,
      v.scenarioId,
      v.number,
      v.status,
      JSON.stringify(v.steps.map(stepToWire)),
      v.createdBy,
      v.createdAt,
      v.activatedBy,
      v.activatedAt,
      v.retiredAt,
    ],
  );
}

export async function markActive(m: EntityManager, scenarioId: string, number: number, by: string, at: Date): Promise<void> {
  await m.query(
    `UPDATE cases.scenario_versions SET status = 'active', activated_by = $3, activated_at = $4 WHERE scenario_id = $1 AND number = $2`,
    [scenarioId, number, by, at],
  );
}

export async function markRetired(m: EntityManager, scenarioId: string, number: number, at: Date): Promise<void> {
  await m.query(`UPDATE cases.scenario_versions SET status = 'retired', retired_at = $3 WHERE scenario_id = $1 AND number = $2`, [
    scenarioId,
    number,
    at,
  ]);
}

/** Records a client's approval of a version; false when it was approved meanwhile. */
export async function insertApproval(m: EntityManager, versionId: string, clientId: string, by: string, at: Date): Promise<boolean> {
  const inserted: unknown[] = await m.query(
    `INSERT INTO cases.scenario_approvals (version_id, client_id, approved_by, approved_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING version_id`,
    [versionId, clientId, by, at],
  );
  return inserted.length > 0;
}

/** Replaces a client's segments by `segments`, in their order. */
export async function replaceSegments(
  m: EntityManager,
  clientId: string,
  segments: readonly Segment[],
  by: string,
  at: Date,
): Promise<void> {
  await m.query(`DELETE FROM cases.segments WHERE client_id = $1`, [clientId]);
  if (!segments.length) return;
  const wire = segments.map(segmentToWire);
  await m.query(
    `INSERT INTO cases.segments (client_id, position, key, conditions, updated_by, updated_at)
     SELECT $1, ordinality, s ->> 'key', s - 'key', $3, $4 FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(s, ordinality)`,
    [clientId, JSON.stringify(wire), by, at],
  );
}

export interface HistoryFact {
  clientId: string | null;
  scenarioId: string | null;
  version: number | null;
  actor: Actor;
  at: Date;
  action: 'seed' | 'create' | 'save_draft' | 'activate' | 'retire' | 'approve' | 'set_segments';
  detail?: unknown;
}

export async function appendHistory(m: EntityManager, h: HistoryFact): Promise<void> {
  await m.query(
    `INSERT INTO cases.scenario_history (client_id, scenario_id, version, actor_kind, actor_id, at, action, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
    [
      h.clientId,
      h.scenarioId,
      h.version,
      h.actor.kind,
      h.actor.id,
      h.at,
      h.action,
      h.detail === undefined ? null : JSON.stringify(h.detail),
    ],
  );
}
