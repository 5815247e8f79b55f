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
