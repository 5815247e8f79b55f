import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CallLogged, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { PlansService } from './plans.service';

/** Thin: a call logged with a promise to pay records the promise on the case (once per call). */
@Injectable()
export class PlansConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly plans: PlansService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'plans',
      [topics.communications],
      [
        on(CallLogged, async (e, m) => {
          if (e.payload.outcome === 'promise_to_pay') await this.plans.promiseFromCall(m, e.payload, e.correlationId);
        }),
      ],
    );
  }
}
