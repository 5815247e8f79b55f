export { DomainError, isDomainError } from './domain-error';
export type { DomainErrorCode, FieldProblem } from './domain-error';
