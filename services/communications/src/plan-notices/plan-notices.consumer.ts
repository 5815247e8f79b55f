import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  InstalmentDue,
  InstalmentMissed,
  PaymentPlanAgreed,
  PaymentPlanBroken,
  PaymentPlanCompleted,
  PaymentReceived,
  PromiseMade,
  topics,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { completionOf, confirmationOf, missedNoticeOf, promiseConfirmationOf, reminderOf } from './plan-notices';
import { PlanNoticesService } from './plan-notices.service';

/**
 * Thin: cases' plan and promise events, for what the debtor is told of its payment plan or
 * promise; and the payments and plan ends that overtake an instalment reminder still queued.
 */
@Injectable()
export class PlanNoticesConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly notices: PlanNoticesService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'plan-notices',
      [topics.cases],
      [
        on(PaymentPlanAgreed, async (e, m) => void (await this.notices.request(confirmationOf(e), m))),
        on(InstalmentDue, async (e, m) => void (await this.notices.request(reminderOf(e), m))),
        on(InstalmentMissed, async (e, m) => void (await this.notices.request(missedNoticeOf(e), m))),
        on(PaymentPlanCompleted, async (e, m) => {
          await this.notices.planEnded(e, { how: 'completed', on: e.payload.completedOn }, m);
          await this.notices.request(completionOf(e), m);
        }),
        on(PaymentPlanBroken, (e, m) => this.notices.planEnded(e, { how: 'broken', on: e.payload.brokeOn, reason: e.payload.reason }, m)),
        on(PaymentReceived, (e, m) => this.notices.paymentReceived(e, m)),
        on(PromiseMade, async (e, m) => void (await this.notices.request(promiseConfirmationOf(e), m))),
      ],
    );
  }
}
