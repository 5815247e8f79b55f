/**
 * Reference rates are data with validity periods and a named source, never constants in code.
 * The tables' files are the shipped values: the cases service seeds its database with them and
 * passes the stored tables to the engine (LegalOptions.rateTables); the agency adds the next
 * period there (`amicus rates add`, GraphQL addRatePeriod), without a release.
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
