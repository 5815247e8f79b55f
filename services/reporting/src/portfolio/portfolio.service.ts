import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { CaseFact, ClientPortfolio, PortfolioScope, applyCaseFact, portfolioScope } from './portfolio';

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
    await m.query(`INSERT INTO reporting.portfolio_cases (case_id, client_id, currency) VALUES ($1, $2, $3)`, [
      e.payload.caseId,
      e.payload.clientId,
      e.payload.currency,
    ]);
    await this.apply(m, e.payload.clientId, e.payload.currency, { kind: 'opened' });
  }

  async claimPlaced(e: EventEnvelope<ClaimPlacedV1>, m: EntityManager): Promise<void> {
    const c = await this.caseOf(m, e.payload.caseId);
    const principal = BigInt(e.payload.principalMinor);
    await m.query(`UPDATE reporting.portfolio_cases SET open_minor = open_minor + $2 WHERE case_id = $1`, [
      c.case_id,
      principal.toString(),
    ]);
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
  private async caseOf(
    m: EntityManager,
    caseId: string,
  ): Promise<{ case_id: string; client_id: string; currency: string; open_minor: string; closed: boolean }> {
    const [row] = await m.query(
      `SELECT case_id, client_id, currency, open_minor, closed FROM reporting.portfolio_cases WHERE case_id = $1 FOR UPDATE`,
      [caseId],
    );
    if (!row) throw new Error(`case ${caseId} not opened yet`);
    return row;
  }

  private async apply(m: EntityManager, clientId: string, currency: string, fact: CaseFact): Promise<void> {
    const repo = m.getRepository(PortfolioTotalsEntity);
    const zero = { openCases: 0, placedMinor: 0n, collectedMinor: 0n, openMinor: 0n };
    const current = (await repo.findOne({ where: { clientId, currency }, lock: { mode: 'pessimistic_write' } })) ?? {
      clientId,
      currency,
      ...zero,
    };
    await repo.save({ ...current, ...applyCaseFact(current, fact), clientId, currency });
  }

  /** Every portfolio the caller may see, by client name; the wall is applied in the query. */
  async summary(identity: Identity): Promise<ClientPortfolio[]> {
    const scope = scopeCondition(portfolioScope(identity));
    const rows: PortfolioRow[] = await this.db.query(
      `SELECT p.client_id, p.client_name, p.country, p.brand_ids::text[] AS brand_ids,
              coalesce(json_agg(json_build_object(
                'currency', t.currency, 'open_cases', t.open_cases, 'placed_minor', t.placed_minor::text,
                'collected_minor', t.collected_minor::text, 'open_minor', t.open_minor::text
              ) ORDER BY t.currency) FILTER (WHERE t.currency IS NOT NULL), '[]') AS totals
         FROM reporting.client_portfolios p
         LEFT JOIN reporting.portfolio_totals t ON t.client_id = p.client_id
        WHERE ${scope.sql}
        GROUP BY p.client_id
        ORDER BY p.client_name, p.client_id`,
      scope.params,
    );
    return rows.map(portfolioOf);
  }
}

/**
 * `inPortfolioScope` asked in SQL (test/portfolio-walls.test.ts proves the two agree). Ids are
 * compared as text, as the function compares them: an id that is not a UUID matches nothing
 * instead of failing the query.
 */
function scopeCondition(scope: PortfolioScope): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', params: [] };
    case 'client':
      return { sql: 'p.client_id::text = $1', params: [scope.clientId] };
    case 'brands':
      return { sql: 'p.brand_ids::text[] && $1::text[]', params: [scope.brandIds] };
  }
}

/** A row of the summary query: a client and its figures per currency (bigints as text, never through a JS number). */
interface PortfolioRow {
  client_id: string;
  client_name: string;
  country: string;
  brand_ids: string[];
  totals: { currency: string; open_cases: number; placed_minor: string; collected_minor: string; open_minor: string }[];
}

function portfolioOf(r: PortfolioRow): ClientPortfolio {
  return {
    clientId: r.client_id,
    clientName: r.client_name,
    country: r.country,
    brandIds: r.brand_ids,
    totals: r.totals.map((t) => ({
      currency: t.currency,
      openCases: t.open_cases,
      placedMinor: BigInt(t.placed_minor),
      collectedMinor: BigInt(t.collected_minor),
      openMinor: BigInt(t.open_minor),
    })),
  };
}
