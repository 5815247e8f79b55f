import { Injectable, OnModuleInit } from '@nestjs/common';
import { BrandCreated, BrandCreatedV1, ClientOnboarded, ClientOnboardedV1, EventEnvelope, topics } from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { BrandLooksService } from './brand-looks.service';

/** Thin: brands and clients as cases announces them. */
@Injectable()
export class BrandLooksConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly looks: BrandLooksService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume('brand-looks', [topics.clients], {
      [BrandCreated.type]: (e, m) => this.looks.brandCreated(e as EventEnvelope<BrandCreatedV1>, m),
      [ClientOnboarded.type]: (e, m) => this.looks.clientOnboarded(e as EventEnvelope<ClientOnboardedV1>, m),
    });
  }
}
