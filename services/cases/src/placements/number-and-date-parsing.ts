/**
 * Amounts and dates as clients' accounting software writes them.
 *
 * Amounts: decimal comma or point, optional thousands separators (`.` `,` space, no-break space,
 * `'`), an optional sign, read exactly into integer minor units of the currency (ISO 4217
 * exponent). Never a float on the way.
 *
 * Dates: dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy and ISO yyyy-mm-dd, real calendar dates only.
 * A calendar date is kept as its ISO text `yyyy-mm-dd`, which sorts and compares correctly.
 */

import type { CalendarDate } from '@amicus/calendar';
import { isCurrencyCode, minorDigits } from '@amicus/money';

export type DecimalSeparator = ',' | '.';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// Currencies

/** The minor-unit digits of an ISO 4217 currency; undefined for a code that is not one. */
const currencyExponent = (currency: string): number | undefined => (isCurrencyCode(currency) ? minorDigits(currency) : undefined);

// ---------------------------------------------------------------------------------------------
// Amounts

const GROUPING_ONLY = new Set([' ', '\u00a0', '\u202f', "'", '\u2019']);
const SEPARATORS = new Set([',', '.', ...GROUPING_ONLY]);

interface AmountShape {
  negative: boolean;
  integerDigits: string;
  fractionDigits: string;
}

export interface AmountOptions {
  /**
   * The file's decimal separator, when known (chosen in the mapping or detected per file).
   * It only settles the one ambiguous shape, `1,234` / `1.234` (one separator followed by
   * exactly three digits); everywhere else the text itself says which separator is decimal.
   */
  decimalSeparator?: DecimalSeparator;
}

/**
 * Reads an amount into integer minor units of `currency`. Rejects text that is not a number,
 * an unknown currency, misplaced thousands separators, an ambiguous `1,234` without a decimal
 * separator to settle it, and more decimals than the currency has (EUR `12,345` is refused,
 * not rounded).
 */
export function parseAmount(text: string, currency: string, options: AmountOptions = {}): Parsed<bigint> {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) return fail(`${currency} is not an ISO 4217 currency`);
  const shape = readAmountShape(text, options.decimalSeparator);
  if (!shape.ok) return shape;
  const { negative, integerDigits, fractionDigits } = shape.value;
  if (fractionDigits.length > exponent) {
    return fail(exponent === 0 ? `${currency} has no decimals` : `${currency} allows at most ${exponent} decimals`);
  }
  const minor = BigInt(integerDigits + fractionDigits.padEnd(exponent, '0'));
  return ok(negative ? -minor : minor);
}

/**
 * Which decimal separator a sample of amount texts uses: the majority of the texts whose shape
 * says so unambiguously (`1.234,56`, `12,5`, `1234.00`); undefined when none does.
 */
export function detectDecimalSeparator(texts: Iterable<string>): DecimalSeparator | undefined {
  let comma = 0;
  let point = 0;
  for (const text of texts) {
    const separator = unambiguousDecimalSeparator(text);
    if (separator === ',') comma++;
    else if (separator === '.') point++;
  }
  if (comma === point) return undefined;
  return comma > point ? ',' : '.';
}

function unambiguousDecimalSeparator(text: string): DecimalSeparator | undefined {
  const shape = readAmountShape(text, undefined);
  if (!shape.ok || shape.value.fractionDigits === '') return undefined;
  const body = text.trim();
  const last = Math.max(body.lastIndexOf(','), body.lastIndexOf('.'));
  return last < 0 ? undefined : (body[last] as DecimalSeparator);
}

function readAmountShape(text: string, hint: DecimalSeparator | undefined): Parsed<AmountShape> {
  let body = text.trim();
  if (body === '') return fail('is empty');
  let negative = false;
  // A sign in front, or a trailing minus as some accounting exports write credit notes.
  if (body[0] === '-' || body[0] === '+') {
    negative = body[0] === '-';
    body = body.slice(1).trimStart();
  } else if (body.endsWith('-')) {
    negative = true;
    body = body.slice(0, -1).trimEnd();
  }
  if (!/^\d/.test(body) || !/\d$/.test(body)) return fail('is not a number');

  // Split into digit runs and the single separator characters between them.
  const runs: string[] = [];
  const separators: string[] = [];
  let run = '';
  for (const char of body) {
    if (char >= '0' && char <= '9') {
      run += char;
    } else if (SEPARATORS.has(char)) {
      if (run === '') return fail('is not a number');
      runs.push(run);
      separators.push(char);
      run = '';
    } else {
      return fail('is not a number');
    }
  }
  runs.push(run);

  if (separators.length === 0) return ok({ negative, integerDigits: runs[0] as string, fractionDigits: '' });

  const lastSeparator = separators[separators.length - 1] as string;
  const lastRun = runs[runs.length - 1] as string;
  let decimal: string | undefined;
  if (lastSeparator === ',' || lastSeparator === '.') {
    const sameBefore = separators.slice(0, -1).includes(lastSeparator);
    const otherKindBefore = separators.slice(0, -1).some((s) => s !== lastSeparator);
    if (sameBefore) {
      decimal = undefined; // `1.234.567`: the separator repeats, so it groups
    } else if (otherKindBefore) {
      decimal = lastSeparator; // `1.234,56`, `1 234,56`, `1'234.56`
    } else if (lastRun.length !== 3 || (runs[0] as string).length > 3 || /^0+$/.test(runs[0] as string)) {
      decimal = lastSeparator; // `12,5`, `1234,567`, `0,125`: cannot be a thousands separator
    } else if (hint) {
      decimal = hint === lastSeparator ? lastSeparator : undefined;
    } else {
      return fail(`is ambiguous: is ${lastSeparator} a decimal or a thousands separator? Set the decimal separator`);
    }
  }

  const groupRuns = decimal === undefined ? runs : runs.slice(0, -1);
  const groupSeparators = decimal === undefined ? separators : separators.slice(0, -1);
  if (groupSeparators.length > 0) {
    const group = groupSeparators[0] as string;
    if (group === decimal || groupSeparators.some((s) => s !== group)) return fail('has mixed separators');
    if ((groupRuns[0] as string).length > 3 || groupRuns.slice(1).some((r) => r.length !== 3)) {
      return fail('has misplaced thousands separators');
    }
  }
  return ok({
    negative,
    integerDigits: groupRuns.join(''),
    fractionDigits: decimal === undefined ? '' : lastRun,
  });
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_FIRST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const YEAR_FIRST = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;

/**
 * Reads dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd (also yyyy/mm/dd) into a calendar
 * date. Month-first (US) dates are not read: Belgian, Dutch, French and German software does
 * not write them, and guessing would silently swap days and months.
 */
export function parseCalendarDate(text: string): Parsed<CalendarDate> {
  const body = text.trim();
  let year: number;
  let month: number;
  let day: number;
  let match = DAY_FIRST.exec(body);
  if (match) {
    day = Number(match[1]);
    month = Number(match[3]);
    year = Number(match[4]);
  } else if ((match = YEAR_FIRST.exec(body))) {
    year = Number(match[1]);
    month = Number(match[3]);
    day = Number(match[4]);
  } else {
    return fail(body === '' ? 'is empty' : 'is not a date (dd/mm/yyyy or yyyy-mm-dd)');
  }
  if (year < 1900 || year > 2999) return fail('has an implausible year');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail('is not a real calendar date');
  return ok(toCalendarDate(year, month, day));
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function toCalendarDate(year: number, month: number, day: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
