import { Args, Context, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { ClientModel } from '../clients/client.model';
import { EscalationModel, EscalationSettingsInput, EscalationSettingsModel } from './escalation.model';
import { EscalationService, type EscalationView } from './escalation.service';
import type { EscalationSettings } from './escalation-store';

/** Escalation to legal: thin — authorise, call the service, shape the answer. */
@Resolver(() => EscalationModel)
export class EscalationResolver {
  constructor(private readonly service: EscalationService) {}

  @Mutation(() => EscalationModel, {
    description: 'Propose an amicable case for legal (an agent of its brand, the admin): it goes to legal_review',
  })
  async proposeEscalation(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    return modelOf(await this.service.propose(requireRole(ctx, 'agent', 'agency_admin'), caseId, reason, ctx.correlationId));
  }

  @Mutation(() => EscalationModel, {
    description: "The client's approval of a proposed escalation (its instruction); the client's own users",
  })
  async approveEscalation(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext) {
    return modelOf(await this.service.approve(requireRole(ctx, 'client_user'), caseId, ctx.correlationId));
  }

  @Mutation(() => EscalationModel, {
    description: 'The client declines a proposed escalation, with a reason; legal staff then send the case back',
  })
  async declineEscalation(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    return modelOf(await this.service.decline(requireRole(ctx, 'client_user'), caseId, reason, ctx.correlationId));
  }

  @Mutation(() => EscalationModel, { description: 'Legal staff accept a case in legal_review into legal (every condition met)' })
  async acceptEscalation(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext) {
    return modelOf(await this.service.accept(requireRole(ctx, 'legal', 'agency_admin'), caseId, ctx.correlationId));
  }

  @Mutation(() => EscalationModel, { description: 'Legal staff send a case in legal_review back to amicable, with a reason' })
  async returnToAmicable(@Args('caseId', { type: () => ID }) caseId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    return modelOf(await this.service.returnToAmicable(requireRole(ctx, 'legal', 'agency_admin'), caseId, reason, ctx.correlationId));
  }

  @Mutation(() => EscalationSettingsModel, {
    description: "Set a client's escalation threshold and whether it approves each escalation; the agency admin",
  })
  async setEscalationSettings(@Args('input') input: EscalationSettingsInput, @Context() ctx: GqlContext) {
    const s = await this.service.setSettings(requireRole(ctx, 'agency_admin'), input.clientId, {
      thresholdMinor: BigInt(input.thresholdMinor),
      approvalRequired: input.approvalRequired,
    });
    return settingsModelOf(s);
  }
}

@Resolver(() => CaseModel)
export class CaseEscalationResolver {
  constructor(private readonly service: EscalationService) {}

  @ResolveField(() => EscalationModel, {
    nullable: true,
    description: 'May the case go to legal (each condition with its rule), and the proposal on file',
  })
  async escalation(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    const v = await this.service.view(requireIdentity(ctx), c.id);
    return v ? modelOf(v) : null;
  }
}

@Resolver(() => ClientModel)
export class ClientEscalationResolver {
  constructor(private readonly service: EscalationService) {}

  @ResolveField(() => EscalationSettingsModel, { nullable: true, description: "The client's escalation settings (threshold, approval)" })
  async escalationSettings(@Parent() c: ClientModel, @Context() ctx: GqlContext) {
    const s = await this.service.settings(requireIdentity(ctx), c.id);
    return s ? settingsModelOf(s) : null;
  }
}

function modelOf(v: EscalationView): EscalationModel {
  const p = v.proposal;
  return {
    caseId: v.caseId,
    eligibility: v.eligibility,
    proposal: p && {
      id: p.id,
      proposedAt: p.proposedAt,
      by: p.proposedBy,
      reason: p.reason,
      estimate: {
        ...p.estimate,
        courtCostsMinor: p.estimate.courtCostsMinor.toString(),
        bailiffCostsMinor: p.estimate.bailiffCostsMinor.toString(),
        openMinor: p.estimate.openMinor.toString(),
        expectedRecoveryMinor: p.estimate.expectedRecoveryMinor.toString(),
        netMinor: p.estimate.netMinor.toString(),
      },
      status: p.status,
      approvalRequired: p.approvalRequired,
      approval: v.approval,
      answeredAt: p.answeredAt,
      answerReason: p.answerReason,
      decidedAt: p.decidedAt,
      decidedBy: p.decidedBy,
      decisionReason: p.decisionReason,
    },
  };
}

const settingsModelOf = (s: EscalationSettings): EscalationSettingsModel => ({
  thresholdMinor: s.thresholdMinor.toString(),
  approvalRequired: s.approvalRequired,
});
