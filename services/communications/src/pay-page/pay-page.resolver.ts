import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '@amicus/service-runtime';
import { BankTransferModel, DebtorPayPageModel } from './pay-page.model';
import { PayPageService, type PayPageView } from './pay-page.service';

@Resolver(() => DebtorPayPageModel)
export class PayPageResolver {
  constructor(private readonly pages: PayPageService) {}

  @Query(() => DebtorPayPageModel, {
    description:
      "The debtor's page behind a pay link, as communications owns it: the brand's look, the bank transfer, the messages sent. Anonymous — the token is the only credential (a caller's identity is ignored). Unknown, expired or replaced: NOT_FOUND, the same for all; too many failed tries from one address: TOO_MANY_REQUESTS.",
  })
  payPage(@Args('token', { description: 'the last part of the link' }) token: string, @Context() ctx: GqlContext) {
    return this.pages.page(token, ctx.clientAddress);
  }

  @Query(() => String, {
    description:
      "A letter of the pay link's case as it was sent: its PDF, base64. Anonymous like payPage; another case's letter, or a message without a PDF: NOT_FOUND.",
  })
  payPageLetterPdf(@Args('token') token: string, @Args('letterId', { type: () => ID }) letterId: string, @Context() ctx: GqlContext) {
    return this.pages.letterPdf(token, letterId, ctx.clientAddress);
  }

  @ResolveField(() => BankTransferModel, {
    description: 'A bank transfer of the amount the debtor chooses (minor units); without it, the QR code leaves the amount open',
  })
  transfer(@Parent() page: PayPageView, @Args('amountMinor', { type: () => String, nullable: true }) amountMinor?: string | null) {
    return this.pages.transfer(page, amountMinor);
  }
}
