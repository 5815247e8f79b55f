import { DomainError } from '@amicus/errors';

/** What a use case refused with: its code and the fields its problems name (anything but a DomainError fails the test). */
export async function refusal(work: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  const e = await work.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return { code: e.code, fields: e.problems.map((p) => p.field) };
}
