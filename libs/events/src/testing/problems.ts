import { EventValidationError, type ValidationProblem } from '../validation';

/** The problems a validation throws, for tests; fails when it throws nothing or something else. */
export function problemsOf(fn: () => unknown): ValidationProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof EventValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected an EventValidationError');
}
