import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { BrandLookEntity } from '../brand-looks/brand-look.entity';
import { claimsInCollection } from '../case-contacts/case-contact';
import { CaseContactEntity } from '../case-contacts/case-contact.entity';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { paymentReferenceFor, type PaymentReference } from '@amicus/payment-references';
import { epcQrDataUrl, epcQrSvgDataUrl } from '../rendering/epc-qr';
import { withPlan, type PlanNotice } from '../plan-notices/plan-notices';
import type { TemplateChannel, TemplateKind, TemplateLanguage } from '../templates/template-kinds';
import type { TemplateContext } from '../templates/template-variables';
import {
  AgencyIdentity,
  PaymentAccount,
  StatementAmounts,
  buildTemplateContext,
  caseReferenceOf,
  paymentAccountOf,
} from './communication-context';

/** What a context is built for: the communication's kind, language and channel, its statement, the moment. */
type ContextArgs = {
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: TemplateChannel;
  amounts: StatementAmounts | null;
  /** A payment plan's communication: what it prints of the plan (plan-notices.ts). */
  plan?: PlanNotice | null;
  now: Date;
};

/** Loads what a case's context needs and builds it (see communication-context.ts). */
@Injectable()
export class CommunicationContextService {
  readonly agency: AgencyIdentity;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
  ) {
    this.agency = {
      name: config.AGENCY_NAME,
      enterpriseNumber: config.AGENCY_ENTERPRISE_NUMBER,
      addressLines: config.AGENCY_ADDRESS.split('|')
        .map((l) => l.trim())
        .filter(Boolean),
      registrationNumber: config.AMICUS_AGENCY_REGISTRATION,
      supervisor: config.AGENCY_SUPERVISOR,
      iban: config.AGENCY_IBAN,
      bic: config.AGENCY_BIC,
    };
  }

  /** Loads the case and its brand look, then builds the context (`contextFor`). */
  async forCase(
    args: ContextArgs & { caseId: string },
    m: EntityManager = this.db.manager,
  ): Promise<{ context: TemplateContext; contact: CaseContactEntity; look: BrandLookEntity }> {
    const contact = await m.findOneBy(CaseContactEntity, { caseId: args.caseId });
    if (!contact)
      throw new DomainError('not_found', `no case ${args.caseId} known to communications`, [{ field: 'caseId', reason: 'no such case' }]);
    if (!contact.brandId) throw new DomainError('conflict', `case ${args.caseId} has no brand to write in the name of`);
    const look = await m.findOneBy(BrandLookEntity, { brandId: contact.brandId });
    if (!look) throw new DomainError('conflict', `brand ${contact.brandId} has no look yet`);
    return { context: await this.contextFor(contact, look, args, m), contact, look };
  }

  /** The context of a case whose contact and brand look the caller has loaded already. */
  async contextFor(
    contact: CaseContactEntity,
    look: BrandLookEntity,
    args: ContextArgs,
    m: EntityManager = this.db.manager,
  ): Promise<TemplateContext> {
    const [client]: { name: string; enterpriseNumber: string | null }[] = await m.query(
      `SELECT name, enterprise_number AS "enterpriseNumber" FROM communications.clients WHERE client_id = $1`,
      [contact.clientId],
    );
    const { account, reference } = this.paymentOf(contact, look);
    const caseReference = caseReferenceOf(contact.caseNumber);
    const built = buildTemplateContext({
      kind: args.kind,
      language: args.language,
      now: args.now,
      caseReference,
      debtor: {
        name: contact.debtorName,
        kind: contact.debtorKind,
        country: contact.country,
        timeZone: contact.timeZone,
        addresses: contact.addresses,
      },
      currency: contact.currency,
      claims: claimsInCollection(contact),
      amounts: args.amounts,
      client: client ?? null,
      brand: { ...look, name: look.brandName ?? look.senderName },
      agency: this.agency,
      payment: { reference: reference.formatted, link: this.paymentLink(contact), qr: '' },
    });
    const plan = args.plan ?? null;
    // A plan with a reference of its own is paid with it (same account, same scheme as the case's).
    const planReference = plan?.referenceNumber ? paymentReferenceFor(account.iban.slice(0, 2), plan.referenceNumber).formatted : null;
    const draft = plan ? withPlan(built, plan, args.language, planReference) : built;
    draft.payment.qr = await this.qr(draft, args.channel, account, plan ? BigInt(plan.payNowMinor) : null);
    return draft;
  }

  /** Where the case's debtor pays (the brand's account, else the agency's) and the reference a transfer carries. */
  paymentOf(
    contact: Pick<CaseContactEntity, 'caseNumber'>,
    look: Pick<BrandLookEntity, 'brandName' | 'senderName' | 'iban'>,
  ): { account: PaymentAccount; reference: PaymentReference } {
    const account = paymentAccountOf({ name: look.brandName ?? look.senderName, iban: look.iban }, this.agency);
    return { account, reference: paymentReferenceFor(account.iban.slice(0, 2), contact.caseNumber) };
  }

  /**
   * The case's pay link: the debtor page with the token cases issued (CaseOpened, PayLinkIssued).
   * A case whose events carried none (opened before pay links) gets the short code it always
   * had, which reveals neither its id nor its number — and opens nothing.
   */
  paymentLink(contact: Pick<CaseContactEntity, 'caseId' | 'payLinkToken'>): string {
    const base = this.config.PAYMENT_LINK_BASE.replace(/\/$/, '');
    if (contact.payLinkToken) return `${base}/${contact.payLinkToken}`;
    const code = createHash('sha256').update(`${this.config.PAY_LINK_SECRET}:${contact.caseId}`).digest('base64url').slice(0, 10);
    return `${base}/${code}`;
  }

  /** EPC QR of the total due (a plan's: what to pay now): SVG on letters (sharp in print), PNG in e-mails; SMS shows none. */
  private async qr(
    context: TemplateContext,
    channel: TemplateChannel,
    account: PaymentAccount,
    payNowMinor: bigint | null,
  ): Promise<string> {
    const amountMinor = payNowMinor ?? BigInt(context.amounts.total.amountMinor);
    if (channel === 'sms' || context.amounts.total.currency !== 'EUR' || amountMinor <= 0n) return '';
    const payment = {
      beneficiaryName: account.beneficiary,
      iban: context.payment.iban,
      bic: context.payment.bic ?? undefined,
      amountMinor,
      remittance: { kind: 'structured' as const, reference: context.payment.reference },
    };
    return channel === 'letter' ? epcQrSvgDataUrl(payment) : epcQrDataUrl(payment, 240);
  }
}
