/**
 * Amounts and rates as text, fast. A statement writes the same amounts many times (a claim's
 * principal in its line, in each interest line's base, in the totals and in the JSON answer),
 * and `@amicus/money` gets each text through exact ratios (about a microsecond). `moneyText` is
 * `formatMoney` without the ratios (money-text.spec.ts proves them equal on any amount and
 * currency); rates, few and repeating, are parsed and written once per value (bounded memos).
 */
import { formatMoney, formatRatio, minorDigits, parseDecimal, type Money, type Ratio } from '@amicus/money';

const MAX = 20_000;

/**
 * `formatMoney(m)`: "EUR 1234.50". Whole minor units need no rounding: the text is their digits
 * with the currency's decimal point put in.
 */
export function moneyText(m: Money): string {
  const amount = m.amountMinor;
  if (typeof amount !== 'bigint') return formatMoney(m); // not Money: whatever formatMoney makes of it
  const digits = minorDigits(m.currency); // an unknown currency throws as in formatMoney
  const negative = amount < 0n;
  let text = (negative ? -amount : amount).toString();
  if (digits > 0) {
    if (text.length <= digits) text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return negative ? `${m.currency} -${text}` : `${m.currency} ${text}`;
}

const decimals = new Map<string, Ratio>();
const percents = new WeakMap<Ratio, string>();

/** `parseDecimal(text)`, the same ratio object for the same text (rates of the tables and contracts). */
export function decimalOf(text: string): Ratio {
  let r = decimals.get(text);
  if (!r) {
    r = parseDecimal(text);
    if (decimals.size >= MAX) decimals.clear();
    decimals.set(text, r);
  }
  return r;
}

/** A yearly rate as a statement line shows it: at most 4 decimals, no trailing zeros ("10.5"). */
export function percentText(rate: Ratio): string {
  let text = percents.get(rate);
  if (text === undefined) percents.set(rate, (text = formatRatio(rate, 4).replace(/\.?0+$/, '')));
  return text;
}
