/**
 * `amicus peppol validate FILE`: a UBL invoice or credit note against the shipped Peppol BIS
 * Billing 3.0 rules (libs/peppol). Exit 0 with a one-line summary when valid (warnings listed
 * under it); exit 1 with each failed rule's id and message; exit 2 when the file cannot be read
 * or is not a UBL invoice or credit note (the line, column and element where that shows).
 */
import { readFile } from 'node:fs/promises';
import { UblDocumentError, validateUbl, type PeppolFinding, type PeppolValidation } from '@amicus/peppol';

export interface PeppolValidateResult {
  exitCode: 0 | 1 | 2;
  /** What to print: stdout when valid, stderr otherwise. */
  lines: string[];
  validation?: PeppolValidation;
}

const finding = (f: PeppolFinding) => `  ${f.flag} ${f.rule}: ${f.message}${f.location ? ` (at ${f.location})` : ''}`;

export async function peppolValidate(file: string): Promise<PeppolValidateResult> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (e) {
    return { exitCode: 2, lines: [`${file}: cannot read: ${(e as Error).message}`] };
  }
  let v: PeppolValidation;
  try {
    v = await validateUbl(xml);
  } catch (e) {
    if (e instanceof UblDocumentError) return { exitCode: 2, lines: [`${file}: not a UBL invoice or credit note: ${e.message}`] };
    throw e;
  }
  const what = `${v.document === 'Invoice' ? 'invoice' : 'credit note'}${v.id ? ` ${v.id}` : ''}`;
  const rules = `Peppol BIS Billing 3.0, OpenPeppol ${v.rules.release}`;
  const warnings = v.warnings.length ? `, ${v.warnings.length} warning${v.warnings.length === 1 ? '' : 's'}` : '';
  if (v.valid) return { exitCode: 0, lines: [`${file}: valid ${what} (${rules})${warnings}`, ...v.warnings.map(finding)], validation: v };
  return {
    exitCode: 1,
    lines: [
      `${file}: not valid: ${what} fails ${v.errors.length} rule${v.errors.length === 1 ? '' : 's'} (${rules})${warnings}`,
      ...v.errors.map(finding),
      ...v.warnings.map(finding),
    ],
    validation: v,
  };
}
