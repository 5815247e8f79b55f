import { Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { DomainError } from '@amicus/errors';
import { createEvent, InstructionGiven } from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { CaseFileService } from '../case-file/case-file.service';
import { visibleCaseRow } from '../case-file/case-reads.service';
import type { CaseModel } from '../case-file/case.model';
import { writeOffCase } from '../case-lifecycle/case-lifecycle';
import { isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { INSTRUCTION_ACTIONS, instructionOf, type GivenKind, type Instruction } from './instruction';

/**
 * The client's instructions (#13 §3). A hold, its release and a recall are the case file's
 * commands already (CaseFileService); a write-off is the lifecycle's `writeOffCase`, through the
 * case file's own load → decide → write, with InstructionGiven in the same transaction. The case
 * shows them all, read back from its audit trail.
 */
@Injectable()
export class InstructionsService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly caseFile: CaseFileService,
    private readonly messaging: Messaging,
  ) {}

  give(
    identity: Identity,
    input: { caseId: string; kind: GivenKind; reason: string; until: string | null },
    correlationId: string,
  ): Promise<CaseModel> {
    if (identity.role !== 'client_user' && identity.role !== 'agency_admin')
      throw new DomainError('forbidden', 'instructions are the client’s (the admin records one the client gave)');
    switch (input.kind) {
      case 'hold':
        if (!input.until) throw DomainError.invalid([{ field: 'until', reason: 'is required for a hold' }]);
        return this.caseFile.hold(identity, input.caseId, input.until, input.reason, correlationId);
      case 'release':
        return this.caseFile.releaseHold(identity, input.caseId, input.reason, correlationId);
      case 'recall':
        return this.caseFile.recallCase(identity, input.caseId, input.reason, correlationId);
      case 'write_off':
        return this.caseFile.instruct(identity, input.caseId, correlationId, async (state, ctx, facts, m) => {
          const d = writeOffCase(state, { reason: input.reason, balance: facts.balance }, ctx);
          await this.messaging.publish(
            m,
            createEvent(InstructionGiven, {
              aggregateId: state.caseId,
              clientId: state.clientId,
              correlationId,
              occurredAt: ctx.at,
              payload: {
                caseId: state.caseId,
                clientId: state.clientId,
                kind: 'write_off',
                reason: d.state.closure!.reason,
                referenceId: null,
                actor: `${ctx.actor.kind}:${ctx.actor.id}`,
              },
            }),
          );
          return d;
        });
    }
  }

  /** The case's instructions, oldest first (none for a case the caller may not see). */
  ofCase(identity: Identity, caseId: string): Promise<Instruction[]> {
    if (!isUuid(caseId)) return Promise.resolve([]);
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      const rows: {
        actor_kind: string;
        actor_id: string;
        at: Date;
        action: string;
        reason: string | null;
        before: unknown;
        after: unknown;
      }[] = await m.query(
        `SELECT actor_kind, actor_id, at, action, reason, before, after FROM cases.audit_entries
            WHERE case_id = $1 AND action = ANY($2::text[]) ORDER BY seq`,
        [caseId, [...INSTRUCTION_ACTIONS]],
      );
      return rows
        .map((r) =>
          instructionOf({
            actorKind: r.actor_kind,
            actorId: r.actor_id,
            at: r.at.toISOString(),
            action: r.action,
            reason: r.reason,
            before: r.before,
            after: r.after,
          }),
        )
        .filter((i): i is Instruction => i !== null);
    });
  }
}
