import { CombinedGraphQLErrors } from '@apollo/client/errors';

/** One thing the API found wrong with a field (`extensions.problems` of a BAD_USER_INPUT error). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** The API's field problems, by field path (`input.email` → "already taken"), to show next to each field. */
export function fieldProblems(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!CombinedGraphQLErrors.is(error)) return out;
  for (const e of error.errors) {
    const problems = e.extensions?.problems as FieldProblem[] | undefined;
    for (const p of problems ?? []) out[p.field] = out[p.field] ? `${out[p.field]}; ${p.reason}` : p.reason;
  }
  return out;
}

/** The GraphQL error code of the first error (NOT_FOUND, FORBIDDEN, …), if any. */
export function errorCode(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  return error.errors[0]?.extensions?.code as string | undefined;
}

/** An error in words for a person: the API's own messages, or what went wrong with the connection. */
export function errorText(error: unknown): string {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((e) => e.message).join('; ');
  if (error instanceof Error) return error.message;
  return String(error);
}
