/**
 * Debtor flags' persistence: `cases.debtor_flags` rows as `DebtorFlag`s, the writes, the flags
 * of a batch of cases (the journeys' plans read them once per batch), the clients' policy, and
 * the journeys a flag stopped, resumed when it is removed.
 */
import type { EntityManager } from 'typeorm';
import type { Actor, ActorKind } from '../case-lifecycle/case-lifecycle';
import type { DebtorFlag, FlagContact, FlagKind, FlagSource } from './debtor-flag';

interface FlagRow {
  id: string;
  debtor_id: string;
  client_id: string;
  kind: FlagKind;
  status: 'active' | 'removed';
  decision_date: string | null;
  country: string | null;
  reference: string | null;
  contact: FlagContact | null;
  evidence: string;
  source: FlagSource;
  set_by_kind: string;
  set_by_id: string;
  set_on_case_id: string;
  set_at: Date;
  removed_at: Date | null;
  removed_by_kind: string | null;
  removed_by_id: string | null;
  removal_reason: string | null;
  removal_evidence: string | null;
}

const COLUMNS = `f.id, f.debtor_id, f.client_id, f.kind, f.status, f.decision_date::text AS decision_date, f.country, f.reference, f.contact,
  f.evidence, f.source, f.set_by_kind, f.set_by_id, f.set_on_case_id, f.set_at, f.removed_at, f.removed_by_kind, f.removed_by_id,
  f.removal_reason, f.removal_evidence`;

const actor = (kind: string, id: string): Actor => ({ kind: kind as ActorKind, id });

export function flagOfRow(r: FlagRow): DebtorFlag {
  return {
    id: r.id,
    debtorId: r.debtor_id,
    clientId: r.client_id,
    kind: r.kind,
    status: r.status,
    decisionDate: r.decision_date,
    country: (r.country?.trim() as 'BE' | 'NL' | undefined) ?? null,
    reference: r.reference,
    contact: r.contact,
    evidence: r.evidence,
    source: r.source,
    setBy: actor(r.set_by_kind, r.set_by_id),
    setOnCaseId: r.set_on_case_id,
    setAt: new Date(r.set_at).toISOString(),
    removedAt: r.removed_at ? new Date(r.removed_at).toISOString() : null,
    removedBy: r.removed_by_kind ? actor(r.removed_by_kind, r.removed_by_id ?? '') : null,
    removalReason: r.removal_reason,
    removalEvidence: r.removal_evidence,
  };
}

/** A debtor's flags, oldest first; `activeOnly` the ones in force; `lock` holds them for the transaction. */
export async function flagsOfDebtor(m: EntityManager, debtorId: string, activeOnly = false, lock = false): Promise<DebtorFlag[]> {
  const rows: FlagRow[] = await m.query(
    `SELECT ${COLUMNS} FROM cases.debtor_flags f WHERE f.debtor_id = $1 ${activeOnly ? `AND f.status = 'active'` : ''} ORDER BY f.set_at, f.id${lock ? ' FOR UPDATE' : ''}`,
    [debtorId],
  );
  return rows.map(flagOfRow);
}

export async function flagById(m: EntityManager, id: string, lock = false): Promise<DebtorFlag | null> {
  const [row]: FlagRow[] = await m.query(`SELECT ${COLUMNS} FROM cases.debtor_flags f WHERE f.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? flagOfRow(row) : null;
}

/** The active flags of each case's debtor, for a batch of cases (one statement). */
export async function activeFlagsOfCases(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, DebtorFlag[]>> {
  const out = new Map<string, DebtorFlag[]>();
  if (caseIds.length === 0) return out;
  const rows: (FlagRow & { case_id: string })[] = await m.query(
    `SELECT c.id AS case_id, ${COLUMNS} FROM cases.cases c JOIN cases.debtor_flags f ON f.debtor_id = c.debtor_id AND f.status = 'active'
      WHERE c.id = ANY($1::uuid[]) ORDER BY f.set_at, f.id`,
    [caseIds],
  );
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), flagOfRow(r)]);
  return out;
}

export async function insertFlag(m: EntityManager, f: DebtorFlag, registerPayload: unknown = null): Promise<void> {
  await m.query(
    `INSERT INTO cases.debtor_flags (id, debtor_id, client_id, kind, status, decision_date, country, reference, contact, evidence, source,
                                     set_by_kind, set_by_id, set_on_case_id, set_at, register_payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
    [
      f.id,
      f.debtorId,
      f.clientId,
      f.kind,
      f.status,
      f.decisionDate,
      f.country,
      f.reference,
      f.contact ? JSON.stringify(f.contact) : null,
      f.evidence,
      f.source,
      f.setBy.kind,
      f.setBy.id,
      f.setOnCaseId,
      new Date(f.setAt),
      registerPayload === null ? null : JSON.stringify(registerPayload),
    ],
  );
}

export async function writeRemoval(m: EntityManager, f: DebtorFlag): Promise<void> {
  await m.query(
    `UPDATE cases.debtor_flags SET status = 'removed', removed_at = $2, removed_by_kind = $3, removed_by_id = $4, removal_reason = $5, removal_evidence = $6
      WHERE id = $1 AND status = 'active'`,
    [f.id, new Date(f.removedAt!), f.removedBy!.kind, f.removedBy!.id, f.removalReason, f.removalEvidence],
  );
}

/** The debtor's open cases (a flag's audit goes on each of them; the journeys it stops are theirs). */
export async function openCasesOfDebtor(m: EntityManager, debtorId: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(`SELECT id FROM cases.cases WHERE debtor_id = $1 AND phase <> 'closed' ORDER BY id`, [
    debtorId,
  ]);
  return rows.map((r) => r.id);
}

/** The client's policy under debt counselling: costs stop unless the client said otherwise. */
export async function costsStopUnderCounselling(m: EntityManager, clientId: string): Promise<boolean> {
  const [row] = await m.query(`SELECT costs_stop_under_counselling FROM cases.debtor_flag_policies WHERE client_id = $1`, [clientId]);
  return row ? Boolean(row.costs_stop_under_counselling) : true;
}

export async function costsPoliciesOf(m: EntityManager, clientIds: readonly string[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (clientIds.length === 0) return out;
  const rows: { client_id: string; costs_stop_under_counselling: boolean }[] = await m.query(
    `SELECT client_id, costs_stop_under_counselling FROM cases.debtor_flag_policies WHERE client_id = ANY($1::uuid[])`,
    [clientIds],
  );
  for (const r of rows) out.set(r.client_id, r.costs_stop_under_counselling);
  return out;
}

export async function setCostsPolicy(m: EntityManager, clientId: string, costsStop: boolean, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO cases.debtor_flag_policies (client_id, costs_stop_under_counselling, updated_by, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (client_id) DO UPDATE SET costs_stop_under_counselling = $2, updated_by = $3, updated_at = $4`,
    [clientId, costsStop, by, at],
  );
}

/** The cases' journeys are asked again now: a flag just set stops them at the next pass. */
export async function askJourneysNow(m: EntityManager, caseIds: readonly string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  await m.query(
    `UPDATE cases.case_journeys SET next_step_at = $2, updated_at = $2 WHERE case_id = ANY($1::uuid[]) AND status IN ('new', 'active')`,
    [caseIds, now],
  );
}

/**
 * Journeys a flag of this kind stopped (their reason starts with the flag's) go on now, from the
 * step they stopped at, asked of the legal engine anew; the cases whose journeys resumed.
 */
export async function resumeJourneys(m: EntityManager, caseIds: readonly string[], reasonPrefix: string, now: Date): Promise<string[]> {
  if (caseIds.length === 0) return [];
  // An UPDATE … RETURNING answers [rows, count] through TypeORM's pg driver.
  const [rows]: [{ case_id: string }[], number] = await m.query(
    `UPDATE cases.case_journeys
        SET status = CASE WHEN scenario_version_id IS NULL THEN 'new' ELSE 'active' END, next_step_at = $2, reason = NULL,
            last_refusal = NULL, updated_at = $2
      WHERE case_id = ANY($1::uuid[]) AND status IN ('finished', 'review') AND starts_with(reason, $3)
        AND (scenario_version_id IS NULL OR next_step_key IS NOT NULL)
      RETURNING case_id`,
    [caseIds, now, reasonPrefix],
  );
  return rows.map((r) => r.case_id);
}
