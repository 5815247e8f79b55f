/**
 * Reference rates are data with validity periods and a named source, never constants in code.
 * To add a half-year: append a period to the table's file (from/to inclusive, percent as text).
 */
import type { CalendarDate } from '../types';

export interface RatePeriod {
  from: CalendarDate;
  /** Inclusive. */
  to: CalendarDate;
  /** Yearly rate in percent, exact decimal text ("12.50"). */
  ratePercent: string;
  /** Where this value was published. */
  source: string;
}

export interface RateTable {
  id: 'be-late-payment' | 'nl-statutory' | 'nl-commercial';
  name: string;
  /** The legal basis of the rate. */
  legalBasis: string;
  periods: RatePeriod[];
}

export function rateOn(table: RateTable, date: CalendarDate): RatePeriod | undefined {
  return table.periods.find((p) => p.from <= date && date <= p.to);
}

/** Last date with a known rate. */
export function knownUntil(table: RateTable): CalendarDate | undefined {
  return table.periods.reduce<CalendarDate | undefined>((max, p) => (!max || p.to > max ? p.to : max), undefined);
}
