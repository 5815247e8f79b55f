/**
 * ISO 11649 creditor reference ("RF reference"): `RF` + 2 check digits + up to 21 alphanumeric
 * characters. The check digits follow ISO 7064 mod 97-10 as for IBANs: move `RF` + check digits
 * to the end, replace letters by numbers (A=10 … Z=35), and the result mod 97 must be 1.
 * Used outside Belgium as the structured payment reference, and in the EPC QR structured field.
 */
import { DomainError } from '@amicus/errors';

export interface CreditorReference {
  /** Electronic form without spaces, upper case: `RF18539007547034`. */
  electronic: string;
  /** Printed form in groups of four: `RF18 5390 0754 7034`. */
  formatted: string;
}

/** Builds the RF reference for 1 to 21 alphanumeric characters (spaces are ignored). */
export function creditorReferenceFrom(reference: string): CreditorReference {
  const body = reference.replace(/\s+/g, '').toUpperCase();
  if (!/^[0-9A-Z]{1,21}$/.test(body)) {
    throw DomainError.invalid([{ field: 'creditorReference', reason: `"${reference}" must be 1 to 21 letters or digits (ISO 11649)` }]);
  }
  const check = 98n - mod97(body + 'RF00');
  const electronic = `RF${check.toString().padStart(2, '0')}${body}`;
  return { electronic, formatted: formatCreditorReference(electronic) };
}

/** Reads an RF reference in electronic or printed form; null when it is not valid. */
export function parseCreditorReference(text: string): CreditorReference | null {
  const electronic = text.replace(/\s+/g, '').toUpperCase();
  if (!/^RF[0-9]{2}[0-9A-Z]{1,21}$/.test(electronic)) return null;
  if (mod97(electronic.slice(4) + electronic.slice(0, 4)) !== 1n) return null;
  return { electronic, formatted: formatCreditorReference(electronic) };
}

export function isValidCreditorReference(text: string): boolean {
  return parseCreditorReference(text) !== null;
}

export function formatCreditorReference(electronic: string): string {
  return electronic.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Letters to numbers (A=10 … Z=35), then the whole number mod 97. */
function mod97(alphanumeric: string): bigint {
  const numeric = alphanumeric.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  return BigInt(numeric) % 97n;
}
