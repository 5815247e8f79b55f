/**
 * Belgian structured communication ("gestructureerde mededeling" OGM / "communication structurée"
 * VCS): 10 digits followed by 2 check digits, the 10-digit number modulo 97, with 97 when the
 * remainder is 0. Printed as `+++123/4567/89002+++` (or with `***`); banks match incoming
 * transfers on the 12 digits, so the case can be found without reading free text.
 */
import { DomainError } from '@amicus/errors';

export interface Ogm {
  /** The 12 digits, without separators: what goes in the bank's structured field and the EPC QR. */
  digits: string;
  /** The printed form, `+++123/4567/89002+++`. */
  formatted: string;
}

const MAX_BASE = 9_999_999_999n;

/** The two check digits of a 10-digit OGM base: base mod 97, and 97 when that is 0. */
export function ogmCheckDigits(base: bigint): string {
  const remainder = base % 97n;
  return (remainder === 0n ? 97n : remainder).toString().padStart(2, '0');
}

/** Builds the OGM for a number from 0 to 9,999,999,999 (e.g. a case's sequence number). */
export function ogmFromNumber(value: bigint | number | string): Ogm {
  const base = toBase(value);
  const digits = base.toString().padStart(10, '0') + ogmCheckDigits(base);
  return { digits, formatted: formatOgm(digits) };
}

/** `+++123/4567/89002+++` from 12 digits. */
export function formatOgm(digits: string): string {
  return `+++${digits.slice(0, 3)}/${digits.slice(3, 7)}/${digits.slice(7, 12)}+++`;
}

/**
 * Reads an OGM as a debtor or a bank statement writes it: with or without the `+++` / `***`
 * frame, slashes, spaces or dots. Returns null when the text is not a valid OGM (wrong length,
 * other characters, wrong check digits).
 */
export function parseOgm(text: string): Ogm | null {
  const trimmed = text.trim();
  const framed = /^(\+{3}|\*{3})(.*)\1$/.exec(trimmed);
  const inner = framed ? framed[2] : trimmed;
  if (!/^[0-9][0-9 ./]*$/.test(inner)) return null;
  const digits = inner.replace(/[ ./]/g, '');
  if (!/^[0-9]{12}$/.test(digits)) return null;
  if (ogmCheckDigits(BigInt(digits.slice(0, 10))) !== digits.slice(10)) return null;
  return { digits, formatted: formatOgm(digits) };
}

export function isValidOgm(text: string): boolean {
  return parseOgm(text) !== null;
}

function toBase(value: bigint | number | string): bigint {
  let base: bigint;
  if (typeof value === 'bigint') base = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) base = BigInt(value);
  else if (typeof value === 'string' && /^[0-9]{1,10}$/.test(value)) base = BigInt(value);
  else throw DomainError.invalid([{ field: 'ogm', reason: `"${String(value)}" is not a whole number of at most 10 digits` }]);
  if (base < 0n || base > MAX_BASE) {
    throw DomainError.invalid([{ field: 'ogm', reason: `${base} is outside 0..9999999999 (an OGM holds 10 digits)` }]);
  }
  return base;
}
