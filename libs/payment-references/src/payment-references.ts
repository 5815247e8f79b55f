/**
 * The structured payment reference printed on every letter and put in the payment QR code, so
 * that incoming transfers can be matched to the case automatically: the Belgian OGM/VCS for
 * Belgian beneficiary accounts, the ISO 11649 RF creditor reference elsewhere.
 */
import { formatOgm, ogmFromNumber, parseOgm } from './ogm';
import { creditorReferenceFrom, parseCreditorReference } from './rf-creditor-reference';

export type PaymentReferenceScheme = 'ogm' | 'rf';

export interface PaymentReference {
  scheme: PaymentReferenceScheme;
  /** What goes in the bank's structured field and the EPC QR: 12 digits (OGM) or `RF…`. */
  electronic: string;
  /** What is printed for the debtor: `+++123/4567/89002+++` or `RF18 5390 0754 7034`. */
  formatted: string;
}

/**
 * The scheme follows the country of the account the debtor pays into (Belgian banks match on
 * the OGM; the RF reference is the SEPA-wide standard elsewhere).
 */
export function paymentReferenceSchemeFor(accountCountry: string): PaymentReferenceScheme {
  return accountCountry.toUpperCase() === 'BE' ? 'ogm' : 'rf';
}

/** Builds the reference for a case's sequence number (at most 10 digits). */
export function paymentReferenceFor(accountCountry: string, caseNumber: bigint | number | string): PaymentReference {
  if (paymentReferenceSchemeFor(accountCountry) === 'ogm') {
    const ogm = ogmFromNumber(caseNumber);
    return { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted };
  }
  const rf = creditorReferenceFrom(String(caseNumber));
  return { scheme: 'rf', electronic: rf.electronic, formatted: rf.formatted };
}

/** Recognises either scheme in a bank statement's remittance field; null when neither fits. */
export function parsePaymentReference(text: string): PaymentReference | null {
  const ogm = parseOgm(text);
  if (ogm) return { scheme: 'ogm', electronic: ogm.digits, formatted: formatOgm(ogm.digits) };
  const rf = parseCreditorReference(text);
  if (rf) return { scheme: 'rf', electronic: rf.electronic, formatted: rf.formatted };
  return null;
}

/**
 * A payment plan's own reference (issue 11: instalments paid with it are the plan's): made like a
 * case's, from a number in a range of its own. Case numbers stay below 9,000,000,000 (cases'
 * case_number_seq ends at 8,999,999,999); a plan's reference number is 9,000,000,000 plus the plan's sequence number, so
 * one reference names either a case or a plan, never both.
 */
export const PLAN_REFERENCE_BASE = 9_000_000_000n;
const REFERENCE_NUMBER_LIMIT = 10_000_000_000n;

/** The reference number of the plan with sequence number `planSeq` (1, 2, …). */
export function planReferenceNumber(planSeq: bigint | number | string): bigint {
  const seq = BigInt(planSeq);
  if (seq < 1n || PLAN_REFERENCE_BASE + seq >= REFERENCE_NUMBER_LIMIT)
    throw new RangeError(`plan sequence number ${seq} is outside 1..${REFERENCE_NUMBER_LIMIT - PLAN_REFERENCE_BASE - 1n}`);
  return PLAN_REFERENCE_BASE + seq;
}

/** Whose a reference number is: a case's (its case number) or a payment plan's. */
export type ReferenceOwner = { kind: 'case'; caseNumber: bigint } | { kind: 'plan'; referenceNumber: bigint };

export function referenceOwnerOf(referenceNumber: bigint): ReferenceOwner {
  return referenceNumber > PLAN_REFERENCE_BASE ? { kind: 'plan', referenceNumber } : { kind: 'case', caseNumber: referenceNumber };
}

/** Both printed forms of a reference number: the OGM/VCS and the RF reference. */
export function structuredReferencesOf(referenceNumber: bigint | number | string): { ogm: string; rf: string } {
  const n = String(referenceNumber);
  return { ogm: ogmFromNumber(n).formatted, rf: creditorReferenceFrom(n).formatted };
}
