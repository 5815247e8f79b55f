import { isCalendarDate } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import type { Period } from './root-causes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the client and the period a caller asks root causes for, naming each field that is wrong. */
export function rootCausesFilter(input: { clientId: string; from?: string | null; to?: string | null }): {
  clientId: string;
  period: Period;
} {
  const problems: FieldProblem[] = [];
  const from = input.from ?? null;
  const to = input.to ?? null;
  if (!UUID.test(input.clientId)) problems.push({ field: 'clientId', reason: 'is not a client id (a UUID)' });
  if (from !== null && !isCalendarDate(from)) problems.push({ field: 'from', reason: 'is not a calendar date (YYYY-MM-DD)' });
  if (to !== null && !isCalendarDate(to)) problems.push({ field: 'to', reason: 'is not a calendar date (YYYY-MM-DD)' });
  if (problems.length === 0 && from !== null && to !== null && from > to) problems.push({ field: 'to', reason: 'is before from' });
  if (problems.length) throw DomainError.invalid(problems);
  return { clientId: input.clientId.toLowerCase(), period: { from, to } };
}
