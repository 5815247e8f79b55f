import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CallLogged, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { DisputesService } from './disputes.service';

/** Thin: a call logged with the outcome dispute_raised opens a dispute of the debtor's on the case's open claims (once per call). */
@Injectable()
export class DisputesConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly disputes: DisputesService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'disputes',
      [topics.communications],
      [
        on(CallLogged, async (e, m) => {
          if (e.payload.outcome === 'dispute_raised') await this.disputes.raiseFromCall(m, e.payload, e.correlationId);
        }),
      ],
    );
  }
}
