import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DisputeAnswerOverdue, DisputeRaised, DisputeResolved, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { ClientRemindersService } from './client-reminders.service';
import { DisputeHoldsService } from './dispute-holds.service';
import { DisputeNoticesService } from './dispute-notices.service';

/** Thin: cases' disputes, for what the debtor is told of them and what they hold of what is queued. */
@Injectable()
export class DisputesConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly notices: DisputeNoticesService,
    private readonly holds: DisputeHoldsService,
    private readonly reminders: ClientRemindersService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'disputes',
      [topics.cases],
      [
        on(DisputeRaised, async (e, m) => {
          await this.notices.raised(e, m);
          await this.holds.raised(e, m);
        }),
        on(DisputeResolved, (e, m) => this.holds.resolved(e, m)),
        on(DisputeAnswerOverdue, async (e) => {
          await this.reminders.overdue(e);
        }),
      ],
    );
  }
}
