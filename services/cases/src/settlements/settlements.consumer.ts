import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PaymentReceived, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { SettlementsService } from './settlements.service';

/** Thin: after a payment on a case, an accepted settlement now paid closes it as settled (once: a closed case is left as it is). */
@Injectable()
export class SettlementsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly settlements: SettlementsService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'settlements',
      [topics.cases],
      [
        on(PaymentReceived, async (e, m) => {
          await this.settlements.settleIfPaid(m, e.payload.caseId, e.correlationId);
        }),
      ],
    );
  }
}
