/**
 * Complaints as rows: read (one, a case's, a listing), written (a new one, a changed one with its
 * version as the optimistic lock), and which cases' journeys they pause; mapped to the domain's
 * `Complaint` in one place.
 */
import type { EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { scopeSql } from '../case-file/case-listing';
import type { CaseScope } from '../tenancy/tenant';
import { COMPLAINT_PAUSE, type Complaint, type ComplaintStatus } from './complaint';

interface ComplaintRow {
  id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  category: Complaint['category'];
  channel: Complaint['channel'];
  complained_by: Complaint['by'];
  text: string;
  status: ComplaintStatus;
  logged_at: Date;
  logged_by: string;
  due_on: string;
  pauses_journey: boolean;
  pause_decided_by: string | null;
  answer: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  answered_in_time: boolean | null;
  upheld: boolean | null;
  closing_note: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  version: number;
}

function complaintOfRow(r: ComplaintRow): Complaint {
  return {
    id: r.id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    category: r.category,
    channel: r.channel,
    by: r.complained_by,
    text: r.text,
    status: r.status,
    loggedAt: r.logged_at.toISOString(),
    loggedBy: r.logged_by,
    dueOn: r.due_on,
    pausesJourney: r.pauses_journey,
    pauseDecidedBy: r.pause_decided_by,
    answer:
      r.answer !== null && r.answered_at
        ? { text: r.answer, at: r.answered_at.toISOString(), by: r.answered_by ?? '', inTime: r.answered_in_time ?? false }
        : null,
    closure: r.closed_at ? { upheld: r.upheld ?? false, note: r.closing_note, at: r.closed_at.toISOString(), by: r.closed_by ?? '' } : null,
    version: r.version,
  };
}

export async function complaintById(m: EntityManager, id: string, lock = false): Promise<Complaint | null> {
  const [row]: ComplaintRow[] = await m.query(`SELECT * FROM cases.complaints WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? complaintOfRow(row) : null;
}

export async function complaintsOfCase(m: EntityManager, caseId: string): Promise<Complaint[]> {
  const rows: ComplaintRow[] = await m.query(`SELECT * FROM cases.complaints WHERE case_id = $1 ORDER BY logged_at, id`, [caseId]);
  return rows.map(complaintOfRow);
}

export async function insertComplaint(m: EntityManager, c: Complaint): Promise<void> {
  await m.query(
    `INSERT INTO cases.complaints (id, case_id, client_id, brand_id, category, channel, complained_by, text, status, logged_at, logged_by, due_on, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      c.id,
      c.caseId,
      c.clientId,
      c.brandId,
      c.category,
      c.channel,
      c.by,
      c.text,
      c.status,
      new Date(c.loggedAt),
      c.loggedBy,
      c.dueOn,
      c.version,
    ],
  );
}

export async function updateComplaint(m: EntityManager, c: Complaint, previousVersion: number): Promise<void> {
  const [, changed] = await m.query(
    `UPDATE cases.complaints SET status = $2, pauses_journey = $3, pause_decided_by = $4, answer = $5, answered_at = $6, answered_by = $7,
            answered_in_time = $8, upheld = $9, closing_note = $10, closed_at = $11, closed_by = $12, version = $13
      WHERE id = $1 AND version = $14`,
    [
      c.id,
      c.status,
      c.pausesJourney,
      c.pauseDecidedBy,
      c.answer?.text ?? null,
      c.answer ? new Date(c.answer.at) : null,
      c.answer?.by ?? null,
      c.answer?.inTime ?? null,
      c.closure?.upheld ?? null,
      c.closure?.note ?? null,
      c.closure ? new Date(c.closure.at) : null,
      c.closure?.by ?? null,
      c.version,
      previousVersion,
    ],
  );
  if (!changed) throw new DomainError('conflict', `complaint ${c.id} changed meanwhile: reload and try again`);
}

export interface ComplaintListQuery {
  caseId: string | null;
  clientId: string | null;
  status: ComplaintStatus | null;
  /** Open and past their due day on this date. */
  overdueOn: string | null;
  first: number;
}

export async function listComplaints(m: EntityManager, scope: CaseScope, q: ComplaintListQuery): Promise<Complaint[]> {
  const params: unknown[] = [];
  const where = [scopeSql(scope, params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (q.caseId) add((p) => `k.case_id = ${p}::uuid`, q.caseId);
  if (q.clientId) add((p) => `k.client_id = ${p}::uuid`, q.clientId);
  if (q.status) add((p) => `k.status = ${p}`, q.status);
  if (q.overdueOn) add((p) => `k.status = 'open' AND k.due_on < ${p}::date`, q.overdueOn);
  params.push(q.first);
  const rows: ComplaintRow[] = await m.query(
    `SELECT k.* FROM cases.complaints k JOIN cases.cases c ON c.id = k.case_id
      WHERE ${where.join(' AND ')} ORDER BY k.due_on, k.logged_at, k.id LIMIT $${params.length}`,
    params,
  );
  return rows.map(complaintOfRow);
}

/** The cases among these whose journey an open complaint pauses (journeys/journey.ts, mayGoOn), with the reason. */
export async function complaintPauses(m: EntityManager, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows: { case_id: string }[] = await m.query(
    `SELECT DISTINCT case_id FROM cases.complaints WHERE case_id = ANY($1::uuid[]) AND pauses_journey AND status <> 'closed'`,
    [caseIds],
  );
  return new Map(rows.map((r) => [r.case_id, COMPLAINT_PAUSE]));
}
