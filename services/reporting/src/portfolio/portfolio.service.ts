import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { BrandCreatedV1, ClientOnboardedV1, EventEnvelope } from '@amicus/events';
import type { Identity } from '@amicus/auth';
import { ClientPortfolioEntity } from './client-portfolio.entity';
import { ClientPortfolio, visiblePortfolios } from './portfolio';

@Injectable()
export class PortfolioService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async clientOnboarded(e: EventEnvelope<ClientOnboardedV1>, m: EntityManager): Promise<void> {
    await m
      .createQueryBuilder()
      .insert()
      .into(ClientPortfolioEntity)
      .values({ clientId: e.payload.clientId, clientName: e.payload.name, country: e.payload.country })
      .orUpdate(['client_name', 'country'], ['client_id'])
      .execute();
  }

  /**
   * Client events are keyed by client id, so a brand always arrives after its client; if it
   * does not, the handler fails and the consumer retries, then parks the event for a look.
   */
  async brandCreated(e: EventEnvelope<BrandCreatedV1>, m: EntityManager): Promise<void> {
    const [, updated] = (await m.query(
      `UPDATE reporting.client_portfolios
          SET brand_ids = array(SELECT DISTINCT unnest(brand_ids || $2::uuid))
        WHERE client_id = $1`,
      [e.payload.clientId, e.payload.brandId],
    )) as [unknown, number];
    if (updated !== 1) throw new Error(`no portfolio for client ${e.payload.clientId} yet`);
  }

  async summary(identity: Identity): Promise<ClientPortfolio[]> {
    const all = await this.db.getRepository(ClientPortfolioEntity).find({ order: { clientName: 'ASC' } });
    return visiblePortfolios(identity, all);
  }
}
