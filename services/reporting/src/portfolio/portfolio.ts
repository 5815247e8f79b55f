import type { Identity } from '@amicus/auth';

/** What reporting keeps of a client, from the cases events. */
export interface ClientPortfolio {
  clientId: string;
  clientName: string;
  country: string;
  brandIds: string[];
  totals: PortfolioTotals[];
}

/** A client's figures in one currency, in minor units. */
export interface PortfolioTotals {
  currency: string;
  openCases: number;
  placedMinor: bigint;
  collectedMinor: bigint;
  openMinor: bigint;
}

/** Which portfolios a caller may see: all, one client's, or the clients of some brands. */
export type PortfolioScope = { kind: 'all' } | { kind: 'client'; clientId: string | null } | { kind: 'brands'; brandIds: string[] };

/** The agency and legal staff see all, a client user its own client, an agent its brands' clients. */
export function portfolioScope(identity: Identity): PortfolioScope {
  switch (identity.role) {
    case 'agency_admin':
    case 'legal':
      return { kind: 'all' };
    case 'client_user':
      return { kind: 'client', clientId: identity.clientId };
    case 'agent':
      return { kind: 'brands', brandIds: [...identity.brandIds] };
  }
}

/** Whether a portfolio is inside the scope. The service asks the same in SQL; a test proves the two agree. */
export function inPortfolioScope(scope: PortfolioScope, p: Pick<ClientPortfolio, 'clientId' | 'brandIds'>): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'client':
      return p.clientId === scope.clientId;
    case 'brands':
      return p.brandIds.some((b) => scope.brandIds.includes(b));
  }
}

/** Which portfolios the caller may see: the agency and legal staff all, a client user its own, an agent its brands' clients. */
export function visiblePortfolios<P extends Pick<ClientPortfolio, 'clientId' | 'brandIds'>>(identity: Identity, all: P[]): P[] {
  const scope = portfolioScope(identity);
  return all.filter((p) => inPortfolioScope(scope, p));
}

/** The recovery rate in basis points (collected / placed), 0 when nothing was placed. */
export function recoveryRateBp(p: Pick<PortfolioTotals, 'placedMinor' | 'collectedMinor'>): number {
  if (p.placedMinor === 0n) return 0;
  return Number((p.collectedMinor * 10000n) / p.placedMinor);
}

/**
 * How one case event moves a client's figures. Pure, so the rules are tested without a
 * database: a case opens (+1 open case), a claim is placed (placed and open grow), a claim is
 * recalled (open shrinks by its balance), a case closes (−1 open case, its open amount leaves
 * the portfolio; collected money arrives with the payment events, not with the closing).
 */
export type CaseFact =
  | { kind: 'opened' }
  | { kind: 'claim_placed'; principalMinor: bigint }
  | { kind: 'claim_recalled'; balanceMinor: bigint }
  | { kind: 'closed'; openMinor: bigint };

export function applyCaseFact(t: Omit<PortfolioTotals, 'currency'>, fact: CaseFact): Omit<PortfolioTotals, 'currency'> {
  switch (fact.kind) {
    case 'opened':
      return { ...t, openCases: t.openCases + 1 };
    case 'claim_placed':
      return { ...t, placedMinor: t.placedMinor + fact.principalMinor, openMinor: t.openMinor + fact.principalMinor };
    case 'claim_recalled':
      return { ...t, openMinor: t.openMinor - fact.balanceMinor };
    case 'closed':
      return { ...t, openCases: t.openCases - 1, openMinor: t.openMinor - fact.openMinor };
  }
}
