import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** One reason a value is not a valid event: where (`payload.country`) and why. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** Thrown when an envelope or a payload does not match its contract. */
export class EventValidationError extends Error {
  readonly problems: ValidationProblem[];

  constructor(subject: string, problems: ValidationProblem[]) {
    super(`${subject}: ${problems.map((p) => (p.path ? `${p.path} ${p.message}` : p.message)).join('; ')}`);
    this.name = 'EventValidationError';
    this.problems = problems;
  }
}

// One Ajv instance for every contract; strict so that a typo in a schema fails at load time.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

/** A validator whose success narrows the value to T: the type the schema stands for. */
export function compileSchema<T = unknown>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** Turns Ajv's errors into problems with dotted paths (`payload.languages[0]`). */
export function problemsOf(errors: ErrorObject[] | null | undefined, prefix = ''): ValidationProblem[] {
  return (errors ?? []).map((e) => {
    const segments = e.instancePath.split('/').slice(1).map(unescapePointer);
    if (e.keyword === 'required') segments.push(String(e.params.missingProperty));
    const path = segments.reduce((acc, s) => (/^\d+$/.test(s) ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), prefix);
    const message = e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
    return { path, message };
  });
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
