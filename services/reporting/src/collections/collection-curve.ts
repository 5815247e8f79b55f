import type { CalendarDate } from '@amicus/calendar';

/**
 * Collection curves per placement cohort, the standard measure in collections: for the claims a
 * client placed in one month (its cohort), the share of their principal collected by the end of
 * each month since placement (month 0 = the month of placement, "months on book").
 *
 * - A claim's cohort is the month it was placed (the agency's calendar day of its ClaimPlaced);
 *   a payment counts in the month it was received, by its latest allocation to that claim's
 *   principal (interest and costs are not part of the curve: it measures placed principal).
 * - Money received before the claim was placed (paid to the client directly, reported late)
 *   counts in month 0.
 * - The curve is cumulative, so it never goes down while payments stand; a reversed payment
 *   leaves every point as if it had never been made.
 * - It is not clipped at 100 %: the legal engine never allocates more principal to a claim than
 *   is open on it (an overpayment stays unallocated, to be refunded), so a share above 10000 bp
 *   would show a fault upstream, which a clipped figure would hide.
 */

/** The principal placed in a cohort. */
export interface CohortPlaced {
  clientId: string;
  currency: string;
  /** `YYYY-MM`. */
  cohortMonth: string;
  placedMinor: bigint;
}

/** The principal of a cohort's claims collected in one month since placement. */
export interface CohortCollected {
  clientId: string;
  currency: string;
  cohortMonth: string;
  monthsSincePlacement: number;
  collectedMinor: bigint;
}

export interface CurvePoint {
  monthsSincePlacement: number;
  /** Collected by the end of that month, cumulative. */
  collectedMinor: bigint;
  /** Collected over placed, in basis points (rounded down). */
  shareBp: number;
}

export interface CohortCurve extends CohortPlaced {
  points: CurvePoint[];
}

/** `YYYY-MM` of a calendar date. */
export function monthOf(date: CalendarDate): string {
  return date.slice(0, 7);
}

/** Whole calendar months from the month of `from` to the month of `to`; 0 when `to` is not later. */
export function monthsBetween(from: CalendarDate | string, to: CalendarDate | string): number {
  const n = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  return Math.max(0, n(to) - n(from));
}

const keyOf = (c: { clientId: string; currency: string; cohortMonth: string }) => `${c.clientId} ${c.currency} ${c.cohortMonth}`;

/**
 * The curves of the cohorts placed, each with a point for every month from its placement up to
 * the month of `asOf` (or the last month money came in, if later), ordered by client, currency
 * and cohort. Collected money of a cohort with nothing placed has no curve.
 */
export function collectionCurves(placed: CohortPlaced[], collected: CohortCollected[], asOf: CalendarDate): CohortCurve[] {
  const byCohort = new Map<string, Map<number, bigint>>();
  for (const c of collected) {
    const months = byCohort.get(keyOf(c)) ?? new Map<number, bigint>();
    months.set(c.monthsSincePlacement, (months.get(c.monthsSincePlacement) ?? 0n) + c.collectedMinor);
    byCohort.set(keyOf(c), months);
  }
  return [...placed]
    .filter((p) => p.placedMinor > 0n)
    .sort((a, b) => compare(a.clientId, b.clientId) || compare(a.currency, b.currency) || compare(a.cohortMonth, b.cohortMonth))
    .map((p) => {
      const months = byCohort.get(keyOf(p)) ?? new Map<number, bigint>();
      const last = Math.max(monthsBetween(`${p.cohortMonth}-01`, asOf), ...months.keys());
      let sum = 0n;
      const points: CurvePoint[] = [];
      for (let m = 0; m <= last; m++) {
        sum += months.get(m) ?? 0n;
        points.push({ monthsSincePlacement: m, collectedMinor: sum, shareBp: shareBp(sum, p.placedMinor) });
      }
      return { ...p, points };
    });
}

/** Part over whole in basis points, rounded down; 0 of nothing. */
export function shareBp(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 10000n) / whole);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
