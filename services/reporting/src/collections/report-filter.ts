import { DomainError, type FieldProblem } from '@amicus/errors';

/** Which client and currency a caller narrows a report to; the walls still apply on top. */
export interface ReportFilter {
  clientId: string | null;
  currency: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURRENCY = /^[A-Z]{3}$/;

/** Checks what a caller typed, naming each field that is wrong. */
export function reportFilter(input: { clientId?: string | null; currency?: string | null }): ReportFilter {
  const problems: FieldProblem[] = [];
  const clientId = input.clientId ?? null;
  const currency = input.currency ?? null;
  if (clientId !== null && !UUID.test(clientId)) problems.push({ field: 'clientId', reason: 'is not a client id (a UUID)' });
  if (currency !== null && !CURRENCY.test(currency))
    problems.push({ field: 'currency', reason: 'is not an ISO 4217 currency code (three capital letters, e.g. EUR)' });
  if (problems.length) throw DomainError.invalid(problems);
  return { clientId: clientId?.toLowerCase() ?? null, currency };
}
