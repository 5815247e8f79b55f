import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SettlementOffered, SettlementOfferedV2, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { OfferNoticesService } from './offer-notices.service';

/** Thin: cases' settlement offers, for the e-mail that asks the client to decide one above its terms. */
@Injectable()
export class SettlementsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly notices: OfferNoticesService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'settlement-offers',
      [topics.cases],
      [
        // An @1 (before the e-mail existed) names nobody to ask: read, and nothing to do.
        on(SettlementOffered, async () => {}),
        on(SettlementOfferedV2, async (e) => {
          await this.notices.offered(e);
        }),
      ],
    );
  }
}
