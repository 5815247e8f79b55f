/**
 * Business days: the weekdays a rule counts, less a country's public holidays (from the
 * maintained `date-holidays` library, only type "public": observances, school and bank
 * holidays are working days). The legal engine counts terms in them (BE-C-4, NL-C-2); the
 * services count service levels in the agency's calendar with them.
 */
import Holidays from 'date-holidays';
import { addDays, isoWeekday, type CalendarDate } from './calendar';
import { countryOfTimeZone } from './country-zones';

export interface BusinessDayRule {
  /** ISO weekdays counted as business days (1 = Monday … 7 = Sunday). */
  weekdays: number[];
  excludePublicHolidays: boolean;
}

/** Monday to Friday, not a public holiday. */
export const WORKING_WEEK: BusinessDayRule = Object.freeze({ weekdays: [1, 2, 3, 4, 5], excludePublicHolidays: true });

const byCountryYear = new Map<string, Set<CalendarDate>>();

/** A country's (ISO 3166-1 alpha-2) public holidays in a year; none for a country the library does not know. */
export function publicHolidays(country: string, year: number): Set<CalendarDate> {
  const key = `${country}-${year}`;
  let set = byCountryYear.get(key);
  if (!set) {
    const hd = new Holidays(country);
    set = new Set((hd.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    byCountryYear.set(key, set);
  }
  return set;
}

export function isPublicHoliday(country: string, date: CalendarDate): boolean {
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}

export function isBusinessDay(country: string, date: CalendarDate, rule: BusinessDayRule): boolean {
  if (!rule.weekdays.includes(isoWeekday(date))) return false;
  return !(rule.excludePublicHolidays && isPublicHoliday(country, date));
}

/** The n-th business day strictly after `date` (n ≥ 1). */
export function nthBusinessDayAfter(country: string, date: CalendarDate, n: number, rule: BusinessDayRule): CalendarDate {
  if (rule.weekdays.length === 0) throw new RangeError('business-day rule without weekdays');
  let d = date;
  for (let count = 0; count < n;) {
    d = addDays(d, 1);
    if (isBusinessDay(country, d, rule)) count++;
  }
  return d;
}

/**
 * The business days of a calendar kept in a time zone (the agency's clock): Monday to Friday,
 * less the public holidays of the country of that zone (none when the zone is not one country's).
 */
export function businessDaysAfter(timeZone: string, date: CalendarDate, n: number): CalendarDate {
  return nthBusinessDayAfter(countryOfTimeZone(timeZone) ?? '', date, n, WORKING_WEEK);
}
