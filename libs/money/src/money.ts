/**
 * Money as integer minor units of one currency. Amounts never go through `number`.
 */
import { formatRatio, isDecimal, parseDecimal, ratio, roundHalfUp, type Ratio } from './ratio';

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

// The ISO 4217 codes in Node's ICU data: Intl itself accepts any three letters ("XYZ").
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const digitsCache = new Map<string, number>();

/** True for an ISO 4217 currency code in upper case (`EUR`, `JPY`, `KWD` …). */
export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, BHD 3), from Intl. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    if (!isCurrencyCode(currency)) throw new RangeError(`unknown currency: "${currency}"`);
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

export function money(amountMinor: bigint, currency: string): Money {
  minorDigits(currency);
  return { amountMinor, currency };
}

export const zero = (currency: string): Money => money(0n, currency);

/** "1234.5" EUR → 123450n. Refuses more decimals than the currency has. */
export function parseMoney(decimal: string, currency: string): Money {
  const digits = minorDigits(currency);
  if (!isDecimal(decimal)) throw new RangeError(`not a decimal amount: "${decimal}"`);
  const frac = decimal.trim().split('.')[1] ?? '';
  if (frac.length > digits) throw new RangeError(`${currency} has ${digits} decimals; "${decimal}" has ${frac.length}`);
  const r = parseDecimal(decimal);
  return money((r.num * 10n ** BigInt(digits)) / r.den, currency);
}

/** The amount in major units as an exact ratio (123450n EUR → 1234.5). */
export function toMajorRatio(m: Money): Ratio {
  return ratio(m.amountMinor, 10n ** BigInt(minorDigits(m.currency)));
}

/** Rounds an exact amount in major units half-up to the currency's minor unit. */
export function fromMajorRatio(major: Ratio, currency: string): Money {
  return money(roundHalfUp({ num: major.num * 10n ** BigInt(minorDigits(currency)), den: major.den }), currency);
}

/** Rounds an exact amount in minor units half-up to a whole minor unit. */
export function fromMinorRatio(minor: Ratio, currency: string): Money {
  return money(roundHalfUp(minor), currency);
}

/** "1234.50" (plain, no grouping: stable for tests and JSON). */
export function formatAmount(m: Money): string {
  return formatRatio(toMajorRatio(m), minorDigits(m.currency));
}

/** "EUR 1234.50". */
export function formatMoney(m: Money): string {
  return `${m.currency} ${formatAmount(m)}`;
}

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  same(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function subtractMoney(a: Money, b: Money): Money {
  same(a, b);
  return { amountMinor: a.amountMinor - b.amountMinor, currency: a.currency };
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => addMoney(acc, m), zero(currency));
}

export function compareMoney(a: Money, b: Money): number {
  same(a, b);
  return a.amountMinor < b.amountMinor ? -1 : a.amountMinor > b.amountMinor ? 1 : 0;
}

export const minMoney = (a: Money, b: Money): Money => (compareMoney(a, b) <= 0 ? a : b);
export const maxMoney = (a: Money, b: Money): Money => (compareMoney(a, b) >= 0 ? a : b);
export const isZero = (m: Money): boolean => m.amountMinor === 0n;
export const isPositive = (m: Money): boolean => m.amountMinor > 0n;
