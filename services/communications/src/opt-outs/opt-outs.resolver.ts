import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { SENDING_CHANNELS } from '@amicus/contact';
import type { Channel } from '../channels/channel';
import { OptOutModel } from './opt-out.model';
import { OptOutsService } from './opt-outs.service';

function channelOf(channel: string): Channel {
  const known = SENDING_CHANNELS.find((c) => c === channel);
  if (!known) throw DomainError.invalid([{ field: 'channel', reason: `must be one of ${SENDING_CHANNELS.join(', ')}` }]);
  return known;
}

@Resolver(() => OptOutModel)
export class OptOutsResolver {
  constructor(private readonly service: OptOutsService) {}

  @Query(() => [OptOutModel], { description: "The opt-outs of a case's debtor" })
  optOuts(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext): Promise<OptOutModel[]> {
    return this.service.ofCase(requireIdentity(ctx), caseId);
  }

  @Mutation(() => OptOutModel, {
    description:
      "Record that a case's debtor refuses a channel (agency admin, or an agent of the case's brand); nothing is sent on it until withdrawn",
  })
  recordOptOut(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('channel') channel: string,
    @Context() ctx: GqlContext,
    @Args('reason', { type: () => String, nullable: true }) reason?: string,
  ): Promise<OptOutModel> {
    const identity = requireRole(ctx, 'agent', 'agency_admin');
    if (reason && reason.length > 1000) throw DomainError.invalid([{ field: 'reason', reason: 'at most 1000 characters' }]);
    return this.service.record(identity, caseId, channelOf(channel), reason ?? null);
  }

  @Mutation(() => Boolean, {
    description:
      'Withdraw an opt-out (the debtor opted in again); communications waiting for it are decided again. False when there was none',
  })
  withdrawOptOut(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('channel') channel: string,
    @Context() ctx: GqlContext,
  ): Promise<boolean> {
    const identity = requireRole(ctx, 'agent', 'agency_admin');
    return this.service.withdraw(identity, caseId, channelOf(channel));
  }
}
