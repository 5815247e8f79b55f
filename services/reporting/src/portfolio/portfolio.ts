import { brandInWall, caseInWall, clientInWall, tenantWall, type Identity, type StaffWall } from '@amicus/auth';
import { NOTHING_COLLECTED, addCollected, totalCollected, type Collected } from '../collections/collected';

/** What reporting keeps of a client, from the cases events. */
export interface ClientPortfolio {
  clientId: string;
  clientName: string;
  country: string;
  brandIds: string[];
  totals: PortfolioTotals[];
}

/** A client's figures in one currency (of the cases the caller may see), in minor units. */
export interface PortfolioTotals {
  currency: string;
  openCases: number;
  placedMinor: bigint;
  /** Principal, interest and costs together. */
  collectedMinor: bigint;
  collectedPrincipalMinor: bigint;
  collectedInterestMinor: bigint;
  collectedCostsMinor: bigint;
  openMinor: bigint;
  /** Principal still open when a case closed as written off. */
  writtenOffMinor: bigint;
  /** Principal still open when a case was returned to the client. */
  returnedMinor: bigint;
}

export { LEGAL_PHASES } from '@amicus/auth';
export type CasePhase = 'placed' | 'amicable' | 'legal_review' | 'legal' | 'closed';
export type CaseOutcome = 'paid' | 'settled' | 'written_off' | 'returned_to_client';

/**
 * Which cases a caller may count: libs/auth's walls, the same in every subgraph (the agency admin
 * all, a client user its client's, an agent its brands', legal staff the cases in legal review
 * or legal proceedings).
 */
export type ReportingScope = StaffWall;

export function portfolioScope(identity: Identity): ReportingScope {
  return tenantWall(identity);
}

/** Whether a case is inside the scope. The service asks the same in SQL; test/portfolio-walls.test.ts proves the two agree. */
export function caseInScope(scope: ReportingScope, c: { clientId: string; brandId: string | null; phase: string }): boolean {
  return caseInWall(scope, c);
}

/**
 * Whether a portfolio is listed for the caller: the admin all, a client user its own (even
 * before it placed anything), an agent the clients of its brands, legal staff the clients with a
 * case in a legal phase. Its figures count only the cases the caller may see (`caseInScope`).
 */
export function inPortfolioScope(
  scope: ReportingScope,
  p: { clientId: string; brandIds: string[]; cases: { clientId: string; brandId: string | null; phase: string }[] },
): boolean {
  return clientInWall(scope, p);
}

/**
 * The portfolio as the caller sees it: only the brands it may see (an agent its own, legal staff
 * those of a case in a legal phase), the figures of the cases it may see.
 */
export function visiblePortfolios<P extends { clientId: string; brandIds: string[]; cases: PortfolioCase[] }>(
  identity: Identity,
  all: P[],
): P[] {
  const scope = portfolioScope(identity);
  return all
    .filter((p) => inPortfolioScope(scope, p))
    .map((p) => ({
      ...p,
      brandIds: p.brandIds.filter((brandId) => brandInWall(scope, { brandId, clientId: p.clientId, cases: p.cases })),
    }));
}

/** The recovery rate in basis points (principal collected / placed), 0 when nothing was placed. */
export function recoveryRateBp(p: Pick<PortfolioTotals, 'placedMinor' | 'collectedPrincipalMinor'>): number {
  if (p.placedMinor === 0n) return 0;
  return Number((p.collectedPrincipalMinor * 10000n) / p.placedMinor);
}

/** What reporting keeps of one case: its walls (client, brand, phase) and its figures. */
export interface PortfolioCase {
  caseId: string;
  clientId: string;
  brandId: string | null;
  currency: string;
  phase: CasePhase;
  closed: boolean;
  outcome: CaseOutcome | null;
  placedMinor: bigint;
  /** Principal still open: placed, less taken back, collected and credited; 0 once closed. */
  openMinor: bigint;
  /** Principal still open when the case closed. */
  closedOpenMinor: bigint;
  collected: Collected;
}

/**
 * How one case event moves the case's figures. Pure, so the rules are tested without a
 * database: a claim placed grows placed and open; a claim taken back or credited shrinks open;
 * collected money (a payment's change, see collections/collected.ts) moves collected and, for its
 * principal, open; a closing keeps what was open as written off or returned and leaves nothing
 * open; a payment undone after a paid closing opens the case again.
 */
export type CaseFact =
  | { kind: 'claim_placed'; principalMinor: bigint }
  | { kind: 'claim_recalled'; balanceMinor: bigint }
  | { kind: 'credited'; amountMinor: bigint }
  | { kind: 'collected'; delta: Collected }
  | { kind: 'phase_changed'; to: CasePhase }
  | { kind: 'closed'; outcome: CaseOutcome }
  | { kind: 'reopened' };

export function openedCase(c: Pick<PortfolioCase, 'caseId' | 'clientId' | 'brandId' | 'currency'>): PortfolioCase {
  return {
    ...c,
    phase: 'placed',
    closed: false,
    outcome: null,
    placedMinor: 0n,
    openMinor: 0n,
    closedOpenMinor: 0n,
    collected: NOTHING_COLLECTED,
  };
}

export function applyCaseFact(c: PortfolioCase, fact: CaseFact): PortfolioCase {
  switch (fact.kind) {
    case 'claim_placed':
      return { ...c, placedMinor: c.placedMinor + fact.principalMinor, openMinor: c.closed ? 0n : c.openMinor + fact.principalMinor };
    case 'claim_recalled':
      return { ...c, openMinor: c.closed ? 0n : c.openMinor - fact.balanceMinor };
    case 'credited':
      return { ...c, openMinor: c.closed ? 0n : c.openMinor - fact.amountMinor };
    case 'collected':
      return {
        ...c,
        collected: addCollected(c.collected, fact.delta),
        openMinor: c.closed ? 0n : c.openMinor - fact.delta.principalMinor,
      };
    case 'phase_changed':
      // A case leaving 'closed' is open again (a payment undone); its closing figures go.
      if (c.closed && fact.to !== 'closed') return { ...applyCaseFact(c, { kind: 'reopened' }), phase: fact.to };
      return { ...c, phase: fact.to };
    case 'closed':
      if (c.closed) return c;
      return { ...c, phase: 'closed', closed: true, outcome: fact.outcome, closedOpenMinor: c.openMinor, openMinor: 0n };
    case 'reopened':
      if (!c.closed) return c;
      // What was open at closing is open again; money undone since then comes with its own fact.
      return { ...c, phase: 'amicable', closed: false, outcome: null, openMinor: c.closedOpenMinor, closedOpenMinor: 0n };
  }
}

/** The figures of the cases in scope, per client and currency (the rule the service's summary query follows). */
export function portfolioTotals(cases: PortfolioCase[]): PortfolioTotals[] {
  const out = new Map<string, PortfolioTotals>();
  for (const c of cases) {
    const t = out.get(c.currency) ?? emptyTotals(c.currency);
    const collected = addCollected(
      { principalMinor: t.collectedPrincipalMinor, interestMinor: t.collectedInterestMinor, costsMinor: t.collectedCostsMinor },
      c.collected,
    );
    out.set(c.currency, {
      currency: c.currency,
      openCases: t.openCases + (c.closed ? 0 : 1),
      placedMinor: t.placedMinor + c.placedMinor,
      collectedMinor: totalCollected(collected),
      collectedPrincipalMinor: collected.principalMinor,
      collectedInterestMinor: collected.interestMinor,
      collectedCostsMinor: collected.costsMinor,
      openMinor: t.openMinor + c.openMinor,
      writtenOffMinor: t.writtenOffMinor + (c.outcome === 'written_off' ? c.closedOpenMinor : 0n),
      returnedMinor: t.returnedMinor + (c.outcome === 'returned_to_client' ? c.closedOpenMinor : 0n),
    });
  }
  return [...out.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

function emptyTotals(currency: string): PortfolioTotals {
  return {
    currency,
    openCases: 0,
    placedMinor: 0n,
    collectedMinor: 0n,
    collectedPrincipalMinor: 0n,
    collectedInterestMinor: 0n,
    collectedCostsMinor: 0n,
    openMinor: 0n,
    writtenOffMinor: 0n,
    returnedMinor: 0n,
  };
}
