/**
 * Calendar dates as `YYYY-MM-DD` strings. Arithmetic goes through a UTC day number, which has no
 * time zone and no DST: a legal date is a day, not a moment.
 *
 * The legal engine does this arithmetic thousands of times per case, so dates are read by
 * character codes and day numbers converted by the civil-calendar formulas (H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms") instead of a RegExp and a `Date` per call.
 * The answers are those of `Date.UTC` and `toISOString` (calendar.spec.ts compares them).
 */

/** `YYYY-MM-DD`: a day, as the law counts days. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const ZERO = 48; // '0'
const DASH = 45; // '-'

/** Days since 1970-01-01 of a proleptic Gregorian y-m-d (m 1–12), as `Date.UTC(y, m − 1, d) / DAY_MS` for y ≥ 0. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const digit = (text: string, i: number): number => {
  const c = text.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : NaN;
};

/**
 * The day number of a calendar date, or NaN when `text` is not one. Valid means what the
 * RegExp-and-Date check accepted: exactly `dddd-dd-dd` (ASCII digits), a real day of the
 * proleptic Gregorian calendar, and a year from 0100 (`Date.UTC` reads years 0–99 as 1900–1999,
 * so those never round-tripped).
 */
function parseDay(text: unknown): number {
  if (typeof text !== 'string' || text.length !== 10 || text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH) return NaN;
  const y = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const m = digit(text, 5) * 10 + digit(text, 6);
  const d = digit(text, 8) * 10 + digit(text, 9);
  // NaN (a non-digit) fails every comparison below.
  if (!(y >= 100 && m >= 1 && m <= 12 && d >= 1)) return NaN;
  if (!(d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]))) return NaN;
  return daysFromCivil(y, m, d);
}

export function isCalendarDate(text: unknown): text is CalendarDate {
  return !Number.isNaN(parseDay(text));
}

/** Days since 1970-01-01. */
export function dayNumber(date: CalendarDate): number {
  const n = parseDay(date);
  if (Number.isNaN(n)) throw new RangeError(`not a calendar date: "${date}"`);
  return n;
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
/** The day numbers of 0000-01-01 and 9999-12-31: the years `toISOString` writes with four digits. */
const FIRST_4_DIGIT_DAY = -719_528;
const LAST_4_DIGIT_DAY = 2_932_896;

export function fromDayNumber(n: number): CalendarDate {
  // Fractions, NaN and years outside 0000–9999 keep `toISOString`'s own answer (or error).
  if (!Number.isInteger(n) || n < FIRST_4_DIGIT_DAY || n > LAST_4_DIGIT_DAY) return new Date(n * DAY_MS).toISOString().slice(0, 10);
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y >= 1000 ? y : String(y).padStart(4, '0')}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`;
}

export const addDays = (date: CalendarDate, days: number): CalendarDate => fromDayNumber(dayNumber(date) + days);

/** Whole days from `a` to `b` (b − a). */
export const daysBetween = (a: CalendarDate, b: CalendarDate): number => dayNumber(b) - dayNumber(a);

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
const weekdayOf = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  return weekdayOf(dayNumber(date));
}

export const minDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate): CalendarDate => (a >= b ? a : b);

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Thu 9 Jan 2025", for reasons a person reads. */
export function describeDate(date: CalendarDate): string {
  const n = parseDay(date);
  if (Number.isNaN(n)) {
    // The errors the split-based version gave: a TypeError for a non-string, else dayNumber's RangeError.
    (date as string).split('-');
    return dayNumber(date) as never;
  }
  const y = +date.slice(0, 4);
  const m = (date.charCodeAt(5) - ZERO) * 10 + date.charCodeAt(6) - ZERO;
  const d = (date.charCodeAt(8) - ZERO) * 10 + date.charCodeAt(9) - ZERO;
  return `${WEEKDAY_NAMES[weekdayOf(n) - 1]} ${d} ${MONTH_NAMES[m - 1]} ${y}`;
}
