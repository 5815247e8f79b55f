import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type {
  BrandCreatedV1,
  CaseClosedV1,
  CaseOpenedV1,
  ClaimPlacedV1,
  ClaimRecalledV1,
  ClientOnboardedV1,
  EventEnvelope,
} from '@amicus/events';
import type { Identity } from '@amicus/auth';
import { ClientPortfolioEntity, PortfolioTotalsEntity } from './client-portfolio.entity';
import { CaseFact, ClientPortfolio, applyCaseFact, visiblePortfolios } from './portfolio';

/** Keeps every client's portfolio from the events; each handler runs in the consumer's transaction. */
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

  async caseOpened(e: EventEnvelope<CaseOpenedV1>, m: EntityManager): Promise<void> {
    await m.query(`INSERT INTO reporting.portfolio_cases (case_id, client_id, currency) VALUES ($1, $2, $3)`, [e.payload.caseId, e.payload.clientId, e.payload.currency]);
    await this.apply(m, e.payload.clientId, e.payload.currency, { kind: 'opened' });
  }

  async claimPlaced(e: EventEnvelope<ClaimPlacedV1>, m: EntityManager): Promise<void> {
    const c = await this.caseOf(m, e.payload.caseId);
    const principal = BigInt(e.payload.principalMinor);
    await m.query(`UPDATE reporting.portfolio_cases SET open_minor = open_minor + $2 WHERE case_id = $1`, [c.case_id, principal.toString()]);
    await this.apply(m, c.client_id, e.payload.currency, { kind: 'claim_placed', principalMinor: principal });
  }

  async claimRecalled(e: EventEnvelope<ClaimRecalledV1>, m: EntityManager): Promise<void> {
    const c = await this.caseOf(m, e.payload.caseId);
    const balance = BigInt(e.payload.balanceMinor);
    await m.query(`UPDATE reporting.portfolio_cases SET open_minor = open_minor - $2 WHERE case_id = $1`, [c.case_id, balance.toString()]);
    await this.apply(m, c.client_id, e.payload.currency, { kind: 'claim_recalled', balanceMinor: balance });
  }

  async caseClosed(e: EventEnvelope<CaseClosedV1>, m: EntityManager): Promise<void> {
    const c = await this.caseOf(m, e.payload.caseId);
    if (c.closed) return;
    await m.query(`UPDATE reporting.portfolio_cases SET closed = true, open_minor = 0 WHERE case_id = $1`, [c.case_id]);
    await this.apply(m, c.client_id, c.currency, { kind: 'closed', openMinor: BigInt(c.open_minor) });
  }

  /** Case events are keyed by case id: the case's CaseOpened comes first on its partition. */
  private async caseOf(m: EntityManager, caseId: string): Promise<{ case_id: string; client_id: string; currency: string; open_minor: string; closed: boolean }> {
    const [row] = await m.query(`SELECT case_id, client_id, currency, open_minor, closed FROM reporting.portfolio_cases WHERE case_id = $1 FOR UPDATE`, [caseId]);
    if (!row) throw new Error(`case ${caseId} not opened yet`);
    return row;
  }

  private async apply(m: EntityManager, clientId: string, currency: string, fact: CaseFact): Promise<void> {
    const repo = m.getRepository(PortfolioTotalsEntity);
    const zero = { openCases: 0, placedMinor: 0n, collectedMinor: 0n, openMinor: 0n };
    const current = (await repo.findOne({ where: { clientId, currency }, lock: { mode: 'pessimistic_write' } })) ?? { clientId, currency, ...zero };
    await repo.save({ ...current, ...applyCaseFact(current, fact), clientId, currency });
  }

  async summary(identity: Identity): Promise<ClientPortfolio[]> {
    const clients = visiblePortfolios(identity, await this.db.getRepository(ClientPortfolioEntity).find({ order: { clientName: 'ASC' } }));
    if (!clients.length) return [];
    const totals = await this.db.getRepository(PortfolioTotalsEntity).find({ where: { clientId: In(clients.map((c) => c.clientId)) }, order: { currency: 'ASC' } });
    return clients.map((c) => ({ ...c, totals: totals.filter((t) => t.clientId === c.clientId) }));
  }
}
