import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { portfolioScope } from '../portfolio/portfolio';
import { caseScopeSql } from '../portfolio/case-store';
import { CohortCurve, collectionCurves } from './collection-curve';
import { AGEING_BUCKETS, AgeingBucketName, ClientAgeing, ageingOf } from './ageing';
import type { ReportFilter } from './report-filter';
import { readAsTenant } from '../tenant-reads';

/** The collection curves and the ageing of the cases a caller may see; the walls are asked in SQL. */
@Injectable()
export class CollectionsReadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async collectionCurves(identity: Identity, filter: ReportFilter): Promise<CohortCurve[]> {
    const params: unknown[] = [];
    const where = this.where(identity, filter, params);
    const cohort = `to_char(cl.placed_on, 'YYYY-MM')`;
    const placed: { client_id: string; currency: string; cohort_month: string; placed_minor: string }[] = await readAsTenant(
      this.db,
      identity,
      `SELECT cl.client_id, cl.currency, ${cohort} AS cohort_month, sum(cl.principal_minor)::text AS placed_minor
         FROM reporting.portfolio_claims cl JOIN reporting.portfolio_cases c ON c.case_id = cl.case_id
        WHERE ${where}
        GROUP BY 1, 2, 3`,
      params,
    );
    // Months on book: calendar months from the claim's placement to the payment's receipt (0 if before).
    const collected: { client_id: string; currency: string; cohort_month: string; months: number; collected_minor: string }[] =
      await readAsTenant(
        this.db,
        identity,
        `SELECT cl.client_id, cl.currency, ${cohort} AS cohort_month,
                greatest(0, (extract(year FROM pp.received_on) * 12 + extract(month FROM pp.received_on))
                          - (extract(year FROM cl.placed_on) * 12 + extract(month FROM cl.placed_on)))::int AS months,
                sum(pp.amount_minor)::text AS collected_minor
           FROM reporting.payment_principal_parts pp
           JOIN reporting.portfolio_claims cl ON cl.case_id = pp.case_id AND cl.claim_id = pp.claim_id
           JOIN reporting.portfolio_cases c ON c.case_id = cl.case_id
          WHERE ${where}
          GROUP BY 1, 2, 3, 4`,
        params,
      );
    return collectionCurves(
      placed.map((r) => ({
        clientId: r.client_id,
        currency: r.currency,
        cohortMonth: r.cohort_month,
        placedMinor: BigInt(r.placed_minor),
      })),
      collected.map((r) => ({
        clientId: r.client_id,
        currency: r.currency,
        cohortMonth: r.cohort_month,
        monthsSincePlacement: r.months,
        collectedMinor: BigInt(r.collected_minor),
      })),
      this.clock.today(),
    );
  }

  /** `ageing` of ageing.ts, asked in SQL: each open case by the oldest due date of its claims still open. */
  async ageing(identity: Identity, filter: ReportFilter): Promise<ClientAgeing[]> {
    const params: unknown[] = [this.clock.today()];
    const where = this.where(identity, filter, params);
    const bucket = `CASE ${AGEING_BUCKETS.map((b) => (b.maxDays === null ? `ELSE '${b.bucket}'` : `WHEN d.days <= ${b.maxDays} THEN '${b.bucket}'`)).join(' ')} END`;
    const rows: { client_id: string; currency: string; bucket: AgeingBucketName; open_cases: number; open_minor: string }[] =
      await readAsTenant(
        this.db,
        identity,
        `WITH open_claims AS (
         SELECT cl.case_id, cl.due_on,
                cl.principal_minor - cl.credited_minor
                  - coalesce((SELECT sum(pp.amount_minor) FROM reporting.payment_principal_parts pp WHERE pp.case_id = cl.case_id AND pp.claim_id = cl.claim_id), 0) AS open_minor
           FROM reporting.portfolio_claims cl
          WHERE NOT cl.recalled
       ), open_cases AS (
         SELECT case_id, min(due_on) AS oldest_due_on, sum(open_minor) AS open_minor
           FROM open_claims WHERE open_minor > 0 GROUP BY case_id
       )
       SELECT c.client_id, c.currency, ${bucket} AS bucket, count(*)::int AS open_cases, sum(o.open_minor)::text AS open_minor
         FROM open_cases o
         JOIN reporting.portfolio_cases c ON c.case_id = o.case_id
         CROSS JOIN LATERAL (SELECT greatest(0, $1::date - o.oldest_due_on) AS days) d
        WHERE NOT c.closed AND ${where}
        GROUP BY 1, 2, 3`,
        params,
      );
    return ageingOf(
      rows.map((r) => ({
        clientId: r.client_id,
        currency: r.currency,
        bucket: r.bucket,
        openCases: r.open_cases,
        openMinor: BigInt(r.open_minor),
      })),
    );
  }

  /** The walls over alias `c`, and the caller's own narrowing. */
  private where(identity: Identity, filter: ReportFilter, params: unknown[]): string {
    const where = [caseScopeSql(portfolioScope(identity), params)];
    if (filter.clientId) {
      params.push(filter.clientId);
      where.push(`c.client_id = $${params.length}::uuid`);
    }
    if (filter.currency) {
      params.push(filter.currency);
      where.push(`c.currency = $${params.length}`);
    }
    return where.join(' AND ');
  }
}
