import type { EntityManager } from 'typeorm';
import { CaseFact, CaseOutcome, CasePhase, PortfolioCase, ReportingScope, applyCaseFact } from './portfolio';

/** A row of reporting.portfolio_cases (bigints as text, never through a JS number). */
interface CaseRow {
  case_id: string;
  client_id: string;
  brand_id: string | null;
  currency: string;
  phase: CasePhase;
  closed: boolean;
  outcome: CaseOutcome | null;
  placed_minor: string;
  open_minor: string;
  closed_open_minor: string;
  collected_principal_minor: string;
  collected_interest_minor: string;
  collected_costs_minor: string;
}

const COLUMNS = `case_id, client_id, brand_id, currency, phase, closed, outcome, placed_minor, open_minor, closed_open_minor,
  collected_principal_minor, collected_interest_minor, collected_costs_minor`;

export function caseOfRow(r: CaseRow): PortfolioCase {
  return {
    caseId: r.case_id,
    clientId: r.client_id,
    brandId: r.brand_id,
    currency: r.currency,
    phase: r.phase,
    closed: r.closed,
    outcome: r.outcome,
    placedMinor: BigInt(r.placed_minor),
    openMinor: BigInt(r.open_minor),
    closedOpenMinor: BigInt(r.closed_open_minor),
    collected: {
      principalMinor: BigInt(r.collected_principal_minor),
      interestMinor: BigInt(r.collected_interest_minor),
      costsMinor: BigInt(r.collected_costs_minor),
    },
  };
}

/**
 * Case events are keyed by case id: the case's CaseOpened comes first on its partition. A case
 * not opened yet fails the handler, which the consumer retries, then parks for a look.
 */
export async function lockCase(m: EntityManager, caseId: string): Promise<PortfolioCase> {
  const [row] = (await m.query(`SELECT ${COLUMNS} FROM reporting.portfolio_cases WHERE case_id = $1 FOR UPDATE`, [caseId])) as CaseRow[];
  if (!row) throw new Error(`case ${caseId} not opened yet`);
  return caseOfRow(row);
}

export async function insertCase(m: EntityManager, c: PortfolioCase): Promise<void> {
  await m.query(
    `INSERT INTO reporting.portfolio_cases (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    values(c),
  );
}

/** The case's figures after the facts, written back. */
export async function applyToCase(m: EntityManager, c: PortfolioCase, ...facts: CaseFact[]): Promise<PortfolioCase> {
  const next = facts.reduce(applyCaseFact, c);
  await m.query(
    `UPDATE reporting.portfolio_cases SET client_id = $2, brand_id = $3, currency = $4, phase = $5, closed = $6, outcome = $7,
       placed_minor = $8, open_minor = $9, closed_open_minor = $10, collected_principal_minor = $11,
       collected_interest_minor = $12, collected_costs_minor = $13
     WHERE case_id = $1`,
    values(next),
  );
  return next;
}

function values(c: PortfolioCase): unknown[] {
  return [
    c.caseId,
    c.clientId,
    c.brandId,
    c.currency,
    c.phase,
    c.closed,
    c.outcome,
    c.placedMinor.toString(),
    c.openMinor.toString(),
    c.closedOpenMinor.toString(),
    c.collected.principalMinor.toString(),
    c.collected.interestMinor.toString(),
    c.collected.costsMinor.toString(),
  ];
}

/**
 * `caseInScope` asked in SQL over alias `c` (reporting.portfolio_cases); pushes its parameters.
 * Ids are compared as text, as the function compares them: an id that is not a UUID matches
 * nothing instead of failing the query. test/portfolio-walls.test.ts proves the two agree.
 */
export function caseScopeSql(scope: ReportingScope, params: unknown[], alias = 'c'): string {
  switch (scope.kind) {
    case 'all':
      return 'true';
    case 'clients':
      params.push(scope.clientIds);
      return `${alias}.client_id::text = ANY($${params.length}::text[])`;
    case 'brands':
      params.push(scope.brandIds);
      return `${alias}.brand_id::text = ANY($${params.length}::text[])`;
    case 'legal_phases':
      return `${alias}.phase IN ('legal_review', 'legal')`;
  }
}

/** `inPortfolioScope` asked in SQL over alias `p` (reporting.client_portfolios); pushes its parameters. */
export function portfolioScopeSql(scope: ReportingScope, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'true';
    case 'clients':
      params.push(scope.clientIds);
      return `p.client_id::text = ANY($${params.length}::text[])`;
    case 'brands':
      params.push(scope.brandIds);
      return `p.brand_ids::text[] && $${params.length}::text[]`;
    case 'legal_phases':
      return `EXISTS (SELECT 1 FROM reporting.portfolio_cases lc WHERE lc.client_id = p.client_id AND ${caseScopeSql(scope, params, 'lc')})`;
  }
}
