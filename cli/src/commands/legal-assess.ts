/**
 * `amicus legal assess`: a JSON case on stdin, the legal decision(s) and the statement as JSON
 * on stdout. Invalid input: exit code 2 and the problems (path and reason) as JSON.
 * Without "now" in the input, the current time is used (the clock is injectable for tests).
 */
import { assessJson } from '@amicus/legal';

export async function legalAssess(stdinText: string, clock: () => Date = () => new Date()): Promise<{ exitCode: number; output: string }> {
  let input: unknown;
  try {
    input = JSON.parse(stdinText);
  } catch (e) {
    return {
      exitCode: 2,
      output: JSON.stringify({ errors: [{ field: '(stdin)', reason: `not valid JSON: ${(e as Error).message}` }] }, null, 2),
    };
  }
  if (input && typeof input === 'object' && !Array.isArray(input) && (input as { now?: unknown }).now === undefined) {
    input = { ...input, now: clock().toISOString() };
  }
  const result = assessJson(input);
  if (!result.ok) return { exitCode: 2, output: JSON.stringify({ errors: result.errors }, null, 2) };
  return { exitCode: 0, output: JSON.stringify(result.result, null, 2) };
}
