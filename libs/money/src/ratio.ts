/**
 * Exact rational numbers over bigint, for rates and interest: no floating point ever touches an
 * amount. A ratio is kept normalised (den > 0, reduced).
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export function ratio(num: bigint, den: bigint = 1n): Ratio {
  if (den === 0n) throw new RangeError('ratio: zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.15" → 1215/100. Throws on anything that is not a plain decimal. */
export function parseDecimal(text: string): Ratio {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`not a decimal number: "${text}"`);
  const frac = m[3] ?? '';
  const num = BigInt(m[2] + frac) * (m[1] ? -1n : 1n);
  return ratio(num, 10n ** BigInt(frac.length));
}

export function isDecimal(text: string): boolean {
  return DECIMAL.test(text.trim());
}

export const addRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den + b.num * a.den, a.den * b.den);
export const subRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den - b.num * a.den, a.den * b.den);
export const mulRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);
export const divRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.den, a.den * b.num);
export const compareRatio = (a: Ratio, b: Ratio): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const minRatio = (a: Ratio, b: Ratio): Ratio => (compareRatio(a, b) <= 0 ? a : b);

/** Rounds half away from zero ("half-up" for the non-negative amounts of a statement). */
export function roundHalfUp(r: Ratio): bigint {
  const n = r.num < 0n ? -r.num : r.num;
  const q = n / r.den;
  const rem = n % r.den;
  const rounded = rem * 2n >= r.den ? q + 1n : q;
  return r.num < 0n ? -rounded : rounded;
}

/** A ratio as a decimal string with `digits` decimals, rounded half-up (for display only). */
export function formatRatio(r: Ratio, digits: number): string {
  const scaled = roundHalfUp(mulRatio(r, ratio(10n ** BigInt(digits))));
  const neg = scaled < 0n;
  const s = (neg ? -scaled : scaled).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  return neg ? `-${body}` : body;
}
