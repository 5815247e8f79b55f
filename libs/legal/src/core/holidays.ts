/**
 * Public holidays from the maintained `date-holidays` library (only type "public": observances,
 * school and bank holidays are working days), and business-day counting on top of them.
 */
import Holidays from 'date-holidays';
import type { BusinessDayRule } from '../options';
import type { CalendarDate, Country } from '../types';
import { addDays, isoWeekday } from '@amicus/calendar';

const byCountryYear = new Map<string, Set<CalendarDate>>();

export function publicHolidays(country: Country, year: number): Set<CalendarDate> {
  const key = `${country}-${year}`;
  let set = byCountryYear.get(key);
  if (!set) {
    const hd = new Holidays(country);
    set = new Set(
      hd
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    byCountryYear.set(key, set);
  }
  return set;
}

export function isPublicHoliday(country: Country, date: CalendarDate): boolean {
  return publicHolidays(country, Number(date.slice(0, 4))).has(date);
}

export function isBusinessDay(country: Country, date: CalendarDate, rule: BusinessDayRule): boolean {
  if (!rule.weekdays.includes(isoWeekday(date))) return false;
  return !(rule.excludePublicHolidays && isPublicHoliday(country, date));
}

/** The n-th business day strictly after `date` (n ≥ 1). */
export function nthBusinessDayAfter(country: Country, date: CalendarDate, n: number, rule: BusinessDayRule): CalendarDate {
  if (rule.weekdays.length === 0) throw new RangeError('business-day rule without weekdays');
  let d = date;
  for (let count = 0; count < n;) {
    d = addDays(d, 1);
    if (isBusinessDay(country, d, rule)) count++;
  }
  return d;
}
