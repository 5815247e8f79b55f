/**
 * Escalations and the clients' escalation settings in Postgres, as typed rows (under the
 * caller's walls: row-level security on `escalations` follows the case).
 */
import type { EntityManager } from 'typeorm';
import { auditJson } from '../audit/audit-trail';
import { DEFAULT_THRESHOLD_MINOR, type EscalationEstimate, type EscalationStatus } from './escalation';

export interface EscalationSettings {
  thresholdMinor: bigint;
  approvalRequired: boolean;
}

/** Without a row: €250.00, and the client approves every escalation (court action is the creditor's call). */
export const DEFAULT_SETTINGS: EscalationSettings = { thresholdMinor: DEFAULT_THRESHOLD_MINOR, approvalRequired: true };

export async function settingsOf(m: EntityManager, clientId: string): Promise<EscalationSettings | null> {
  const [row]: { threshold_minor: string; approval_required: boolean }[] = await m.query(
    `SELECT threshold_minor::text, approval_required FROM cases.escalation_settings WHERE client_id = $1`,
    [clientId],
  );
  if (row) return { thresholdMinor: BigInt(row.threshold_minor), approvalRequired: row.approval_required };
  const [client] = await m.query(`SELECT 1 FROM cases.clients WHERE id = $1`, [clientId]);
  return client ? { ...DEFAULT_SETTINGS } : null;
}

export async function setSettings(m: EntityManager, clientId: string, s: EscalationSettings, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO cases.escalation_settings (client_id, threshold_minor, approval_required, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (client_id) DO UPDATE SET threshold_minor = excluded.threshold_minor, approval_required = excluded.approval_required,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [clientId, s.thresholdMinor.toString(), s.approvalRequired, by, at],
  );
}

export interface Proposal {
  id: string;
  caseId: string;
  status: EscalationStatus;
  reason: string;
  proposedAt: Date;
  proposedBy: string;
  approvalRequired: boolean;
  estimate: EscalationEstimate;
  answeredAt: Date | null;
  answeredBy: string | null;
  approved: boolean | null;
  answerReason: string | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  version: number;
}

interface ProposalRow {
  id: string;
  case_id: string;
  status: EscalationStatus;
  reason: string;
  proposed_at: Date;
  proposed_by: string;
  approval_required: boolean;
  estimate: Record<string, string | number>;
  answered_at: Date | null;
  answered_by: string | null;
  approved: boolean | null;
  answer_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  version: number;
}

const BIG = ['courtCostsMinor', 'bailiffCostsMinor', 'openMinor', 'expectedRecoveryMinor', 'netMinor'] as const;

function proposalOfRow(r: ProposalRow): Proposal {
  const e = r.estimate;
  const estimate = { ...e, ...Object.fromEntries(BIG.map((k) => [k, BigInt(String(e[k] ?? '0'))])) } as unknown as EscalationEstimate;
  return {
    id: r.id,
    caseId: r.case_id,
    status: r.status,
    reason: r.reason,
    proposedAt: r.proposed_at,
    proposedBy: r.proposed_by,
    approvalRequired: r.approval_required,
    estimate,
    answeredAt: r.answered_at,
    answeredBy: r.answered_by,
    approved: r.approved,
    answerReason: r.answer_reason,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    version: r.version,
  };
}

/** The case's latest proposal (locked when asked). */
export async function latestProposal(m: EntityManager, caseId: string, forUpdate = false): Promise<Proposal | null> {
  const [row]: ProposalRow[] = await m.query(
    `SELECT * FROM cases.escalations WHERE case_id = $1 ORDER BY proposed_at DESC, id DESC LIMIT 1${forUpdate ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  return row ? proposalOfRow(row) : null;
}

export async function insertProposal(
  m: EntityManager,
  p: Pick<Proposal, 'id' | 'caseId' | 'status' | 'reason' | 'proposedAt' | 'proposedBy' | 'approvalRequired' | 'estimate'> & {
    clientId: string;
    brandId: string;
  },
): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO cases.escalations (id, case_id, client_id, brand_id, status, reason, proposed_at, proposed_by, approval_required, estimate)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (case_id) WHERE status IN ('awaiting_client', 'awaiting_legal') DO NOTHING RETURNING id`,
    [p.id, p.caseId, p.clientId, p.brandId, p.status, p.reason, p.proposedAt, p.proposedBy, p.approvalRequired, auditJson(p.estimate)],
  );
  return rows.length === 1;
}

export async function recordAnswer(m: EntityManager, p: Proposal, status: EscalationStatus, by: string, reason: string | null, at: Date) {
  await m.query(
    `UPDATE cases.escalations SET status = $2, answered_at = $3, answered_by = $4, approved = $5, answer_reason = $6, version = version + 1 WHERE id = $1`,
    [p.id, status, at, by, status === 'awaiting_legal', reason],
  );
}

export async function recordDecision(
  m: EntityManager,
  id: string,
  status: 'accepted' | 'returned',
  by: string,
  reason: string | null,
  at: Date,
) {
  await m.query(
    `UPDATE cases.escalations SET status = $2, decided_at = $3, decided_by = $4, decision_reason = $5, version = version + 1 WHERE id = $1`,
    [id, status, at, by, reason],
  );
}

/** The client's closed cases and those of them recovered (paid or settled); a recall is no outcome of collection. */
export async function recoveryHistory(m: EntityManager, clientId: string): Promise<{ closed: number; recovered: number }> {
  const [row]: { closed: number; recovered: number }[] = await m.query(
    `SELECT count(*) FILTER (WHERE outcome <> 'returned_to_client')::int AS closed,
            count(*) FILTER (WHERE outcome IN ('paid', 'settled'))::int AS recovered
       FROM cases.cases WHERE client_id = $1 AND phase = 'closed'`,
    [clientId],
  );
  return row ?? { closed: 0, recovered: 0 };
}
