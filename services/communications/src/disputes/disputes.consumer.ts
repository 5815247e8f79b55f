import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DisputeRaised, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { DisputeNoticesService } from './dispute-notices.service';

/** Thin: cases' disputes, for what the debtor is told of them. */
@Injectable()
export class DisputesConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly notices: DisputeNoticesService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'disputes',
      [topics.cases],
      [
        on(DisputeRaised, async (e, m) => {
          await this.notices.raised(e, m);
        }),
      ],
    );
  }
}
