/**
 * The part of the total a debtor types ("50", "50,00", "1.234,56", "1 234.5"), read exactly as
 * minor units: never through a float.
 */

export type AmountProblem = 'empty' | 'format' | 'zero' | 'tooMuch';

export type AmountReading = { ok: true; minor: bigint } | { ok: false; problem: AmountProblem };

/** How many minor digits the currency has (2 for the euro). */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * Reads a typed amount. The last `,` or `.` followed by at most the currency's minor digits is
 * the decimal mark; any other mark (or space) groups thousands and must be followed by three
 * digits. At most `max` (the total due), at least one minor unit.
 */
export function readAmount(text: string, currency: string, max: bigint): AmountReading {
  const digits = minorDigitsOf(currency);
  const typed = text.replace(/[\s\u00a0\u202f€]/g, '');
  if (!typed) return { ok: false, problem: 'empty' };
  if (!/^[0-9.,]+$/.test(typed)) return { ok: false, problem: 'format' };
  let whole = typed;
  let fraction = '';
  const mark = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('.'));
  if (mark >= 0 && digits > 0) {
    const after = typed.slice(mark + 1);
    if (after.length >= 1 && after.length <= digits) {
      whole = typed.slice(0, mark);
      fraction = after;
    }
  }
  const groups = whole.split(/[.,]/);
  if (groups.some((g, i) => (i === 0 ? !/^\d+$/.test(g) : !/^\d{3}$/.test(g)))) return { ok: false, problem: 'format' };
  const minor = BigInt(groups.join('') + fraction.padEnd(digits, '0'));
  if (minor <= 0n) return { ok: false, problem: 'zero' };
  if (minor > max) return { ok: false, problem: 'tooMuch' };
  return { ok: true, minor };
}
