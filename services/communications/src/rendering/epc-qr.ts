/**
 * The SEPA payment QR code ("EPC QR", EPC069-12 "Quick Response Code: Guidelines to Enable Data
 * Capture for the Initiation of a SEPA Credit Transfer", version 002). Scanned by a banking app,
 * it fills in the beneficiary, IBAN, amount and structured reference, so the payment can be
 * matched to the case without the debtor typing anything.
 */
import { DomainError, type FieldProblem } from '@amicus/errors';
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import QRCode from 'qrcode';
import { parseCreditorReference, parseOgm } from '@amicus/payment-references';

export type EpcRemittance =
  /** ISO 11649 RF reference, or the Belgian OGM (Belgian banks read it from the structured field). */
  { kind: 'structured'; reference: string } | { kind: 'unstructured'; text: string };

export interface EpcPayment {
  beneficiaryName: string;
  iban: string;
  /** Optional since version 002 within the EEA. */
  bic?: string;
  /** Minor units (cents); EPC allows 0.01 to 999,999,999.99, euro only. */
  amountMinor?: bigint;
  remittance?: EpcRemittance;
  /** Four-letter ISO 20022 purpose code, e.g. `GDDS`; optional. */
  purpose?: string;
  /** Free text shown to the payer by some apps (max 70). */
  beneficiaryToOriginatorInfo?: string;
}

/** EPC069-12 §3.2: the whole payload may not exceed 331 bytes. */
export const EPC_MAX_BYTES = 331;
const MAX_AMOUNT_MINOR = 99_999_999_999n;

/**
 * The payload text, lines separated by LF: BCD, 002, 1 (UTF-8), SCT, BIC, name, IBAN, amount,
 * purpose, structured reference, unstructured text, information. Trailing empty lines are left
 * out (the last populated element ends the payload). Throws `invalid_input` listing every
 * problem.
 */
export function epcQrPayload(payment: EpcPayment): string {
  const problems: FieldProblem[] = [];
  const iban = electronicFormatIBAN(payment.iban) ?? '';
  if (!isValidIBAN(iban)) problems.push({ field: 'iban', reason: `"${payment.iban}" is not a valid IBAN` });
  const bic = (payment.bic ?? '').replace(/\s+/g, '').toUpperCase();
  if (bic && !isValidBIC(bic)) problems.push({ field: 'bic', reason: `"${payment.bic}" is not a valid BIC` });
  const name = payment.beneficiaryName.trim();
  if (!name) problems.push({ field: 'beneficiaryName', reason: 'is required' });
  if ([...name].length > 70) problems.push({ field: 'beneficiaryName', reason: 'is longer than 70 characters' });

  let amount = '';
  if (payment.amountMinor !== undefined) {
    if (payment.amountMinor < 1n || payment.amountMinor > MAX_AMOUNT_MINOR) {
      problems.push({ field: 'amountMinor', reason: 'must be between EUR0.01 and EUR999999999.99' });
    } else {
      amount = `EUR${epcAmount(payment.amountMinor)}`;
    }
  }
  const purpose = payment.purpose ?? '';
  if (purpose && !/^[A-Z0-9]{4}$/.test(purpose))
    problems.push({ field: 'purpose', reason: 'must be a 4-character ISO 20022 purpose code' });

  // EPC069-12: either a structured reference (max 35) or an unstructured text (max 140), never both.
  let structured = '';
  let unstructured = '';
  if (payment.remittance?.kind === 'structured') {
    structured = structuredReference(payment.remittance.reference) ?? '';
    if (!structured)
      problems.push({
        field: 'remittance.reference',
        reason: `"${payment.remittance.reference}" is neither a valid RF creditor reference nor a valid OGM`,
      });
  } else if (payment.remittance?.kind === 'unstructured') {
    unstructured = payment.remittance.text.trim();
    if ([...unstructured].length > 140) problems.push({ field: 'remittance.text', reason: 'is longer than 140 characters' });
  }
  const information = payment.beneficiaryToOriginatorInfo?.trim() ?? '';
  if ([...information].length > 70) problems.push({ field: 'beneficiaryToOriginatorInfo', reason: 'is longer than 70 characters' });

  for (const [field, value] of Object.entries({
    beneficiaryName: name,
    'remittance.text': unstructured,
    beneficiaryToOriginatorInfo: information,
  })) {
    if (/[\r\n]/.test(value)) problems.push({ field, reason: 'may not contain line breaks' });
  }
  if (problems.length) throw DomainError.invalid(problems);

  const lines = ['BCD', '002', '1', 'SCT', bic, name, iban, amount, purpose, structured, unstructured, information];
  while (lines[lines.length - 1] === '') lines.pop();
  const payload = lines.join('\n');
  const bytes = Buffer.byteLength(payload, 'utf8');
  if (bytes > EPC_MAX_BYTES) {
    throw DomainError.invalid([{ field: 'epcQr', reason: `payload is ${bytes} bytes, more than the ${EPC_MAX_BYTES} allowed` }]);
  }
  return payload;
}

/** `12.34` from 1234n: integer arithmetic on minor units, no floating point. */
export function epcAmount(amountMinor: bigint): string {
  return `${amountMinor / 100n}.${(amountMinor % 100n).toString().padStart(2, '0')}`;
}

// Error correction M, as EPC069-12 requires; a quiet zone of 4 modules for reliable scanning.
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The QR image as a PNG data URL, for `payment.qr` in templates (e-mail and letter). */
export async function epcQrDataUrl(payment: EpcPayment, widthPx = 300): Promise<string> {
  return QRCode.toDataURL(epcQrPayload(payment), { ...QR_OPTIONS, width: widthPx });
}

/** The QR image as SVG markup (sharp at any print size). */
export async function epcQrSvg(payment: EpcPayment): Promise<string> {
  return QRCode.toString(epcQrPayload(payment), { ...QR_OPTIONS, type: 'svg' });
}

/** The SVG as a data URL: vector, so it prints sharp on letters, and cheaper to make than a PNG. */
export async function epcQrSvgDataUrl(payment: EpcPayment): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await epcQrSvg(payment)).toString('base64')}`;
}

function structuredReference(reference: string): string | null {
  return parseCreditorReference(reference)?.electronic ?? parseOgm(reference)?.digits ?? null;
}
