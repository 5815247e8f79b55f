/**
 * The typed domain error of the cases service. It already lives in `@amicus/errors` (one error
 * type for every service, mapped once at the edge); this module is where the case lifecycle
 * takes it from, so the import stays put if it moves.
 */
export { DomainError, isDomainError } from '@amicus/errors';
export type { DomainErrorCode, FieldProblem } from '@amicus/errors';
