/**
 * The one error type of the domain. Use cases throw it; the edge (GraphQL, CLI, consumers)
 * maps it once to what its caller understands, keeping the code and the field problems.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'legally_refused'
  /** A caller asked too often (a pay link guessed at): try again later. */
  | 'too_many_requests';

export interface FieldProblem {
  /** Where the problem is: `input.country`, `claims[2].dueDate`, `line 14: amount`. */
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly problems: FieldProblem[] = [],
    /** Extra facts for the caller, e.g. the rule and the date a refused step becomes allowed. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalid(problems: FieldProblem[]): DomainError {
    return new DomainError('invalid_input', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
