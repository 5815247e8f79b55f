import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@amicus/calendar';
import {
  CallLogged,
  CaseHoldReleased,
  CommunicationCancelled,
  CommunicationCancelledV2,
  CommunicationFailed,
  DisputeResolved,
  topics,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { applyReaction } from './journey-reactions';
import { reactionToCall, reactionToCancel, reactionToDisputeResolved, reactionToFailure, reactionToRelease } from './reactions';

/** Thin: the events that move a journey besides the scheduler — the debtor's reactions, failed or cancelled sends, a hold released early, a dispute resolved. */
@Injectable()
export class ReactionsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'journey-reactions',
      [topics.communications, topics.cases],
      [
        on(CallLogged, async (e, m) => {
          await applyReaction(m, { caseId: e.payload.caseId }, reactionToCall(e.payload, this.clock.timeZone), this.clock.now());
        }),
        on(CommunicationFailed, async (e, m) => {
          const effect = reactionToFailure(e.payload);
          if (effect)
            await applyReaction(m, { caseId: e.payload.caseId, requestId: e.payload.requestId ?? null }, effect, this.clock.now());
        }),
        on(CommunicationCancelled, async (e, m) => {
          const effect = reactionToCancel(e.payload);
          if (effect) await applyReaction(m, { caseId: e.payload.caseId, requestId: e.payload.requestId }, effect, this.clock.now());
        }),
        // @2: a payment plan's course; a journey step that asked for one reacts the same.
        on(CommunicationCancelledV2, async (e, m) => {
          const effect = reactionToCancel(e.payload);
          if (effect) await applyReaction(m, { caseId: e.payload.caseId, requestId: e.payload.requestId }, effect, this.clock.now());
        }),
        on(CaseHoldReleased, async (e, m) => {
          await applyReaction(m, { caseId: e.payload.caseId }, reactionToRelease(), this.clock.now());
        }),
        on(DisputeResolved, async (e, m) => {
          await applyReaction(m, { caseId: e.payload.caseId }, reactionToDisputeResolved(e.payload.outcome), this.clock.now());
        }),
      ],
    );
  }
}
