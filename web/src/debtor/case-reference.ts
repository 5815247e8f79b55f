/**
 * The case's reference as its letters print it: `AMI-000173` (communications'
 * printedCaseReference; the API gives the case number only).
 */
export function printedReference(caseNumber: string): string {
  return `AMI-${caseNumber.padStart(6, '0')}`;
}
