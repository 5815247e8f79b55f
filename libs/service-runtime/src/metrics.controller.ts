import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { metricsResponse, outboxBacklogGauge } from './metrics';
import { Messaging } from './messaging';

/** GET /metrics: Prometheus' scrape of the service (the outbox backlog counted at the scrape). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly messaging: Messaging) {}

  @Get()
  async metrics(@Res() res: Response): Promise<void> {
    outboxBacklogGauge.set(await this.messaging.outboxBacklog().catch(() => -1));
    const m = await metricsResponse();
    res.status(200).type(m.contentType).send(m.body);
  }
}
