import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import {
  DebtorUpdated,
  CaseAssigned,
  CaseClosed,
  CaseHeld,
  CaseHoldReleased,
  CasePhaseChanged,
  ClaimRecalled,
  createEvent,
  type EventEnvelope,
} from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { Messaging } from '@amicus/service-runtime';
import {
  assignCase,
  changePhase,
  closeCase,
  holdCase,
  noteCase,
  recallCase,
  recallClaim,
  releaseHold,
  type CaseDecision,
  type CaseOutcome,
  type CaseState,
  type CommandContext,
  type OpenPhase,
} from '../case-lifecycle/case-lifecycle';
import { Clock } from '@amicus/calendar';
import { uuidV7 } from '@amicus/ids';
import { auditRowOf, insertAudit } from '../audit/audit-trail';
import { debtorOfRow, type DebtorRow } from '../debtors/debtor-rows';
import { caseOfRow, debtorModelOfRow, openMinorOf, stateOfRow, type CaseRow } from './case-rows';
import { changeDebtor, debtorSnapshot, type DebtorChanges } from '../debtors/debtor';
import { actorOf, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { CaseReadsService, visibleCaseRow } from './case-reads.service';
import { storedPriorityScore } from '../worklist/worklist';
import type { CaseModel, DebtorModel } from './case.model';

/**
 * The case file's use cases: the lifecycle (load → decide → write state, audit and events in one
 * transaction) and debtor corrections. Reading is CaseReadsService's.
 */
@Injectable()
export class CaseFileService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly messaging: Messaging,
    /** The agency's clock: holds are counted in its calendar's days. */
    private readonly clock: Clock,
    private readonly reads: CaseReadsService,
  ) {}

  /** Corrects a debtor's contacts and preferences; its open cases' consumers hear of it (DebtorUpdated). */
  async updateDebtor(identity: Identity, debtorId: string, changes: DebtorChanges, correlationId: string): Promise<DebtorModel> {
    const visible = await this.reads.debtor(identity, debtorId);
    if (!visible || identity.role === 'legal') throw new DomainError('not_found', `debtor ${debtorId} not found`);
    return this.tenant.run(identity, async (m) => {
      const [row]: DebtorRow[] = await m.query(`SELECT * FROM cases.debtors WHERE id = $1 FOR UPDATE`, [debtorId]);
      const known = debtorOfRow(row!);
      const { debtor, problems } = changeDebtor(known, changes);
      if (problems.length) throw DomainError.invalid(problems);
      if (!debtor) return debtorModelOfRow(row!);
      await m.query(
        `UPDATE cases.debtors SET name = $2, emails = $3, phones = $4, preferred_channel = $5, language = $6, time_zone = $7, updated_at = now() WHERE id = $1`,
        [debtorId, debtor.name, debtor.emails, debtor.phones, debtor.preferredChannel, debtor.language, debtor.timeZone],
      );
      const caseIds: string[] = (
        await m.query(`SELECT id FROM cases.cases WHERE debtor_id = $1 AND phase <> 'closed' ORDER BY id`, [debtorId])
      ).map((r: { id: string }) => r.id);
      // One event per open case, keyed by the case: on the case's partition it comes after the
      // case's CaseOpened, so a consumer never meets the correction before the case it corrects.
      const keys = caseIds.length > 0 ? caseIds.map((caseId) => ({ key: caseId, caseIds: [caseId] })) : [{ key: debtorId, caseIds }];
      await this.messaging.publish(
        m,
        keys.map((k) =>
          createEvent(DebtorUpdated, {
            aggregateId: k.key,
            clientId: debtor.clientId,
            correlationId,
            payload: { debtorId, clientId: debtor.clientId, caseIds: k.caseIds, debtor: debtorSnapshot(debtor) },
          }),
        ),
      );
      return { ...debtor };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle: load the case, let the domain decide, write state + audit + events in one go.

  changePhase(identity: Identity, caseId: string, to: OpenPhase, reason: string | null, correlationId: string) {
    return this.command(identity, caseId, correlationId, async (state, ctx, _facts, m) => {
      const [{ n }]: { n: number }[] = await m.query(
        `SELECT count(*)::int AS n FROM cases.disputes WHERE case_id = $1 AND status <> 'resolved'`,
        [caseId],
      );
      return changePhase(state, { to, ...(reason ? { reason } : {}), openDisputes: n }, ctx);
    });
  }

  close(identity: Identity, caseId: string, outcome: CaseOutcome, reason: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, (state, ctx, facts) =>
      closeCase(state, { outcome, reason, balance: facts.balance }, ctx),
    );
  }

  async assign(identity: Identity, caseId: string, agentId: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, async (state, ctx, _facts, m) => {
      await assertAgentOfBrand(m, agentId, state.brandId);
      return assignCase(state, { agentId }, ctx);
    });
  }

  hold(identity: Identity, caseId: string, until: string, reason: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, (state, ctx) => holdCase(state, { until, reason }, ctx));
  }

  releaseHold(identity: Identity, caseId: string, reason: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, (state, ctx) => releaseHold(state, { reason }, ctx));
  }

  note(identity: Identity, caseId: string, note: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, (state, ctx) => noteCase(state, { note }, ctx));
  }

  recallCase(identity: Identity, caseId: string, reason: string, correlationId: string) {
    return this.command(identity, caseId, correlationId, (state, ctx, facts) => recallCase(state, { reason, balance: facts.balance }, ctx));
  }

  async recallClaim(identity: Identity, claimId: string, reason: string, correlationId: string) {
    if (!isUuid(claimId)) throw new DomainError('not_found', `claim ${claimId} not found`);
    const [claim] = await this.tenant.run(identity, (m) => m.query(`SELECT case_id FROM cases.claims WHERE id = $1`, [claimId]));
    if (!claim) throw new DomainError('not_found', `claim ${claimId} not found`);
    return this.command(identity, claim.case_id, correlationId, (state, ctx, facts) => {
      const principal = facts.claims.find((c) => c.id === claimId)?.principalMinor ?? 0n;
      return recallClaim(state, { claimId, reason, balance: { amountMinor: principal, currency: facts.balance.currency } }, ctx);
    });
  }

  /**
   * A lifecycle command of another folder's (instructions/: the client's write-off), through the
   * same load → decide → write as these: `decide` may write its own rows and events with `m`, in
   * the same transaction.
   */
  instruct(
    identity: Identity,
    caseId: string,
    correlationId: string,
    decide: (state: CaseState, ctx: CommandContext, facts: CaseFacts, m: EntityManager) => CaseDecision | Promise<CaseDecision>,
  ): Promise<CaseModel> {
    return this.command(identity, caseId, correlationId, decide);
  }

  private async command(
    identity: Identity,
    caseId: string,
    correlationId: string,
    decide: (state: CaseState, ctx: CommandContext, facts: CaseFacts, m: EntityManager) => CaseDecision | Promise<CaseDecision>,
  ): Promise<CaseModel> {
    if (!isUuid(caseId)) throw new DomainError('not_found', `case ${caseId} not found`);
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId, true);
      if (!row) throw new DomainError('not_found', `case ${caseId} not found`);
      // A claim's principal as collection counts it: less what disputes credited on it.
      const claims: { id: string; status: 'open' | 'recalled'; principal_minor: string }[] = await m.query(
        `SELECT id, status, (principal_minor - credited_minor)::text AS principal_minor FROM cases.claims WHERE case_id = $1 ORDER BY id`,
        [caseId],
      );
      const state = stateOfRow(row, claims);
      const facts: CaseFacts = {
        balance: { amountMinor: openMinorOf(row), currency: row.currency.trim() },
        claims: claims.map((c) => ({ id: c.id, principalMinor: BigInt(c.principal_minor) })),
      };
      const decision = await decide(state, { actor: actorOf(identity), at: now, today: this.clock.today(now) }, facts, m);
      await this.write(m, row, facts, decision, identity, correlationId);
      const [after]: CaseRow[] = await m.query(`SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE id = $1`, [caseId]);
      return caseOfRow(after ?? row);
    });
  }

  private async write(
    m: EntityManager,
    row: CaseRow,
    facts: CaseFacts,
    d: CaseDecision,
    identity: Identity,
    correlationId: string,
  ): Promise<void> {
    const s = d.state;
    const recalled = d.events.filter((e) => e.type === 'ClaimRecalled').map((e) => (e as { claimId: string }).claimId);
    const recalledMinor = facts.claims.filter((c) => recalled.includes(c.id)).reduce((sum, c) => sum + c.principalMinor, 0n);
    // A hold makes the case's next action due the day it ends; releasing it makes it due now.
    const held = d.events.find((e) => e.type === 'CaseHeld');
    const released = d.events.some((e) => e.type === 'CaseHoldReleased');
    const nextActionAt = held ? new Date(`${s.hold?.until}T00:00:00Z`) : released ? d.audit.at : row.next_action_at;
    const openAfter = openMinorOf(row) - recalledMinor;
    const score = storedPriorityScore({
      caseId: s.caseId,
      openAmount: { amountMinor: openAfter, currency: facts.balance.currency },
      oldestDueDate: String(row.oldest_due_date),
      brokenPromises: Number(row.broken_promises),
      ...(row.last_contact_outcome ? { lastContactOutcome: row.last_contact_outcome } : {}),
    });
    const [updated] = await m.query(
      `UPDATE cases.cases SET phase = $2, assigned_agent_id = $3, hold_until = $4, hold_reason = $5, outcome = $6, close_reason = $7, closed_at = $8,
              principal_minor = principal_minor - $9::bigint, next_action_at = $10, priority_score = $11, version = $12, updated_at = $13
        WHERE id = $1 AND version = $14 RETURNING id`,
      [
        s.caseId,
        s.phase,
        s.assignedAgentId ?? null,
        s.hold?.until ?? null,
        s.hold?.reason ?? null,
        s.closure?.outcome ?? null,
        s.closure?.reason ?? null,
        s.closure ? new Date(s.closure.closedAt) : null,
        recalledMinor.toString(),
        nextActionAt,
        score,
        s.version,
        new Date(d.audit.at),
        row.version,
      ],
    );
    if (!updated.length) throw new DomainError('conflict', `case ${s.caseId} changed meanwhile: reload and try again`);
    if (recalled.length) await m.query(`UPDATE cases.claims SET status = 'recalled' WHERE id = ANY($1::uuid[])`, [recalled]);
    const noted = d.events.find((e) => e.type === 'CaseNoted') as { note: string } | undefined;
    if (noted)
      await m.query(`INSERT INTO cases.notes (id, case_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        uuidV7(),
        s.caseId,
        identity.subject,
        noted.note,
        new Date(d.audit.at),
      ]);
    const a = d.audit;
    await insertAudit(m, [auditRowOf(a)]);
    await this.messaging.publish(m, envelopesOf(d, row, facts, `${a.actor.kind}:${a.actor.id}`, correlationId));
  }
}

export interface CaseFacts {
  balance: { amountMinor: bigint; currency: string };
  claims: { id: string; principalMinor: bigint }[];
}

async function assertAgentOfBrand(m: EntityManager, agentId: string, brandId: string): Promise<void> {
  const [agent] = isUuid(agentId) ? await m.query(`SELECT role, brand_ids FROM cases.users WHERE id = $1`, [agentId]) : [];
  if (!agent || agent.role !== 'agent') throw DomainError.invalid([{ field: 'agentId', reason: 'is not an agent' }]);
  if (!(agent.brand_ids as string[]).includes(brandId))
    throw DomainError.invalid([{ field: 'agentId', reason: 'does not work for this case’s brand' }]);
}

function envelopesOf(d: CaseDecision, row: CaseRow, facts: CaseFacts, actor: string, correlationId: string): EventEnvelope[] {
  const base = { aggregateId: d.state.caseId, clientId: row.client_id, correlationId, occurredAt: new Date(d.audit.at) };
  const currency = facts.balance.currency;
  const principalOf = (claimId: string) => facts.claims.find((c) => c.id === claimId)?.principalMinor ?? 0n;
  return d.events.flatMap((e): EventEnvelope[] => {
    switch (e.type) {
      case 'CasePhaseChanged':
        return [
          createEvent(CasePhaseChanged, {
            ...base,
            payload: { caseId: e.caseId, from: e.from, to: e.to, reason: e.reason ?? null, actor },
          }),
        ];
      case 'CaseClosed':
        return [
          createEvent(CaseClosed, {
            ...base,
            payload: {
              caseId: e.caseId,
              outcome: e.outcome,
              reason: e.reason,
              balanceMinor: (e.balance?.amountMinor ?? facts.balance.amountMinor).toString(),
              currency,
              actor,
            },
          }),
        ];
      case 'CaseAssigned':
        return [createEvent(CaseAssigned, { ...base, payload: { caseId: e.caseId, agentId: e.agentId, actor } })];
      case 'CaseHeld':
        return [createEvent(CaseHeld, { ...base, payload: { caseId: e.caseId, until: e.until, reason: e.reason, actor } })];
      case 'CaseHoldReleased':
        return [createEvent(CaseHoldReleased, { ...base, payload: { caseId: e.caseId, reason: e.reason, actor } })];
      case 'ClaimRecalled':
        return [
          createEvent(ClaimRecalled, {
            ...base,
            payload: {
              caseId: e.caseId,
              claimId: e.claimId,
              balanceMinor: (e.balance?.amountMinor ?? principalOf(e.claimId)).toString(),
              currency,
              reason: e.reason,
              actor,
            },
          }),
        ];
      default:
        // CaseNoted has no event contract: the audit trail records it.
        return [];
    }
  });
}
