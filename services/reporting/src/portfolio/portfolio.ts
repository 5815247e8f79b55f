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

/** Which portfolios the caller may see: the agency and legal staff all, a client user its own, an agent its brands' clients. */
export function visiblePortfolios<P extends Pick<ClientPortfolio, 'clientId' | 'brandIds'>>(identity: Identity, all: P[]): P[] {
  switch (identity.role) {
    case 'agency_admin':
    case 'legal':
      return all;
    case 'client_user':
      return all.filter((p) => p.clientId === identity.clientId);
    case 'agent':
      return all.filter((p) => p.brandIds.some((b) => identity.brandIds.includes(b)));
  }
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
