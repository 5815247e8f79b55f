import { Injectable, OnModuleInit } from '@nestjs/common';
import { BrandCreated, ClientOnboarded, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
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
    this.messaging.consume(
      'brand-looks',
      [topics.clients],
      [on(BrandCreated, (e, m) => this.looks.brandCreated(e, m)), on(ClientOnboarded, (e, m) => this.looks.clientOnboarded(e, m))],
    );
  }
}
