import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BrandLookEntity } from '../brand-looks/brand-look.entity';
import type { CaseContactEntity } from '../case-contacts/case-contact.entity';
import type { OutboundMessage } from '../channels/channel';
import { contextAsJson } from '../communication-context/communication-context';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import type { SendAllowed } from '../contact-rules/contact-rules';
import { composeEmail } from '../rendering/email';
import { composeLetter } from '../rendering/letter';
import { composeSms } from '../rendering/sms';
import { localeFor } from '../templates/template-rendering';
import type { TemplateContext } from '../templates/template-variables';
import { TemplatesService } from '../templates/templates.service';
import { ChannelAdapters } from './channel-adapters';
import { templateChannelOf, type Communication } from './communication';

/** What was rendered for one send: the message as it leaves, and what is kept as evidence once it left. */
export interface Rendered {
  message: OutboundMessage;
  subject: string | null;
  html: string | null;
  text: string | null;
  sms: string | null;
  pdf: Buffer | null;
  /** The template context, as JSON. */
  context: unknown;
  templateVersionId: string | null;
  templateSource: string;
}

/** Renders a communication the contact rules allowed: its template, with the case's context, in the brand's look. */
@Injectable()
export class CommunicationRenderer {
  constructor(
    private readonly templates: TemplatesService,
    private readonly contexts: CommunicationContextService,
    private readonly adapters: ChannelAdapters,
  ) {}

  async render(
    m: EntityManager,
    c: Communication,
    decision: SendAllowed,
    contact: CaseContactEntity,
    look: BrandLookEntity,
    now: Date,
  ): Promise<Rendered> {
    const { language } = decision;
    const channel = templateChannelOf(decision.channel);
    const key = { brandId: look.brandId, kind: c.kind, language };
    const context = await this.contexts.contextFor(
      contact,
      look,
      { kind: c.kind, language, channel, amounts: c.amounts, plan: c.details, now },
      m,
    );
    const locale = localeFor(language, contact.country);
    const message = messageTo(c, decision, contact, look, context);
    const none = { subject: null, html: null, text: null, sms: null, pdf: null, context: contextAsJson(context) };
    switch (channel) {
      case 'email': {
        const template = await this.templates.resolveForSending({ ...key, channel }, m);
        const email = composeEmail({ parts: template.parts, context, language, locale });
        const parts = { subject: email.subject, html: email.html, text: email.text };
        return {
          ...none,
          ...parts,
          message: { ...message, ...parts },
          templateVersionId: template.versionId,
          templateSource: template.source,
        };
      }
      case 'sms': {
        const template = await this.templates.resolveForSending({ ...key, channel }, m);
        const sms = composeSms({ source: template.parts.text, context, language, locale });
        return {
          ...none,
          sms: sms.text,
          message: { ...message, text: sms.text },
          templateVersionId: template.versionId,
          templateSource: template.source,
        };
      }
      case 'letter': {
        const template = await this.templates.resolveForSending({ ...key, channel }, m);
        const letter = composeLetter({
          body: template.parts.html,
          context,
          language,
          locale,
          paymentSlip: context.amounts.total.amountMinor > 0n,
        });
        const pdf = await this.adapters.renderPdf(letter.html, letter.pdf);
        return {
          ...none,
          html: letter.html,
          pdf,
          message: { ...message, text: context.case.reference, pdf },
          templateVersionId: template.versionId,
          templateSource: template.source,
        };
      }
    }
  }
}

/** The message before its content: from the brand, to the debtor at the contact the rules chose. */
function messageTo(
  c: Communication,
  decision: SendAllowed,
  contact: CaseContactEntity,
  look: BrandLookEntity,
  context: TemplateContext,
): OutboundMessage {
  const to = decision.recipient;
  const name = contact.debtorName;
  const recipient =
    typeof to !== 'string'
      ? { name, address: to }
      : decision.channel === 'sms' || decision.channel === 'whatsapp'
        ? { name, phone: to }
        : { name, email: to };
  return {
    communicationId: c.id,
    caseReference: context.case.reference,
    sender: { name: look.senderName, email: look.replyEmail ?? undefined, phone: look.phone ?? undefined },
    recipient,
    text: '',
    registered: decision.channel === 'registered_email',
  };
}
