import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import type { Channel } from '../channels/channel';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import type { TemplateKind } from '../templates/template-kinds';
import type { Communication } from './communication';
import { CommunicationEvidenceModel, CommunicationModel, SendCommunicationInput } from './communication.model';
import { mayContact, mayRead } from './communication-access';
import { CommunicationReadsService } from './communication-reads.service';
import { CommunicationsService } from './communications.service';

function toModel(c: Communication): CommunicationModel {
  const { state, refusal, legalDecision, notBefore, ...rest } = c;
  return {
    ...rest,
    status: state.status,
    notBefore: state.status === 'scheduled' ? notBefore : null,
    refusal: refusal && {
      code: refusal.code,
      reason: refusal.reason,
      rule: refusal.rule ?? null,
      notBefore: refusal.notBefore ? new Date(refusal.notBefore) : null,
      waitsFor: refusal.waitsFor,
    },
    legalDecision: legalDecision ? JSON.stringify(legalDecision) : null,
    history: state.history.map((h) => ({
      status: h.status,
      at: h.at,
      detail: h.detail,
      notBefore: h.notBefore ?? null,
      waitsFor: h.waitsFor ?? null,
      rule: h.rule ?? null,
      ignored: h.ignored === true,
    })),
  };
}

@Resolver(() => CommunicationModel)
export class CommunicationsResolver {
  constructor(
    private readonly service: CommunicationsService,
    private readonly reads: CommunicationReadsService,
    private readonly contacts: CaseContactsService,
  ) {}

  private async caseOwner(caseId: string) {
    const contact = await this.contacts.find(caseId);
    if (!contact)
      throw new DomainError('not_found', `no case ${caseId} known to communications`, [{ field: 'caseId', reason: 'no such case' }]);
    return contact;
  }

  @Query(() => [CommunicationModel], { description: "A case's communications, oldest first" })
  async communications(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext): Promise<CommunicationModel[]> {
    const identity = requireIdentity(ctx);
    const owner = await this.contacts.find(caseId);
    if (!owner || !mayRead(identity, owner)) return [];
    return (await this.reads.ofCase(caseId)).map(toModel);
  }

  @Query(() => CommunicationModel, { nullable: true, description: 'One communication with its status history and evidence' })
  async communication(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<CommunicationModel | null> {
    const identity = requireIdentity(ctx);
    const communication = await this.reads.get(id).catch(() => null);
    const owner = communication && (await this.contacts.find(communication.caseId));
    if (!communication || !owner || !mayRead(identity, owner)) return null;
    return toModel(communication);
  }

  @Mutation(() => CommunicationModel, {
    description: 'Send a communication now (agent): decided by the contact rules, sent, or scheduled with its reason',
  })
  async sendCommunication(@Args('input') input: SendCommunicationInput, @Context() ctx: GqlContext): Promise<CommunicationModel> {
    const identity = requireRole(ctx, 'agent', 'agency_admin');
    const owner = await this.caseOwner(input.caseId);
    if (!mayContact(identity, owner)) throw new DomainError('forbidden', 'this case is not of one of your brands');
    const communication = await this.service.sendNow({
      requestId: null,
      caseId: input.caseId,
      kind: input.kind as TemplateKind,
      channel: input.channel as Channel | 'preferred',
      requestedBy: `user:${identity.subject}`,
      amounts: null,
      correlationId: ctx.correlationId,
    });
    return toModel(communication);
  }

  @ResolveField(() => CommunicationEvidenceModel, { nullable: true, description: 'What was sent, once it left' })
  async evidence(@Parent() c: CommunicationModel): Promise<CommunicationEvidenceModel | null> {
    const e = await this.reads.evidence(c.id);
    if (!e) return null;
    const { legalDecision, context, sentBytes, ...rest } = e;
    return {
      ...rest,
      legalDecision: JSON.stringify(legalDecision),
      context: JSON.stringify(context),
      sentBase64: sentBytes.toString('base64'),
    };
  }

  @ResolveField(() => String, { nullable: true, description: "A letter's PDF as sent, base64" })
  async pdfBase64(@Parent() c: CommunicationModel): Promise<string | null> {
    const e = await this.reads.evidence(c.id);
    return e?.pdf ? e.pdf.toString('base64') : null;
  }
}
