import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import type { Channel } from '../channels/channel';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import type { TemplateKind } from '../templates/template-kinds';
import { CommunicationEvidenceModel, CommunicationModel, SendCommunicationInput } from './communication.model';
import { mayContact, mayRead } from './communication-access';
import { CommunicationRow, CommunicationsService } from './communications.service';

function toModel(row: CommunicationRow): CommunicationModel {
  return {
    id: row.id,
    requestId: row.request_id,
    caseId: row.case_id,
    clientId: row.client_id,
    brandId: row.brand_id,
    kind: row.kind,
    requestedChannel: row.requested_channel,
    channel: row.channel,
    language: row.language,
    status: row.status,
    recipient: row.recipient,
    templateVersionId: row.template_version_id,
    notBefore: row.status === 'scheduled' ? row.not_before : null,
    refusal: row.refusal && {
      code: row.refusal.code,
      reason: row.refusal.reason,
      rule: row.refusal.rule ?? null,
      notBefore: row.refusal.notBefore ? new Date(row.refusal.notBefore) : null,
      waitsFor: row.refusal.waitsFor,
    },
    legalDecision: row.legal_decision ? JSON.stringify(row.legal_decision) : null,
    attempts: row.attempts,
    fallbackOf: row.fallback_of,
    providerMessageId: row.provider_message_id,
    requestedBy: row.requested_by,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    history: row.history.map((h) => ({
      status: h.status,
      at: new Date(h.at),
      detail: h.detail,
      notBefore: h.notBefore ? new Date(h.notBefore) : null,
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
    private readonly contacts: CaseContactsService,
  ) {}

  private async caseOwner(caseId: string) {
    const contact = await this.contacts.find(caseId);
    if (!contact) throw new DomainError('not_found', `no case ${caseId} known to communications`, [{ field: 'caseId', reason: 'no such case' }]);
    return contact;
  }

  @Query(() => [CommunicationModel], { description: "A case's communications, oldest first" })
  async communications(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext): Promise<CommunicationModel[]> {
    const identity = requireIdentity(ctx);
    const owner = await this.contacts.find(caseId);
    if (!owner || !mayRead(identity, owner)) return [];
    return (await this.service.ofCase(caseId)).map(toModel);
  }

  @Query(() => CommunicationModel, { nullable: true, description: 'One communication with its status history and evidence' })
  async communication(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<CommunicationModel | null> {
    const identity = requireIdentity(ctx);
    const row = await this.service.get(id).catch(() => null);
    if (!row || !mayRead(identity, { clientId: row.client_id, brandId: row.brand_id })) return null;
    return toModel(row);
  }

  @Mutation(() => CommunicationModel, { description: 'Send a communication now (agent): decided by the contact rules, sent, or scheduled with its reason' })
  async sendCommunication(@Args('input') input: SendCommunicationInput, @Context() ctx: GqlContext): Promise<CommunicationModel> {
    const identity = requireRole(ctx, 'agent', 'agency_admin');
    const owner = await this.caseOwner(input.caseId);
    if (!mayContact(identity, owner)) throw new DomainError('forbidden', 'this case is not of one of your brands');
    const row = await this.service.sendNow({
      requestId: null,
      caseId: input.caseId,
      kind: input.kind as TemplateKind,
      channel: input.channel as Channel | 'preferred',
      requestedBy: `user:${identity.subject}`,
      amounts: null,
      correlationId: ctx.correlationId,
    });
    return toModel(row);
  }

  @ResolveField(() => CommunicationEvidenceModel, { nullable: true, description: 'What was sent, once it left' })
  async evidence(@Parent() c: CommunicationModel): Promise<CommunicationEvidenceModel | null> {
    const e = await this.service.evidence(c.id);
    if (!e) return null;
    return {
      channel: e.channel,
      recipient: e.recipient,
      sentAt: e.sent_at,
      templateVersionId: e.template_version_id,
      templateSource: e.template_source,
      legalDecision: JSON.stringify(e.legal_decision),
      context: JSON.stringify(e.context),
      subject: e.subject,
      html: e.html,
      text: e.text_body,
      sms: e.sms_text,
      sentMediaType: e.sent_media_type,
      sentBase64: e.sent_bytes.toString('base64'),
      sha256: e.sha256,
    };
  }

  @ResolveField(() => String, { nullable: true, description: "A letter's PDF as sent, base64" })
  async pdfBase64(@Parent() c: CommunicationModel): Promise<string | null> {
    const e = await this.service.evidence(c.id);
    return e?.pdf ? e.pdf.toString('base64') : null;
  }
}
