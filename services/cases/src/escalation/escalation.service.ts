import { Inject, Injectable } from '@nestjs/common';
import { escalationStopsOf } from '../debtor-flags/debtor-flag';
import { flagsOfDebtor } from '../debtor-flags/debtor-flag-store';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock, localDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import {
  CasePhaseChanged,
  createEvent,
  EscalationAccepted,
  EscalationApproved,
  EscalationDeclined,
  type EventEnvelope,
} from '@amicus/events';
import { assessJson } from '@amicus/legal';
import { Messaging } from '@amicus/service-runtime';
import { auditRowOf, insertAudit, type AuditRow } from '../audit/audit-trail';
import { assessmentView, caseJsonOf } from '../assessment/case-assessment';
import { loadCaseFacts } from '../assessment/case-facts';
import { visibleCaseRow } from '../case-file/case-reads.service';
import { stateOfRow, type CaseRow } from '../case-file/case-rows';
import { changePhase, type Actor, type CaseDecision, type OpenPhase } from '../case-lifecycle/case-lifecycle';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { currentRateTables } from '../rates/rate-store';
import { actorOf, isUuid, mayActForClient } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import {
  approvalOf,
  answerProposal,
  eligibility,
  estimateEscalation,
  firstStatus,
  PENDING,
  PROPOSAL_CONDITIONS,
  conditionKeys,
  requireConditions,
  type Eligibility,
} from './escalation';
import { escalationAudit, label, proposedEvent } from './escalation-writes';
import {
  insertProposal,
  latestProposal,
  recordAnswer,
  recordDecision,
  recoveryHistory,
  setSettings,
  settingsOf,
  type EscalationSettings,
  type Proposal,
} from './escalation-store';

/** A case's escalation as the API shows it: may it go, and the proposal on file. */
export interface EscalationView {
  caseId: string;
  eligibility: Eligibility;
  proposal: Proposal | null;
  /** The approval as it stands for the proposal on file. */
  approval: string;
}

interface Loaded {
  row: CaseRow;
  claims: { id: string; status: 'open' | 'recalled' }[];
  settings: EscalationSettings;
  proposal: Proposal | null;
  eligibility: Eligibility;
  openMinor: bigint;
  currency: string;
  debtor: { country: string; kind: string };
}

/**
 * Escalation's use cases, one tenant transaction each: load the case (locked), its facts and
 * the proposal on file, let the domain decide (eligibility, the lifecycle's phase change), write
 * the case, the proposal, the audit trail and the events together.
 */
@Injectable()
export class EscalationService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: Pick<CasesConfig, 'AMICUS_AGENCY_REGISTRATION'>,
  ) {}

  /** The case's escalation, or null when the caller may not see the case. */
  async view(identity: Identity, caseId: string): Promise<EscalationView | null> {
    if (!isUuid(caseId)) return null;
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId);
      return row ? viewOf(caseId, await this.load(m, row, now)) : null;
    });
  }

  /** An agent of the brand or the admin proposes: every condition but the client's approval must hold. */
  async propose(identity: Identity, caseId: string, reason: string, correlationId: string): Promise<EscalationView> {
    if (identity.role !== 'agent' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', 'agents and the agency admin propose an escalation; legal staff decide it');
    const why = requireText('reason', reason);
    return this.command(
      identity,
      caseId,
      async (m, l, now) => {
        if (l.row.phase !== 'amicable')
          throw new DomainError('conflict', `the case is ${l.row.phase}: only an amicable case is proposed for legal`);
        requireConditions(l.eligibility, PROPOSAL_CONDITIONS);
        const actor = actorOf(identity);
        const moved = this.move(l, 'legal_review', why, actor, now, l.eligibility);
        const proposal = await this.insert(m, l, why, actor, now);
        return { ...moved, events: [...moved.events, ...proposal.events], audit: [...moved.audit, ...proposal.audit] };
      },
      correlationId,
    );
  }

  async approve(identity: Identity, caseId: string, correlationId: string): Promise<EscalationView> {
    return this.answer(identity, caseId, true, null, correlationId);
  }

  async decline(identity: Identity, caseId: string, reason: string, correlationId: string): Promise<EscalationView> {
    return this.answer(identity, caseId, false, requireText('reason', reason), correlationId);
  }

  /** Legal staff (or the admin) accept a case in legal_review into legal: every condition must hold. */
  async accept(identity: Identity, caseId: string, correlationId: string): Promise<EscalationView> {
    this.requireLegal(identity);
    return this.command(
      identity,
      caseId,
      async (m, l, now) => {
        if (l.row.phase !== 'legal_review') throw new DomainError('conflict', `the case is ${l.row.phase}, not in legal review`);
        requireConditions(l.eligibility, conditionKeys);
        const actor = actorOf(identity);
        const moved = this.move(l, 'legal', 'legal staff accepted the escalation', actor, now, l.eligibility);
        const pending = l.proposal && PENDING.includes(l.proposal.status) ? l.proposal : null;
        if (pending) await recordDecision(m, pending.id, 'accepted', label(actor), null, now);
        const event = createEvent(EscalationAccepted, {
          ...base(l, now),
          payload: { escalationId: pending?.id ?? null, caseId, clientId: l.row.client_id, actor: label(actor) },
        });
        return {
          phase: moved.phase,
          events: [...moved.events, event],
          audit: [...moved.audit, escalationAudit(caseId, actor, now, 'escalation_accepted', null, { escalationId: pending?.id ?? null })],
        };
      },
      correlationId,
    );
  }

  /** Legal staff (or the admin) send a case in legal_review back to amicable, with a reason. */
  async returnToAmicable(identity: Identity, caseId: string, reason: string, correlationId: string): Promise<EscalationView> {
    this.requireLegal(identity);
    const why = requireText('reason', reason);
    return this.command(
      identity,
      caseId,
      async (m, l, now) => {
        if (l.row.phase !== 'legal_review') throw new DomainError('conflict', `the case is ${l.row.phase}, not in legal review`);
        const actor = actorOf(identity);
        const moved = this.move(l, 'amicable', why, actor, now, l.eligibility);
        const open = l.proposal && [...PENDING, 'declined'].includes(l.proposal.status) && !l.proposal.decidedAt ? l.proposal : null;
        if (open) await recordDecision(m, open.id, 'returned', label(actor), why, now);
        const event = createEvent(EscalationDeclined, {
          ...base(l, now),
          payload: {
            escalationId: open?.id ?? null,
            caseId,
            clientId: l.row.client_id,
            by: 'legal_staff',
            reason: why,
            actor: label(actor),
          },
        });
        return {
          phase: moved.phase,
          events: [...moved.events, event],
          audit: [...moved.audit, escalationAudit(caseId, actor, now, 'escalation_returned', why, { escalationId: open?.id ?? null })],
        };
      },
      correlationId,
    );
  }

  async settings(identity: Identity, clientId: string): Promise<EscalationSettings | null> {
    if (!isUuid(clientId) || !mayActForClient(identity, clientId)) return null;
    return this.tenant.run(identity, (m) => settingsOf(m, clientId));
  }

  async setSettings(identity: Identity, clientId: string, s: EscalationSettings): Promise<EscalationSettings> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'the agency admin sets a client’s escalation settings');
    if (s.thresholdMinor < 0n) throw DomainError.invalid([{ field: 'thresholdMinor', reason: 'must be 0 or more' }]);
    return this.tenant.run(identity, async (m) => {
      if (!isUuid(clientId) || !(await settingsOf(m, clientId))) throw new DomainError('not_found', `client ${clientId} not found`);
      await setSettings(m, clientId, s, `admin:${identity.subject}`, this.clock.now());
      return (await settingsOf(m, clientId))!;
    });
  }

  // -------------------------------------------------------------------------------------------

  private async answer(identity: Identity, caseId: string, approve: boolean, reason: string | null, correlationId: string) {
    if (identity.role !== 'client_user')
      throw new DomainError('forbidden', 'the client’s own users answer an escalation (its instruction)');
    return this.command(
      identity,
      caseId,
      async (m, l, now) => {
        const pending = l.proposal && PENDING.includes(l.proposal.status) ? l.proposal : null;
        if (pending && !pending.approvalRequired)
          throw new DomainError('conflict', "the client's approval is not required for this escalation");
        const status = answerProposal(pending?.status ?? null, approve);
        const actor = actorOf(identity);
        // An approval is an instruction to go to court: the case must still be fit for it.
        if (approve) requireConditions(l.eligibility, PROPOSAL_CONDITIONS);
        await recordAnswer(m, pending!, status, label(actor), reason, now);
        const b = base(l, now);
        const event = approve
          ? createEvent(EscalationApproved, {
              ...b,
              payload: { escalationId: pending!.id, caseId, clientId: l.row.client_id, actor: label(actor) },
            })
          : createEvent(EscalationDeclined, {
              ...b,
              payload: { escalationId: pending!.id, caseId, clientId: l.row.client_id, by: 'client', reason: reason!, actor: label(actor) },
            });
        const action = approve ? 'escalation_approved' : 'escalation_declined';
        return { events: [event], audit: [escalationAudit(caseId, actor, now, action, reason, { escalationId: pending!.id, status })] };
      },
      correlationId,
    );
  }

  private requireLegal(identity: Identity): void {
    if (identity.role !== 'legal' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', 'legal staff decide an escalation (legal_review → legal, or back to amicable)');
  }

  private async command(
    identity: Identity,
    caseId: string,
    decide: (m: EntityManager, l: Loaded, now: Date) => Promise<{ events: EventEnvelope[]; audit: AuditRow[]; phase?: CaseDecision }>,
    correlationId: string,
  ): Promise<EscalationView> {
    if (!isUuid(caseId)) throw new DomainError('not_found', `case ${caseId} not found`);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId, true);
      if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
      const loaded = await this.load(m, row, now);
      const out = await decide(m, loaded, now);
      if (out.phase) {
        const s = out.phase.state;
        const updated: unknown[] = await m.query(
          `UPDATE cases.cases SET phase = $2, version = $3, updated_at = $4 WHERE id = $1 AND version = $5 RETURNING id`,
          [caseId, s.phase, s.version, now, row.version],
        );
        if (updated.length === 0) throw new DomainError('conflict', `case ${caseId} changed meanwhile: reload and try again`);
      }
      await insertAudit(m, out.audit);
      await this.messaging.publish(
        m,
        out.events.map((e) => ({ ...e, correlationId })),
      );
      const [after]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1`, [caseId]);
      return viewOf(caseId, await this.load(m, after ?? row, now));
    });
  }

  /** A phase change through the lifecycle (who may, the graph, open disputes), as writes. */
  private move(l: Loaded, to: OpenPhase, reason: string, actor: Actor, now: Date, e: Eligibility) {
    const openDisputes = e.conditions.find((c) => c.key === 'no_open_dispute')?.met ? 0 : 1;
    const d = changePhase(stateOfRow(l.row, l.claims), { to, reason, openDisputes }, { actor, at: now, today: this.clock.today(now) });
    const event = createEvent(CasePhaseChanged, {
      ...base(l, now),
      payload: { caseId: l.row.id, from: l.row.phase, to, reason, actor: label(actor) },
    });
    return { phase: d, events: [event], audit: [auditRowOf(d.audit)] };
  }

  private async insert(m: EntityManager, l: Loaded, reason: string, actor: Actor, now: Date) {
    const estimate = estimateEscalation({
      country: l.debtor.country,
      debtorKind: l.debtor.kind,
      openMinor: l.openMinor,
      currency: l.currency,
      history: await recoveryHistory(m, l.row.client_id),
    });
    const id = crypto.randomUUID();
    const status = firstStatus(l.settings.approvalRequired);
    const fresh = await insertProposal(m, {
      id,
      caseId: l.row.id,
      clientId: l.row.client_id,
      brandId: l.row.brand_id,
      status,
      reason,
      proposedAt: now,
      proposedBy: label(actor),
      approvalRequired: l.settings.approvalRequired,
      estimate,
    });
    if (!fresh) throw new DomainError('conflict', 'an escalation is already proposed on this case');
    return {
      events: [
        proposedEvent(id, l.row.id, l.row.client_id, l.row.brand_id, reason, l.settings.approvalRequired, estimate, actor, now, null),
      ],
      audit: [escalationAudit(l.row.id, actor, now, 'escalation_proposed', reason, { escalationId: id, status, estimate })],
    };
  }

  /** What the eligibility needs: the engine's `hand_to_legal` answer on the case's facts, the case file's disputes, the client's settings, the proposal. */
  private async load(m: EntityManager, row: CaseRow, now: Date): Promise<Loaded> {
    const [facts, rateTables, settings, proposal] = [
      await loadCaseFacts(m, row.id, this.config.AMICUS_AGENCY_REGISTRATION || null),
      await currentRateTables(m),
      await settingsOf(m, row.client_id),
      await latestProposal(m, row.id),
    ];
    if (!facts || !settings) throw new DomainError('not_found', `case ${row.id} not found`);
    const claims: { id: string; status: 'open' | 'recalled' }[] = await m.query(
      `SELECT id, status FROM cases.claims WHERE case_id = $1 ORDER BY id`,
      [row.id],
    );
    const [{ n }]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM cases.disputes WHERE case_id = $1 AND status <> 'resolved'`,
      [row.id],
    );
    const result = assessJson(caseJsonOf(facts, now.toISOString(), 'hand_to_legal'), { rateTables });
    const view = result.ok ? assessmentView(result.result) : null;
    const decision = view?.decisions.find((d) => d.step === 'hand_to_legal');
    const engine =
      decision?.checks ??
      (result.ok
        ? []
        : result.errors.map((e) => ({
            allowed: false,
            rule: 'CASE-JSON',
            source: '@amicus/legal',
            reason: `${e.field}: ${e.reason}`,
            earliestAt: null,
          })));
    const openMinor = view ? BigInt(view.statement.totalMinor) : BigInt(row.open_text ?? row.open_minor);
    // The proposal the approval is read from: pending, or the one still standing on a case in the legal phases.
    const current =
      proposal && (PENDING.includes(proposal.status) || (proposal.status !== 'returned' && ['legal_review', 'legal'].includes(row.phase)))
        ? proposal
        : null;
    const e = eligibility({
      timeZone: facts.debtor.timeZone,
      engine,
      openDisputes: n,
      openMinor,
      thresholdMinor: settings.thresholdMinor,
      currency: facts.currency,
      // Legal stops on the debtor (debtor-flags/): a collective debt settlement from its decision date, a deceased debtor.
      legalStops: escalationStopsOf(await flagsOfDebtor(m, row.debtor_id, true), localDate(now.toISOString(), facts.debtor.timeZone)),
      approval: approvalOf(
        current?.approvalRequired ?? settings.approvalRequired,
        current && { status: current.status, approvedAt: current.approved ? 'yes' : null, reason: current.answerReason },
      ),
    });
    return { row, claims, settings, proposal, eligibility: e, openMinor, currency: facts.currency, debtor: facts.debtor };
  }
}

function viewOf(caseId: string, l: Loaded): EscalationView {
  const approval = l.eligibility.conditions.find((c) => c.key === 'client_approval')!;
  return { caseId, eligibility: l.eligibility, proposal: l.proposal, approval: approval.detail };
}

function requireText(field: string, value: string): string {
  const v = value?.trim();
  if (!v) throw DomainError.invalid([{ field, reason: 'is required' }]);
  if (v.length > 2_000) throw DomainError.invalid([{ field, reason: 'is longer than 2000 characters' }]);
  return v;
}

const base = (l: Loaded, now: Date) => ({ aggregateId: l.row.id, clientId: l.row.client_id, occurredAt: now });
