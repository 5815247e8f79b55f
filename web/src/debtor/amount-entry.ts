import { minorOfTyped } from '../amount';

/** What is wrong with the part of the total a debtor typed. */
export type AmountProblem = 'empty' | 'format' | 'zero' | 'tooMuch';

export type AmountReading = { ok: true; minor: bigint } | { ok: false; problem: AmountProblem };

/** The part of the total a debtor types (`minorOfTyped`): at least one minor unit, at most `max` (the total due). */
export function readAmount(text: string, currency: string, max: bigint): AmountReading {
  if (!text.trim()) return { ok: false, problem: 'empty' };
  const typed = minorOfTyped(text, currency);
  if (typed === null) return { ok: false, problem: 'format' };
  const minor = BigInt(typed);
  if (minor <= 0n) return { ok: false, problem: 'zero' };
  if (minor > max) return { ok: false, problem: 'tooMuch' };
  return { ok: true, minor };
}
