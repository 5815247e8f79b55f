import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { claimsOfPlacement } from '@amicus/events';
import type {
  BrandCreatedV1,
  CaseClosedV1,
  CaseOpenedV1,
  CasePhaseChangedV1,
  ClaimPlacedV1,
  ClaimsPlacedV1,
  ClaimRecalledV1,
  ClientOnboardedV1,
  DisputeResolvedV1,
  EventEnvelope,
} from '@amicus/events';
import type { Identity } from '@amicus/auth';
import { ClientPortfolioEntity } from './client-portfolio.entity';
import { ClientPortfolio, openedCase, portfolioScope } from './portfolio';
import { applyToCase, caseScopeSql, insertCase, lockCase, portfolioScopeSql } from './case-store';
import { readAsTenant } from '../tenant-reads';

/** Keeps every client's portfolio from the events; each handler runs in the consumer's transaction. */
@Injectable()
export class PortfolioService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

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
    const p = e.payload;
    await insertCase(m, openedCase({ caseId: p.caseId, clientId: p.clientId, brandId: p.brandId, currency: p.currency }));
  }

  /** A claim's cohort is the agency's calendar day it was placed on: the instant of its ClaimPlaced. */
  async claimPlaced(e: EventEnvelope<ClaimPlacedV1>, m: EntityManager): Promise<void> {
    const c = await lockCase(m, e.payload.caseId);
    const principal = BigInt(e.payload.principalMinor);
    await m.query(
      `INSERT INTO reporting.portfolio_claims (claim_id, case_id, client_id, currency, placed_on, due_on, principal_minor)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        e.payload.claimId,
        c.caseId,
        c.clientId,
        e.payload.currency,
        this.clock.today(new Date(e.occurredAt)),
        e.payload.dueDate,
        principal.toString(),
      ],
    );
    await applyToCase(m, c, { kind: 'claim_placed', principalMinor: principal });
  }

  /** A placement's claims of one case (ClaimsPlaced): as many ClaimPlaced, with one lock, one insert and one write of the case. */
  async claimsPlaced(e: EventEnvelope<ClaimsPlacedV1>, m: EntityManager): Promise<void> {
    const c = await lockCase(m, e.payload.caseId);
    const claims = claimsOfPlacement(e.payload);
    await m.query(
      `INSERT INTO reporting.portfolio_claims (claim_id, case_id, client_id, currency, placed_on, due_on, principal_minor)
       SELECT claim_id, $2, $3, $4, $5, due_on, principal_minor FROM unnest($1::uuid[], $6::date[], $7::bigint[]) AS t(claim_id, due_on, principal_minor)`,
      [
        claims.map((x) => x.claimId),
        c.caseId,
        c.clientId,
        e.payload.currency,
        this.clock.today(new Date(e.occurredAt)),
        claims.map((x) => x.dueDate),
        claims.map((x) => x.principalMinor),
      ],
    );
    await applyToCase(m, c, ...claims.map((x) => ({ kind: 'claim_placed' as const, principalMinor: BigInt(x.principalMinor) })));
  }

  async claimRecalled(e: EventEnvelope<ClaimRecalledV1>, m: EntityManager): Promise<void> {
    const c = await lockCase(m, e.payload.caseId);
    await m.query(`UPDATE reporting.portfolio_claims SET recalled = true WHERE case_id = $1 AND claim_id = $2`, [
      c.caseId,
      e.payload.claimId,
    ]);
    await applyToCase(m, c, { kind: 'claim_recalled', balanceMinor: BigInt(e.payload.balanceMinor) });
  }

  /** A dispute upheld (or partly) credits its claims: what is credited is no longer open. */
  async disputeResolved(e: EventEnvelope<DisputeResolvedV1>, m: EntityManager): Promise<void> {
    if (e.payload.credits.length === 0) return;
    const c = await lockCase(m, e.payload.caseId);
    let credited = 0n;
    for (const credit of e.payload.credits) {
      await m.query(`UPDATE reporting.portfolio_claims SET credited_minor = credited_minor + $3 WHERE case_id = $1 AND claim_id = $2`, [
        c.caseId,
        credit.claimId,
        credit.amountMinor,
      ]);
      credited += BigInt(credit.amountMinor);
    }
    await applyToCase(m, c, { kind: 'credited', amountMinor: credited });
  }

  async casePhaseChanged(e: EventEnvelope<CasePhaseChangedV1>, m: EntityManager): Promise<void> {
    const c = await lockCase(m, e.payload.caseId);
    await applyToCase(m, c, { kind: 'phase_changed', to: e.payload.to });
  }

  async caseClosed(e: EventEnvelope<CaseClosedV1>, m: EntityManager): Promise<void> {
    const c = await lockCase(m, e.payload.caseId);
    await applyToCase(m, c, { kind: 'closed', outcome: e.payload.outcome });
  }

  /**
   * Every portfolio the caller may see, by client name, with the figures of the cases it may see
   * (`inPortfolioScope` and `caseInScope` asked in the query, and `portfolioTotals` summed there).
   */
  async summary(identity: Identity): Promise<ClientPortfolio[]> {
    const scope = portfolioScope(identity);
    const params: unknown[] = [];
    const listed = portfolioScopeSql(scope, params);
    const counted = caseScopeSql(scope, params);
    // The brands shown: the client's users and the admin all of them, an agent its own, legal
    // staff those of a case in a legal phase (libs/auth brandInWall, as visiblePortfolios).
    const brands =
      scope.kind === 'all' || scope.kind === 'clients'
        ? 'p.brand_ids::text[]'
        : scope.kind === 'brands'
          ? `ARRAY(SELECT b FROM unnest(p.brand_ids::text[]) b WHERE b = ANY($${params.push(scope.brandIds)}::text[]) ORDER BY b)`
          : `ARRAY(SELECT b FROM unnest(p.brand_ids::text[]) b WHERE EXISTS (
                   SELECT 1 FROM reporting.portfolio_cases lb
                    WHERE lb.client_id = p.client_id AND lb.brand_id::text = b AND ${caseScopeSql(scope, params, 'lb')}) ORDER BY b)`;
    const rows: PortfolioRow[] = await readAsTenant(
      this.db,
      identity,
      `SELECT p.client_id, p.client_name, p.country, ${brands} AS brand_ids,
              coalesce((
                SELECT json_agg(t ORDER BY t.currency) FROM (
                  SELECT c.currency,
                         count(*) FILTER (WHERE NOT c.closed)::int AS open_cases,
                         sum(c.placed_minor)::text AS placed_minor,
                         sum(c.collected_principal_minor)::text AS collected_principal_minor,
                         sum(c.collected_interest_minor)::text AS collected_interest_minor,
                         sum(c.collected_costs_minor)::text AS collected_costs_minor,
                         sum(c.open_minor)::text AS open_minor,
                         coalesce(sum(c.closed_open_minor) FILTER (WHERE c.outcome = 'written_off'), 0)::text AS written_off_minor,
                         coalesce(sum(c.closed_open_minor) FILTER (WHERE c.outcome = 'returned_to_client'), 0)::text AS returned_minor
                    FROM reporting.portfolio_cases c
                   WHERE c.client_id = p.client_id AND ${counted}
                   GROUP BY c.currency) t), '[]') AS totals
         FROM reporting.client_portfolios p
        WHERE ${listed}
        ORDER BY p.client_name, p.client_id`,
      params,
    );
    return rows.map(portfolioOf);
  }
}

/** A row of the summary query: a client and its figures per currency (bigints as text, never through a JS number). */
interface PortfolioRow {
  client_id: string;
  client_name: string;
  country: string;
  brand_ids: string[];
  totals: {
    currency: string;
    open_cases: number;
    placed_minor: string;
    collected_principal_minor: string;
    collected_interest_minor: string;
    collected_costs_minor: string;
    open_minor: string;
    written_off_minor: string;
    returned_minor: string;
  }[];
}

function portfolioOf(r: PortfolioRow): ClientPortfolio {
  return {
    clientId: r.client_id,
    clientName: r.client_name,
    country: r.country,
    brandIds: r.brand_ids,
    totals: r.totals.map((t) => {
      const principal = BigInt(t.collected_principal_minor);
      const interest = BigInt(t.collected_interest_minor);
      const costs = BigInt(t.collected_costs_minor);
      return {
        currency: t.currency,
        openCases: t.open_cases,
        placedMinor: BigInt(t.placed_minor),
        collectedMinor: principal + interest + costs,
        collectedPrincipalMinor: principal,
        collectedInterestMinor: interest,
        collectedCostsMinor: costs,
        openMinor: BigInt(t.open_minor),
        writtenOffMinor: BigInt(t.written_off_minor),
        returnedMinor: BigInt(t.returned_minor),
      };
    }),
  };
}
