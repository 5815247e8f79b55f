import { Injectable, OnModuleInit } from '@nestjs/common';
import { ComplaintClosed, ComplaintLogged, DisputeAnswered, DisputeRaised, DisputeResolved } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { ROOT_CAUSES_CONSUMER } from '../rebuild/rebuild';
import { RootCausesService } from './root-causes.service';

/** Thin: cases' dispute and complaint events, handed to the root causes idempotently (libs/messaging). */
@Injectable()
export class RootCausesConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly rootCauses: RootCausesService,
  ) {}

  onModuleInit(): void {
    const r = this.rootCauses;
    this.messaging.consume(ROOT_CAUSES_CONSUMER.name, ROOT_CAUSES_CONSUMER.topics, [
      on(DisputeRaised, (e, m) => r.disputeRaised(e, m)),
      on(DisputeAnswered, (e, m) => r.disputeAnswered(e, m)),
      on(DisputeResolved, (e, m) => r.disputeResolved(e, m)),
      on(ComplaintLogged, (e, m) => r.complaintLogged(e, m)),
      on(ComplaintClosed, (e, m) => r.complaintClosed(e, m)),
    ]);
  }
}
