import { errorText, fieldProblems } from '../api/errors';
import { Notice } from '../legal/Notice';

/**
 * The API's refusal of a form, split for the page: each field's problems (by the input's field
 * name, `input.languages[1]` counting for `languages`), and what is about no field we show.
 */
export function formProblems(error: unknown, fields: readonly string[]) {
  const byPath = fieldProblems(error);
  const mine = (field: string, path: string) => {
    const p = path.replace(/^input\./, '');
    return p === field || p.startsWith(`${field}[`) || p.startsWith(`${field}.`);
  };
  const of = (field: string): string | undefined => {
    const reasons = Object.entries(byPath)
      .filter(([path]) => mine(field, path))
      .map(([, reason]) => reason);
    return reasons.length ? reasons.join('; ') : undefined;
  };
  const placed = Object.keys(byPath).some((path) => fields.some((f) => mine(f, path)));
  const unplaced = Object.entries(byPath)
    .filter(([path]) => !fields.some((f) => mine(f, path)))
    .map(([path, reason]) => `${path}: ${reason}`);
  const general = error ? (unplaced.length ? unplaced.join('; ') : placed ? null : errorText(error)) : null;
  return { of, general };
}

/** What the API said that is about no field of the form. */
export function GeneralError({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <Notice tone="error" role="alert">
      {text}
    </Notice>
  );
}
