import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { LookupGuard } from '@amicus/service-runtime';
import { BrandLookEntity } from '../brand-looks/brand-look.entity';
import { CaseContactEntity } from '../case-contacts/case-contact.entity';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import type { PaymentAccount } from '../communication-context/communication-context';
import { epcQrSvgDataUrl } from '../rendering/epc-qr';
import type { PaymentReference } from '@amicus/payment-references';
import { isWellFormedToken, payLinkHashOf, payLinkOpen, payPageNotFound, readTransferAmount } from './pay-page';
import type { BankTransferModel, DebtorPayPageModel, PayPageLetterModel } from './pay-page.model';

/** The page, with what `transfer` needs of the case (not a GraphQL field). */
export interface PayPageView extends DebtorPayPageModel {
  payment: { account: PaymentAccount; reference: PaymentReference; currency: string };
}

/**
 * The debtor's pay page (anonymous: the link's token is the only credential, rate-limited per
 * address as cases' payLink is): found by the token's hash in the case copy, open until the
 * link's expiry; a token cases replaced is no longer kept, so it opens nothing.
 */
@Injectable()
export class PayPageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly context: CommunicationContextService,
    private readonly clock: Clock,
    /** The default limits (DEFAULT_LOOKUP_LIMITS); tests give their own. */
    @Optional() private readonly guard: LookupGuard = new LookupGuard(),
  ) {}

  async page(token: string, clientAddress: string): Promise<PayPageView> {
    const { contact, look } = await this.opened(token, clientAddress);
    const letters: PayPageLetterModel[] = await this.db.query(
      `SELECT c.id, c.sent_at AS "sentAt", c.kind, c.channel, e.subject, e.pdf IS NOT NULL AS "hasPdf"
         FROM communications.communications c LEFT JOIN communications.communication_evidence e ON e.communication_id = c.id
        WHERE c.case_id = $1 AND c.sent_at IS NOT NULL
        ORDER BY c.sent_at, c.id`,
      [contact.caseId],
    );
    return {
      brand: {
        name: look.brandName ?? look.senderName,
        senderName: look.senderName,
        logoUrl: look.logoUrl,
        primaryColor: look.primaryColor,
        secondaryColor: look.secondaryColor,
        email: look.replyEmail,
        phone: look.phone,
        website: look.website,
      },
      language: contact.language,
      expiresAt: contact.payLinkExpiresAt!,
      letters,
      payment: { ...this.context.paymentOf(contact, look), currency: contact.currency },
    };
  }

  /**
   * A letter of the token's case as it was sent (its PDF, base64), for the debtor to keep. A
   * letter of another case, or one without a PDF (an SMS, an e-mail), is NOT_FOUND like a bad token.
   */
  async letterPdf(token: string, letterId: string, clientAddress: string): Promise<string> {
    const { contact } = await this.opened(token, clientAddress);
    const [row]: { pdf: Buffer | null }[] = /^[0-9a-f-]{36}$/i.test(letterId)
      ? await this.db.query(
          `SELECT e.pdf FROM communications.communications c JOIN communications.communication_evidence e ON e.communication_id = c.id
            WHERE c.id = $1 AND c.case_id = $2 AND c.sent_at IS NOT NULL`,
          [letterId, contact.caseId],
        )
      : [];
    if (!row?.pdf) throw new DomainError('not_found', 'no such letter on this page');
    return row.pdf.toString('base64');
  }

  /** The case contact and brand look behind an open link; anything else counts as a failed try. */
  private async opened(token: string, clientAddress: string): Promise<{ contact: CaseContactEntity; look: BrandLookEntity }> {
    await this.guard.admit(clientAddress);
    const contact = isWellFormedToken(token)
      ? await this.db.manager.findOneBy(CaseContactEntity, { payLinkHash: payLinkHashOf(token) })
      : null;
    const look = contact?.brandId ? await this.db.manager.findOneBy(BrandLookEntity, { brandId: contact.brandId }) : null;
    // A case without its brand's look yet cannot be shown in its brand: as if there were no page.
    if (!contact || !look || !payLinkOpen(contact, this.clock.now())) {
      await this.guard.failed(clientAddress);
      throw payPageNotFound();
    }
    return { contact, look };
  }

  /** The transfer for the amount the debtor chose (none: the bank app asks), with its EPC QR code (euro only). */
  async transfer(page: PayPageView, amountMinor: string | null | undefined): Promise<BankTransferModel> {
    const amount = readTransferAmount(amountMinor);
    const { account, reference, currency } = page.payment;
    const qrSvg =
      currency === 'EUR'
        ? await epcQrSvgDataUrl({
            beneficiaryName: account.beneficiary,
            iban: account.iban,
            bic: account.bic ?? undefined,
            ...(amount !== null ? { amountMinor: amount } : {}),
            remittance: { kind: 'structured', reference: reference.formatted },
          })
        : null;
    return {
      beneficiary: account.beneficiary,
      iban: account.iban,
      bic: account.bic,
      reference: reference.formatted,
      referenceScheme: reference.scheme,
      amountMinor: amount === null ? null : amount.toString(),
      currency,
      qrSvg,
    };
  }
}
