/**
 * Amounts and rates as text, remembered. A statement writes the same few amounts many times (a
 * claim's principal in its line, in each interest line's base, in the totals and in the JSON
 * answer) and the same few rates on every case, and `@amicus/money` gets each text through
 * exact ratios (about a microsecond). The texts are those functions' own, computed once per
 * value; each memo is bounded by being emptied when full.
 */
import { formatMoney, formatRatio, parseDecimal, type Money, type Ratio } from '@amicus/money';

const MAX = 20_000;
const moneyTexts = new Map<string, Map<bigint, string>>();
let moneyCount = 0;

/** `formatMoney(m)`: "EUR 1234.50". */
export function moneyText(m: Money): string {
  const known = moneyTexts.get(m.currency)?.get(m.amountMinor);
  if (known !== undefined) return known;
  const text = formatMoney(m); // an unknown currency throws here, before anything is remembered
  if (moneyCount >= MAX) {
    moneyTexts.clear();
    moneyCount = 0;
  }
  let byAmount = moneyTexts.get(m.currency);
  if (!byAmount) moneyTexts.set(m.currency, (byAmount = new Map()));
  byAmount.set(m.amountMinor, text);
  moneyCount++;
  return text;
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
