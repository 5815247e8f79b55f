import { Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { businessDaysAfter, Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { ComplaintClosed, ComplaintLogged, createEvent, type EventEnvelope } from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { auditJson, insertAudit } from '../audit/audit-trail';
import { visibleCaseRow } from '../case-file/case-reads.service';
import type { CaseRow } from '../case-file/case-rows';
import type { Actor, CommandContext } from '../case-lifecycle/case-lifecycle';
import { PayLinksService } from '../pay-links/pay-links.service';
import { actorOf, caseScope, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import {
  answerComplaint,
  closeComplaint,
  COMPLAINT_ANSWER_BUSINESS_DAYS,
  logComplaint,
  pauseForComplaint,
  type Complaint,
  type ComplaintDecision,
  type ComplaintStatus,
} from './complaint';
import { complaintById, complaintsOfCase, insertComplaint, listComplaints, updateComplaint } from './complaint-store';

/** The debtor on its page: the system acting for it, on the one case its pay link opens. */
const DEBTOR_PAGE: Actor = { kind: 'system', id: 'debtor_page' };
const DEBTOR_PAGE_IDENTITY: Identity = { subject: 'system:debtor-page', role: 'agency_admin', clientId: null, brandIds: [], email: null };

/**
 * Complaints' use cases, one tenant transaction each: the case locked, the domain decides
 * (complaint.ts), the complaint, the case history and the events written together; a pause
 * lifted wakes the case's journey so its gate (mayGoOn) is asked again now.
 */
@Injectable()
export class ComplaintsService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    /** The agency's clock: the due day counts business days of its calendar. */
    private readonly clock: Clock,
    /** The debtor's page: the pay link's lookup, walls and rate limit. */
    @Optional() private readonly payLinks?: PayLinksService,
  ) {}

  async log(
    identity: Identity,
    input: { caseId: string; category: string; channel: string | null; text: string },
    correlationId: string,
  ): Promise<Complaint> {
    if (identity.role === 'legal') throw new DomainError('forbidden', 'agents, the client and the admin log complaints');
    if (!isUuid(input.caseId)) throw new DomainError('not_found', `case ${input.caseId} not found`);
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, input.caseId, true);
      if (!row) throw new DomainError('not_found', `case ${input.caseId} not found`);
      return this.logOn(m, row, { ...input, channel: input.channel ?? '' }, actorOf(identity), false, correlationId);
    });
  }

  /** The debtor complains on its page, by the pay link's token alone (its lookup, walls and rate limit). */
  async logByLink(
    token: string,
    input: { category: string; text: string },
    clientAddress: string,
    correlationId: string,
  ): Promise<Complaint> {
    if (!this.payLinks) throw new DomainError('not_found', 'this link opens nothing');
    const caseId = await this.payLinks.withLink(token, clientAddress, async (_m, link) => link.caseId);
    return this.tenant.run(DEBTOR_PAGE_IDENTITY, async (m) => {
      const [row]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1 FOR UPDATE`, [
        caseId,
      ]);
      if (!row) throw new DomainError('not_found', 'this link opens nothing');
      return this.logOn(m, row, { ...input, channel: 'debtor_page' }, DEBTOR_PAGE, true, correlationId);
    });
  }

  setPause(identity: Identity, complaintId: string, pause: boolean, correlationId: string): Promise<Complaint> {
    return this.change(identity, complaintId, correlationId, (c, ctx) => pauseForComplaint(c, { pause }, ctx));
  }

  answer(identity: Identity, complaintId: string, answer: string, correlationId: string): Promise<Complaint> {
    return this.change(identity, complaintId, correlationId, (c, ctx) => answerComplaint(c, { answer }, ctx));
  }

  close(identity: Identity, complaintId: string, upheld: boolean, note: string | null, correlationId: string): Promise<Complaint> {
    return this.change(identity, complaintId, correlationId, (c, ctx) => closeComplaint(c, { upheld, note }, ctx));
  }

  // -------------------------------------------------------------------------------------------
  // Reading: the admin every complaint; a client user its own client's cases'; an agent its brands'.

  ofCase(identity: Identity, caseId: string): Promise<Complaint[]> {
    if (!isUuid(caseId) || identity.role === 'legal') return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => ((await visibleCaseRow(m, identity, caseId)) ? complaintsOfCase(m, caseId) : []));
  }

  list(
    identity: Identity,
    q: { caseId: string | null; clientId: string | null; status: ComplaintStatus | null; overdue: boolean; first: number },
  ) {
    if (identity.role === 'legal') return Promise.resolve([]);
    for (const [field, id] of [
      ['caseId', q.caseId],
      ['clientId', q.clientId],
    ] as const)
      if (id && !isUuid(id)) throw DomainError.invalid([{ field, reason: 'is not an id' }]);
    const { overdue, ...rest } = q;
    return this.tenant.run(identity, (m) =>
      listComplaints(m, caseScope(identity), { ...rest, overdueOn: overdue ? this.clock.today() : null }),
    );
  }

  today(): string {
    return this.clock.today();
  }

  // -------------------------------------------------------------------------------------------

  private async logOn(
    m: EntityManager,
    row: CaseRow,
    input: { category: string; channel: string; text: string },
    actor: Actor,
    debtorPage: boolean,
    correlationId: string,
  ): Promise<Complaint> {
    const now = this.clock.now();
    const today = this.clock.today(now);
    const dueOn = businessDaysAfter(this.clock.timeZone, today, COMPLAINT_ANSWER_BUSINESS_DAYS);
    const d = logComplaint(
      { caseId: row.id, clientId: row.client_id, brandId: row.brand_id, phase: row.phase },
      { complaintId: crypto.randomUUID(), ...input, debtorPage },
      dueOn,
      { actor, at: now, today },
    );
    await insertComplaint(m, d.complaint);
    await this.record(m, d, actor, now, correlationId);
    return d.complaint;
  }

  private async change(
    identity: Identity,
    complaintId: string,
    correlationId: string,
    decide: (c: Complaint, ctx: CommandContext) => ComplaintDecision,
  ): Promise<Complaint> {
    if (!isUuid(complaintId)) throw new DomainError('not_found', `complaint ${complaintId} not found`);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const seen = await complaintById(m, complaintId);
      if (!seen || identity.role === 'legal' || !(await visibleCaseRow(m, identity, seen.caseId, true)))
        throw new DomainError('not_found', `complaint ${complaintId} not found`);
      const c = (await complaintById(m, complaintId, true))!;
      const actor = actorOf(identity);
      const d = decide(c, { actor, at: now, today: this.clock.today(now) });
      await updateComplaint(m, d.complaint, c.version);
      await this.record(m, d, actor, now, correlationId);
      if (d.wake)
        await m.query(
          `UPDATE cases.case_journeys SET next_step_at = $2, updated_at = $2
            WHERE case_id = $1 AND status IN ('new', 'active') AND (next_step_at IS NULL OR next_step_at > $2)`,
          [c.caseId, now],
        );
      return d.complaint;
    });
  }

  private async record(m: EntityManager, d: ComplaintDecision, actor: Actor, now: Date, correlationId: string): Promise<void> {
    const c = d.complaint;
    await insertAudit(m, [
      [
        c.caseId,
        actor.kind,
        actor.id,
        now,
        d.audit.action,
        d.audit.reason,
        null,
        auditJson({ complaintId: c.id, status: c.status, pausesJourney: c.pausesJourney }),
      ],
    ]);
    const base = { aggregateId: c.caseId, clientId: c.clientId, correlationId, occurredAt: now };
    const by = `${actor.kind}:${actor.id}`;
    const envelopes = d.events.map((e): EventEnvelope =>
      e.type === 'ComplaintLogged'
        ? createEvent(ComplaintLogged, {
            ...base,
            payload: {
              complaintId: c.id,
              caseId: c.caseId,
              clientId: c.clientId,
              brandId: c.brandId,
              category: c.category,
              channel: c.channel,
              by: c.by,
              dueOn: c.dueOn,
              actor: by,
            },
          })
        : createEvent(ComplaintClosed, {
            ...base,
            payload: {
              complaintId: c.id,
              caseId: c.caseId,
              clientId: c.clientId,
              brandId: c.brandId,
              category: c.category,
              upheld: c.closure?.upheld ?? false,
              answeredInTime: c.answer?.inTime ?? false,
              actor: by,
            },
          }),
    );
    if (envelopes.length) await this.messaging.publish(m, envelopes);
  }
}
