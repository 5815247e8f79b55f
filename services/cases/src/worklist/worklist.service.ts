import { Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { CaseAssigned, createEvent } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { Messaging } from '@amicus/service-runtime';
import { Clock } from '@amicus/calendar';
import { caseOfRow, type CaseRow } from '../case-file/case-rows';
import { insertAudit } from '../audit/audit-trail';
import { TenantDatabase } from '../tenancy/tenant-database';
import { priorityWeights } from './worklist';
import { dayNumber } from '@amicus/calendar';
import type { WorklistEntryModel } from './worklist.model';

/**
 * The agent's worklist, in the order `orderWorklist` defines (due first, then stored score, then
 * id), as two index scans: the due cases (few, sorted), then the rest by the stored score.
 */
/** A case row of the worklist, with its brand's public identity and the debtor's name. */
interface WorklistRow extends CaseRow {
  brand_name: string;
  brand_languages: string[];
  brand_phone: string | null;
  brand_email: string | null;
  debtor_name: string;
}

@Injectable()
export class WorklistService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    /** The agency's clock: ages and holds count its calendar's days. */
    private readonly clock: Clock,
  ) {}

  async myWorklist(identity: Identity, first: number, now = this.clock.now()): Promise<WorklistEntryModel[]> {
    // The page of case ids first, each half an ordered walk of the worklist index that stops after
    // a page; only then the details of those cases (joined, the planner would sort them all).
    const mine = `c.assigned_agent_id = $1 AND c.brand_id = ANY($2::uuid[]) AND c.phase IN ('placed', 'amicable') AND (c.hold_until IS NULL OR c.hold_until <= $4::date)`;
    const sql = `WITH page AS MATERIALIZED (
        (SELECT c.id, 0 AS part FROM cases.cases c WHERE ${mine} AND c.next_action_at <= $3 ORDER BY c.priority_score DESC, c.id LIMIT $5)
        UNION ALL
        (SELECT c.id, 1 AS part FROM cases.cases c WHERE ${mine} AND (c.next_action_at IS NULL OR c.next_action_at > $3) ORDER BY c.priority_score DESC, c.id LIMIT $5))
      SELECT c.*, c.open_minor::text AS open_text, b.name AS brand_name, b.languages AS brand_languages, b.phone AS brand_phone, b.email AS brand_email, d.name AS debtor_name
        FROM page JOIN cases.cases c ON c.id = page.id JOIN cases.brands b ON b.id = c.brand_id JOIN cases.debtors d ON d.id = c.debtor_id
       ORDER BY page.part, c.priority_score DESC, c.id LIMIT $5`;
    const today = this.clock.today(now);
    const rows: WorklistRow[] = await this.tenant.run(identity, (m) =>
      m.query(sql, [identity.subject, identity.brandIds, now, today, first]),
    );
    const age = priorityWeights.agePerDay * dayNumber(today);
    return rows.slice(0, first).map((r) => ({
      case: caseOfRow(r),
      due: r.next_action_at !== null && r.next_action_at.getTime() <= now.getTime(),
      score: Number(r.priority_score) + age,
      brand: {
        id: r.brand_id,
        clientId: r.client_id,
        name: r.brand_name,
        languages: r.brand_languages,
        phone: r.brand_phone ?? null,
        email: r.brand_email ?? null,
      },
      debtorName: r.debtor_name,
    }));
  }

  /** Assigns the open amicable cases a rule selects to an agent of that brand, each with its audit entry and event. */
  async assignByRule(
    identity: Identity,
    rule: {
      brandId: string;
      agentId: string;
      language?: string | null;
      minOpenMinor?: string | null;
      maxOpenMinor?: string | null;
      onlyUnassigned?: boolean;
    },
    correlationId: string,
  ): Promise<{ assigned: number }> {
    return this.tenant.run(identity, async (m) => {
      const [agent] = await m.query(`SELECT role, brand_ids FROM cases.users WHERE id = $1`, [rule.agentId]);
      if (!agent || agent.role !== 'agent') throw DomainError.invalid([{ field: 'rule.agentId', reason: 'is not an agent' }]);
      if (!(agent.brand_ids as string[]).includes(rule.brandId))
        throw DomainError.invalid([{ field: 'rule.agentId', reason: 'does not work for this brand' }]);
      const now = this.clock.now();
      // An UPDATE answers [rows, affected count] through TypeORM.
      const [rows]: [{ id: string; client_id: string; before_agent: string | null; phase: string }[], number] = await m.query(
        `WITH picked AS (
           SELECT c.id, c.assigned_agent_id AS before_agent FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id
            WHERE c.brand_id = $1 AND c.phase IN ('placed', 'amicable')
              AND c.assigned_agent_id IS DISTINCT FROM $2
              AND ($3::bool IS NOT TRUE OR c.assigned_agent_id IS NULL)
              AND ($4::text IS NULL OR d.language = $4)
              AND ($5::bigint IS NULL OR c.open_minor >= $5) AND ($6::bigint IS NULL OR c.open_minor <= $6)
            FOR UPDATE OF c)
         UPDATE cases.cases c SET assigned_agent_id = $2, version = c.version + 1, updated_at = $7 FROM picked WHERE c.id = picked.id
         RETURNING c.id, c.client_id, picked.before_agent, c.phase`,
        [
          rule.brandId,
          rule.agentId,
          rule.onlyUnassigned ?? true,
          rule.language ?? null,
          rule.minOpenMinor ?? null,
          rule.maxOpenMinor ?? null,
          now,
        ],
      );
      if (!rows.length) return { assigned: 0 };
      const actor = `admin:${identity.subject}`;
      await insertAudit(
        m,
        rows.map((r) => [
          r.id,
          'admin',
          identity.subject,
          now,
          'assign',
          'bulk assignment by rule',
          JSON.stringify({ phase: r.phase, assignedAgentId: r.before_agent ?? undefined }),
          JSON.stringify({ phase: r.phase, assignedAgentId: rule.agentId }),
        ]),
      );
      await this.messaging.publish(
        m,
        rows.map((r) =>
          createEvent(CaseAssigned, {
            aggregateId: r.id,
            clientId: r.client_id,
            correlationId,
            occurredAt: now,
            payload: { caseId: r.id, agentId: rule.agentId, actor },
          }),
        ),
      );
      return { assigned: rows.length };
    });
  }
}
