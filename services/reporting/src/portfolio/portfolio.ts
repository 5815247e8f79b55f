import type { Identity } from '@amicus/auth';

/** Reporting's own copy of a client, kept from the cases events. */
export interface ClientPortfolio {
  clientId: string;
  clientName: string;
  country: string;
  brandIds: string[];
  openCases: number;
  /** Amounts in minor units of `currency`. */
  placedMinor: bigint;
  collectedMinor: bigint;
  openMinor: bigint;
  currency: string;
}

/** Which portfolios the caller may see: the agency and legal staff all, a client user its own, an agent its brands' clients. */
export function visiblePortfolios(identity: Identity, all: ClientPortfolio[]): ClientPortfolio[] {
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
export function recoveryRateBp(p: Pick<ClientPortfolio, 'placedMinor' | 'collectedMinor'>): number {
  if (p.placedMinor === 0n) return 0;
  return Number((p.collectedMinor * 10000n) / p.placedMinor);
}
