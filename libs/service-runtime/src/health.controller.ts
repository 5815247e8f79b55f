import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Messaging } from './messaging';

/**
 * Readiness: 200 when the database and Kafka answer and every consumer has joined its group,
 * 503 otherwise, with each part named.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly messaging: Messaging,
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const [database, kafka] = await Promise.all([
      this.dataSource
        .query('SELECT 1')
        .then(() => 'up' as const)
        .catch(() => 'down' as const),
      this.messaging.kafkaUp().then((up) => (up ? ('up' as const) : ('down' as const))),
    ]);
    const consumers = this.messaging.consumersRunning() ? 'running' : 'starting';
    const ok = database === 'up' && kafka === 'up' && consumers === 'running';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, kafka, consumers });
  }
}
