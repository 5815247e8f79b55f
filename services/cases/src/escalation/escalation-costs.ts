/**
 * What going to court costs up front, per route (country × debtor kind), for the cost–benefit
 * estimate of a proposal. Indicative figures in minor units (EUR), each with the source it was
 * read from: the agency checks them against the tariff in force before relying on them, and the
 * routes' own conditions and limits are #16 §2's (`libs/legal`). Court: the roll or registry
 * fee; bailiff: serving the summons (or the summons to pay) and its first steps.
 */
import type { DebtorKind } from '@amicus/legal';

export interface LegalRoute {
  route: string;
  /** Where the route is laid down. */
  routeSource: string;
  courtCostsMinor: bigint;
  bailiffCostsMinor: bigint;
  /** Where the figures come from. */
  costSource: string;
}

const ROUTES: Record<string, LegalRoute> = {
  'BE-business': {
    route: 'BE: summons to pay by the bailiff (uncontested B2B claim)',
    routeSource: 'Judicial Code art. 1394/20 ff.',
    // No roll fee when the claim stays uncontested (the clerk declares it enforceable).
    courtCostsMinor: 0n,
    bailiffCostsMinor: 30_000n,
    costSource: 'bailiffs’ tariff (Royal Decree 30 Nov 1976), indicative: summons to pay, registration and enforceability',
  },
  'BE-consumer': {
    route: 'BE: summons before the justice of the peace',
    routeSource: 'Judicial Code art. 590 (justice of the peace), art. 700 ff. (summons)',
    // Roll fee €50 (Code of registration duties art. 269/1) + €24 second-line legal aid contribution.
    courtCostsMinor: 7_400n,
    bailiffCostsMinor: 20_000n,
    costSource:
      'Code of registration duties art. 269/1 (roll fee); Law of 19 Mar 2017 (legal aid fund contribution); bailiffs’ tariff, indicative',
  },
  'NL-consumer': {
    route: 'NL: summons (dagvaarding) before the kantonrechter',
    routeSource: 'Wetboek van Burgerlijke Rechtsvordering art. 93 (kantonrechter, claims up to €25,000)',
    courtCostsMinor: 26_200n,
    bailiffCostsMinor: 11_500n,
    costSource:
      'Wet griffierechten burgerlijke zaken, table for legal persons (claims €500–€12,500), indicative; bailiff’s summons, indicative',
  },
  'NL-business': {
    route: 'NL: summons (dagvaarding) before the kantonrechter',
    routeSource: 'Wetboek van Burgerlijke Rechtsvordering art. 93 (kantonrechter, claims up to €25,000)',
    courtCostsMinor: 26_200n,
    bailiffCostsMinor: 11_500n,
    costSource:
      'Wet griffierechten burgerlijke zaken, table for legal persons (claims €500–€12,500), indicative; bailiff’s summons, indicative',
  },
};

export function legalRouteOf(country: string, kind: DebtorKind | string): LegalRoute | null {
  return ROUTES[`${country}-${kind}`] ?? null;
}

/**
 * The expected share recovered when the client has too little history (fewer than
 * MIN_CLOSED_FOR_HISTORY closed cases): **Choice**, configurable by changing it here.
 */
export const DEFAULT_RECOVERY_RATE_BP = 5_000;
export const MIN_CLOSED_FOR_HISTORY = 5;
