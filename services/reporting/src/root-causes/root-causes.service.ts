import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { clientInWall, tenantWall, type Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import type {
  ComplaintClosedV1,
  ComplaintLoggedV1,
  DisputeAnsweredV1,
  DisputeRaisedV1,
  DisputeResolvedV1,
  EventEnvelope,
} from '@amicus/events';
import { readAsTenant } from '../tenant-reads';
import {
  applyComplaintFact,
  applyDisputeFact,
  rootCauseView,
  type ComplaintFact,
  type ComplaintRecord,
  type DisputeFact,
  type DisputeRecord,
  type Period,
  type RootCauseView,
} from './root-causes';

const DISPUTE_COLUMNS = `dispute_id, case_id, client_id, brand_id, reason, to_char(raised_on, 'YYYY-MM-DD') AS raised_on,
  to_char(answer_due_on, 'YYYY-MM-DD') AS answer_due_on, to_char(answered_on, 'YYYY-MM-DD') AS answered_on, answered_late, outcome,
  to_char(resolved_on, 'YYYY-MM-DD') AS resolved_on`;
const COMPLAINT_COLUMNS = `complaint_id, case_id, client_id, brand_id, category, to_char(logged_on, 'YYYY-MM-DD') AS logged_on,
  to_char(closed_on, 'YYYY-MM-DD') AS closed_on, upheld, answered_in_time`;

/**
 * Keeps the root-cause records from cases' dispute and complaint events (each handler in the
 * consumer's transaction: the record locked, its event applied by the pure rule, written back),
 * and reads a client's view as the caller.
 */
@Injectable()
export class RootCausesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  private day(e: EventEnvelope<unknown>): string {
    return this.clock.today(new Date(e.occurredAt));
  }

  disputeRaised(e: EventEnvelope<DisputeRaisedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    return this.applyToDispute(m, {
      kind: 'raised',
      disputeId: p.disputeId,
      caseId: p.caseId,
      clientId: p.clientId,
      brandId: p.brandId,
      reason: p.reason,
      on: this.day(e),
      answerDueOn: p.answerDueOn,
    });
  }

  disputeAnswered(e: EventEnvelope<DisputeAnsweredV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    return this.applyToDispute(m, {
      kind: 'answered',
      disputeId: p.disputeId,
      caseId: p.caseId,
      clientId: p.clientId,
      on: this.day(e),
      late: p.late,
    });
  }

  disputeResolved(e: EventEnvelope<DisputeResolvedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    return this.applyToDispute(m, {
      kind: 'resolved',
      disputeId: p.disputeId,
      caseId: p.caseId,
      clientId: p.clientId,
      brandId: p.brandId,
      outcome: p.outcome,
      on: this.day(e),
    });
  }

  complaintLogged(e: EventEnvelope<ComplaintLoggedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    return this.applyToComplaint(m, {
      kind: 'logged',
      complaintId: p.complaintId,
      caseId: p.caseId,
      clientId: p.clientId,
      brandId: p.brandId,
      category: p.category,
      on: this.day(e),
    });
  }

  complaintClosed(e: EventEnvelope<ComplaintClosedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    return this.applyToComplaint(m, {
      kind: 'closed',
      complaintId: p.complaintId,
      caseId: p.caseId,
      clientId: p.clientId,
      brandId: p.brandId,
      category: p.category,
      on: this.day(e),
      upheld: p.upheld,
      answeredInTime: p.answeredInTime,
    });
  }

  /**
   * One client's root causes as the caller may see them (null: a client it may not see): its own
   * filter here (the walls of libs/auth; legal staff see none), and the tables' row-level
   * security behind it.
   */
  async view(identity: Identity, clientId: string, period: Period): Promise<RootCauseView | null> {
    // A client the caller may not see is not there (null), as everywhere behind the walls: its
    // id is not echoed back with empty counts. An agent sees the clients of its brands.
    const [portfolio] = (await this.db.query(
      `SELECT brand_ids::text[] AS brand_ids FROM reporting.client_portfolios WHERE client_id::text = $1`,
      [clientId],
    )) as { brand_ids: string[] }[];
    if (!clientInWall(tenantWall(identity), { clientId, brandIds: portfolio?.brand_ids ?? [] })) return null;
    const params: unknown[] = [clientId];
    const wall = wallSql(identity, params);
    if (wall === null) return rootCauseView([], [], period);
    const disputes: DisputeRow[] = await readAsTenant(
      this.db,
      identity,
      `SELECT ${DISPUTE_COLUMNS} FROM reporting.root_cause_disputes WHERE client_id::text = $1 AND ${wall}`,
      params,
    );
    const complaints: ComplaintRow[] = await readAsTenant(
      this.db,
      identity,
      `SELECT ${COMPLAINT_COLUMNS} FROM reporting.root_cause_complaints WHERE client_id::text = $1 AND ${wall}`,
      params,
    );
    return rootCauseView(disputes.map(disputeOfRow), complaints.map(complaintOfRow), period);
  }

  private async applyToDispute(m: EntityManager, f: DisputeFact): Promise<void> {
    const [row] = (await m.query(`SELECT ${DISPUTE_COLUMNS} FROM reporting.root_cause_disputes WHERE dispute_id = $1 FOR UPDATE`, [
      f.disputeId,
    ])) as DisputeRow[];
    const r = applyDisputeFact(row ? disputeOfRow(row) : undefined, f);
    await m.query(
      `INSERT INTO reporting.root_cause_disputes
         (dispute_id, case_id, client_id, brand_id, reason, raised_on, answer_due_on, answered_on, answered_late, outcome, resolved_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (dispute_id) DO UPDATE SET brand_id = $4, reason = $5, raised_on = $6, answer_due_on = $7, answered_on = $8,
         answered_late = $9, outcome = $10, resolved_on = $11`,
      [
        r.disputeId,
        r.caseId,
        r.clientId,
        r.brandId,
        r.reason,
        r.raisedOn,
        r.answerDueOn,
        r.answeredOn,
        r.answeredLate,
        r.outcome,
        r.resolvedOn,
      ],
    );
  }

  private async applyToComplaint(m: EntityManager, f: ComplaintFact): Promise<void> {
    const [row] = (await m.query(`SELECT ${COMPLAINT_COLUMNS} FROM reporting.root_cause_complaints WHERE complaint_id = $1 FOR UPDATE`, [
      f.complaintId,
    ])) as ComplaintRow[];
    const r = applyComplaintFact(row ? complaintOfRow(row) : undefined, f);
    await m.query(
      `INSERT INTO reporting.root_cause_complaints
         (complaint_id, case_id, client_id, brand_id, category, logged_on, closed_on, upheld, answered_in_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (complaint_id) DO UPDATE SET logged_on = $6, closed_on = $7, upheld = $8, answered_in_time = $9`,
      [r.complaintId, r.caseId, r.clientId, r.brandId, r.category, r.loggedOn, r.closedOn, r.upheld, r.answeredInTime],
    );
  }
}

/** The caller's wall over a root-cause table, pushing its parameters; null for a caller who sees none (legal staff). */
function wallSql(identity: Identity, params: unknown[]): string | null {
  const wall = tenantWall(identity);
  switch (wall.kind) {
    case 'all':
      return 'true';
    case 'clients':
      params.push(wall.clientIds);
      return `client_id::text = ANY($${params.length}::text[])`;
    case 'brands':
      params.push(wall.brandIds);
      return `brand_id::text = ANY($${params.length}::text[])`;
    case 'legal_phases':
      return null;
  }
}

interface DisputeRow {
  dispute_id: string;
  case_id: string;
  client_id: string;
  brand_id: string | null;
  reason: DisputeRecord['reason'];
  raised_on: string | null;
  answer_due_on: string | null;
  answered_on: string | null;
  answered_late: boolean | null;
  outcome: DisputeRecord['outcome'];
  resolved_on: string | null;
}

interface ComplaintRow {
  complaint_id: string;
  case_id: string;
  client_id: string;
  brand_id: string;
  category: ComplaintRecord['category'];
  logged_on: string | null;
  closed_on: string | null;
  upheld: boolean | null;
  answered_in_time: boolean | null;
}

function disputeOfRow(r: DisputeRow): DisputeRecord {
  return {
    disputeId: r.dispute_id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    reason: r.reason,
    raisedOn: r.raised_on,
    answerDueOn: r.answer_due_on,
    answeredOn: r.answered_on,
    answeredLate: r.answered_late,
    outcome: r.outcome,
    resolvedOn: r.resolved_on,
  };
}

function complaintOfRow(r: ComplaintRow): ComplaintRecord {
  return {
    complaintId: r.complaint_id,
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    category: r.category,
    loggedOn: r.logged_on,
    closedOn: r.closed_on,
    upheld: r.upheld,
    answeredInTime: r.answered_in_time,
  };
}
