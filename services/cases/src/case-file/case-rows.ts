/**
 * The case file's rows as pg returns them, mapped to the domain and GraphQL shapes in one place.
 * (`char(n)` columns come padded, dates as text, bigints as text.)
 */
import type { CaseState } from '../case-lifecycle/case-lifecycle';
import { debtorOfRow, type DebtorRow } from '../debtors/debtor-rows';
import type { ContactOutcome } from '../worklist/worklist';
import type { AuditEntryModel, CaseModel, ClaimModel, DebtorModel, NoteModel } from './case.model';

/** A `cases.cases` row, with `open_text` when the query added `open_minor::text`. */
export interface CaseRow {
  id: string;
  client_id: string;
  brand_id: string;
  debtor_id: string;
  phase: CaseState['phase'];
  outcome: string | null;
  close_reason: string | null;
  closed_at: Date | null;
  currency: string;
  principal_minor: string;
  interest_minor: string;
  costs_minor: string;
  paid_minor: string;
  open_minor: string;
  open_text?: string;
  oldest_due_date: string;
  assigned_agent_id: string | null;
  hold_until: string | null;
  hold_reason: string | null;
  next_action_at: Date | null;
  priority_score: string;
  broken_promises: number;
  last_contact_outcome: ContactOutcome | null;
  opened_at: Date;
  version: number | string;
}

export interface ClaimRow {
  id: string;
  case_id: string;
  invoice_number: string;
  issue_date: string;
  due_date: string;
  principal_minor: string;
  /** What resolved disputes credited on it (disputes/). */
  credited_minor?: string;
  currency: string;
  description: string | null;
  interest_clause: boolean;
  damages_clause: boolean;
  first_reminder_sent_on: string | null;
  status: string;
  placement_id: string | null;
}

export interface NoteRow {
  id: string;
  author: string;
  body: string;
  created_at: Date;
}

export interface AuditRow {
  seq: string;
  actor_kind: string;
  actor_id: string;
  at: Date;
  action: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

/** The open balance in minor units (the exact text when the query asked for it). */
export const openMinorOf = (r: CaseRow): bigint => BigInt(r.open_text ?? r.open_minor);

export function stateOfRow(row: CaseRow, claims: { id: string; status: 'open' | 'recalled' }[]): CaseState {
  const state: CaseState = {
    caseId: row.id,
    clientId: row.client_id,
    brandId: row.brand_id,
    debtorId: row.debtor_id,
    phase: row.phase,
    claims: claims.map((c) => ({ claimId: c.id, status: c.status })),
    openedAt: row.opened_at.toISOString(),
    version: Number(row.version),
  };
  if (row.assigned_agent_id) state.assignedAgentId = row.assigned_agent_id;
  if (row.hold_until) state.hold = { until: String(row.hold_until), reason: row.hold_reason ?? '' };
  return state;
}

export function caseOfRow(r: CaseRow): CaseModel {
  return {
    id: r.id,
    clientId: r.client_id,
    brandId: r.brand_id,
    debtorId: r.debtor_id,
    phase: r.phase,
    outcome: r.outcome ?? null,
    closeReason: r.close_reason ?? null,
    closedAt: r.closed_at ?? null,
    balance: {
      currency: r.currency.trim(),
      principalMinor: String(r.principal_minor),
      interestMinor: String(r.interest_minor),
      costsMinor: String(r.costs_minor),
      paidMinor: String(r.paid_minor),
      openMinor: String(r.open_text ?? r.open_minor),
    },
    oldestDueDate: String(r.oldest_due_date),
    assignedAgentId: r.assigned_agent_id ?? null,
    holdUntil: r.hold_until ? String(r.hold_until) : null,
    holdReason: r.hold_reason ?? null,
    nextActionAt: r.next_action_at ?? null,
    priorityScore: String(r.priority_score),
    openedAt: r.opened_at,
    version: Number(r.version),
  };
}

export function claimOfRow(r: ClaimRow): ClaimModel {
  return {
    id: r.id,
    caseId: r.case_id,
    invoiceNumber: r.invoice_number,
    issueDate: String(r.issue_date),
    dueDate: String(r.due_date),
    principalMinor: String(r.principal_minor),
    creditedMinor: String(r.credited_minor ?? 0),
    currency: r.currency.trim(),
    description: r.description ?? null,
    interestClause: r.interest_clause,
    damagesClause: r.damages_clause,
    firstReminderSentOn: r.first_reminder_sent_on ? String(r.first_reminder_sent_on) : null,
    status: r.status,
    placementId: r.placement_id ?? null,
  };
}

export const noteOfRow = (r: NoteRow): NoteModel => ({ id: r.id, author: r.author, body: r.body, createdAt: r.created_at });

export function auditEntryOfRow(r: AuditRow): AuditEntryModel {
  return {
    seq: r.seq,
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    at: r.at,
    action: r.action,
    reason: r.reason ?? null,
    before: r.before === null ? null : JSON.stringify(r.before),
    after: JSON.stringify(r.after),
  };
}

export const debtorModelOfRow = (r: DebtorRow): DebtorModel => ({ ...debtorOfRow(r) });
