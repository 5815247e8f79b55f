/**
 * What going to court costs up front, per court route of `libs/legal` (`COURT_ROUTES`, which owns
 * the routes, their conditions and sources), for the cost–benefit estimate of a proposal.
 * Indicative figures in minor units (EUR), each with the source it was read from: the agency
 * checks them against the tariff in force before relying on them. Court: the roll or registry
 * fee; bailiff: serving the summons (or the summons to pay) and its first steps.
 */
import type { RouteId } from '@amicus/legal';

export interface RouteCosts {
  courtCostsMinor: bigint;
  bailiffCostsMinor: bigint;
  /** Where the figures come from. */
  costSource: string;
}

const NL_KANTON: RouteCosts = {
  courtCostsMinor: 26_200n,
  bailiffCostsMinor: 11_500n,
  costSource:
    'Wet griffierechten burgerlijke zaken, table for legal persons (claims €500–€12,500), indicative; bailiff’s summons, indicative',
};

export const ROUTE_COSTS: Partial<Record<RouteId, RouteCosts>> = {
  // No roll fee when the claim stays uncontested (the clerk declares it enforceable).
  'BE-R-1': {
    courtCostsMinor: 0n,
    bailiffCostsMinor: 30_000n,
    costSource: 'bailiffs’ tariff (Royal Decree 30 Nov 1976), indicative: summons to pay, registration and enforceability',
  },
  // Roll fee €50 (Code of registration duties art. 269/1) + €24 second-line legal aid contribution.
  'BE-R-2': {
    courtCostsMinor: 7_400n,
    bailiffCostsMinor: 20_000n,
    costSource:
      'Code of registration duties art. 269/1 (roll fee); Law of 19 Mar 2017 (legal aid fund contribution); bailiffs’ tariff, indicative',
  },
  'NL-R-1': NL_KANTON,
};

/** A route without figures here: its costs count as nothing, and the source says so. */
export const NO_COSTS: RouteCosts = {
  courtCostsMinor: 0n,
  bailiffCostsMinor: 0n,
  costSource: 'no indicative figures for this route: check the tariff in force',
};

/**
 * The expected share recovered when the client has too little history (fewer than
 * MIN_CLOSED_FOR_HISTORY closed cases): **Choice**, configurable by changing it here.
 */
export const DEFAULT_RECOVERY_RATE_BP = 5_000;
export const MIN_CLOSED_FOR_HISTORY = 5;
