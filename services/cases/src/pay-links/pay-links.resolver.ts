import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { DebtorStatementModel, IssuedPayLinkModel } from './pay-link.model';
import { PayLinksService } from './pay-links.service';

@Resolver()
export class PayLinksResolver {
  constructor(private readonly payLinks: PayLinksService) {}

  @Query(() => DebtorStatementModel, {
    description:
      "The debtor's page behind a pay link: its case's statement today. Anonymous — the token is the only credential (a caller's identity is ignored). A token that is unknown, expired or revoked: NOT_FOUND, the same answer for all three; too many failed tries from one address: TOO_MANY_REQUESTS (extensions.retryAfterSeconds).",
  })
  payLink(@Args('token', { description: 'the last part of the link: 22 characters' }) token: string, @Context() ctx: GqlContext) {
    return this.payLinks.statement(token, ctx.clientAddress);
  }

  @Mutation(() => IssuedPayLinkModel, {
    description:
      "Revoke a case's pay link and issue a new one (the agency admin, or an agent of the case's brand): the old link stops working at once; the next communication prints the new one",
  })
  reissuePayLink(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext) {
    return this.payLinks.reissue(requireRole(ctx, 'agency_admin', 'agent'), caseId, ctx.correlationId);
  }
}
