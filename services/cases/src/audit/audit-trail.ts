/**
 * The case's append-only audit trail (architecture rule 7): who or what did what, when, under
 * which rule. A trigger refuses UPDATE, DELETE and TRUNCATE of `cases.audit_entries` for everyone.
 */
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../case-lifecycle/case-lifecycle';
import { insertRows } from '../bulk-writes/unnest-rows';

/** A snapshot as audit JSON: amounts (bigint minor units) as decimal strings. */
export function auditJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v));
}

/** One audit row: [caseId, actorKind, actorId, at, action, reason, before json, after json]. */
export type AuditRow = [string, string, string, Date, string, string | null, string | null, string];

const AUDIT_COLUMNS = [
  ['case_id', 'uuid'],
  ['actor_kind', 'text'],
  ['actor_id', 'text'],
  ['at', 'timestamptz'],
  ['action', 'text'],
  ['reason', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
] as const;

export async function insertAudit(m: EntityManager, rows: AuditRow[]): Promise<void> {
  await insertRows(m, 'cases.audit_entries', AUDIT_COLUMNS, rows);
}

/** The audit row of a lifecycle decision's entry. */
export function auditRowOf(a: AuditEntry): AuditRow {
  return [
    a.caseId,
    a.actor.kind,
    a.actor.id,
    new Date(a.at),
    a.action,
    a.reason ?? null,
    a.before ? auditJson(a.before) : null,
    auditJson(a.after),
  ];
}
