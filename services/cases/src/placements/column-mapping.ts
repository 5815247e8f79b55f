/**
 * Which column of a client's file holds which field of a claim. Suggested from the header on
 * the first upload (Dutch, French, English and German names), confirmed by the agency, then
 * saved per client and reused for its next files.
 */
import type { DebtorKind } from '@amicus/legal';
import { COLUMN_SYNONYMS as synonyms, requiredTargets, targetFields, type TargetField } from './placement-fields';
import type { SourceRecord } from './file-reading';
import type { DecimalSeparator } from './number-and-date-parsing';
import { detectDecimalSeparator } from './number-and-date-parsing';

export { requiredTargets, targetFields, type TargetField } from './placement-fields';

export interface ColumnMapping {
  /** Target field → header name of the column holding it. */
  columns: Partial<Record<TargetField, string>>;
  /** Settles `1,234`; detected from the file when not set. */
  decimalSeparator?: DecimalSeparator;
  /** Values for fields the file does not carry. */
  defaults?: {
    currency?: string;
    country?: string;
    kind?: DebtorKind;
    language?: string;
  };
}

/** A mapping bound to one file's header: each target's column index. */
export interface BoundMapping {
  readonly mapping: ColumnMapping;
  readonly index: Readonly<Partial<Record<TargetField, number>>>;
}

export interface MappingProblem {
  target?: TargetField;
  column?: string;
  reason: string;
}

// Header names seen in exports, per field (compared after `normaliseHeader`).

/** Lower case, no accents, no punctuation, single spaces: `N° Facture` → `n facture`. */
export function normaliseHeader(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const byNormalisedName = new Map<string, TargetField>();
for (const target of targetFields) {
  for (const name of synonyms[target]) byNormalisedName.set(normaliseHeader(name), target);
}

/**
 * Suggests a mapping from a header: exact synonym matches first, then a header that starts with
 * a synonym (`Bedrag incl. btw`). Each column and each target is used at most once.
 */
export function suggestMapping(header: readonly string[]): { mapping: ColumnMapping; unmapped: string[] } {
  const columns: Partial<Record<TargetField, string>> = {};
  const used = new Set<number>();
  const assign = (target: TargetField, column: number) => {
    if (columns[target] !== undefined || used.has(column)) return;
    columns[target] = header[column] as string;
    used.add(column);
  };
  header.forEach((name, column) => {
    const target = byNormalisedName.get(normaliseHeader(name));
    if (target) assign(target, column);
  });
  header.forEach((name, column) => {
    if (used.has(column)) return;
    const normalised = normaliseHeader(name);
    let best: { target: TargetField; length: number } | undefined;
    for (const [synonym, target] of byNormalisedName) {
      if (synonym.length >= 3 && normalised.startsWith(synonym + ' ') && columns[target] === undefined) {
        if (!best || synonym.length > best.length) best = { target, length: synonym.length };
      }
    }
    if (best) assign(best.target, column);
  });
  return { mapping: { columns }, unmapped: header.filter((_, column) => !used.has(column)) };
}

/** Problems that stop a mapping from being used on a file with this header. Empty when fine. */
export function validateMapping(mapping: ColumnMapping, header: readonly string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const target of requiredTargets) {
    if (!mapping.columns[target]) problems.push({ target, reason: 'is required and not mapped to a column' });
  }
  if (!mapping.columns.currency && !mapping.defaults?.currency) {
    problems.push({ target: 'currency', reason: 'needs a column or a default currency' });
  }
  const seen = new Map<string, TargetField>();
  for (const target of targetFields) {
    const column = mapping.columns[target];
    if (column === undefined) continue;
    if (!header.includes(column)) problems.push({ target, column, reason: 'is not a column of this file' });
    const other = seen.get(column);
    if (other) problems.push({ target, column, reason: `is already mapped to ${other}` });
    else seen.set(column, target);
  }
  return problems;
}

/** Binds a valid mapping to a header, for fast per-row reads. Throws on an invalid mapping. */
export function bindMapping(mapping: ColumnMapping, header: readonly string[]): BoundMapping {
  const problems = validateMapping(mapping, header);
  if (problems.length > 0) {
    const first = problems[0] as MappingProblem;
    throw new RangeError(`invalid column mapping: ${first.target ?? first.column} ${first.reason}`);
  }
  const index: Partial<Record<TargetField, number>> = {};
  for (const target of targetFields) {
    const column = mapping.columns[target];
    if (column !== undefined) index[target] = header.indexOf(column);
  }
  return { mapping, index };
}

/**
 * The mapping with a decimal separator detected from sample records when it has none (the
 * first thousand records of a file are plenty).
 */
export function withDetectedDecimalSeparator(bound: BoundMapping, sample: readonly SourceRecord[]): BoundMapping {
  if (bound.mapping.decimalSeparator) return bound;
  const column = bound.index.amount;
  if (column === undefined) return bound;
  const decimalSeparator = detectDecimalSeparator(sample.map((record) => record.values[column] ?? ''));
  return decimalSeparator ? { ...bound, mapping: { ...bound.mapping, decimalSeparator } } : bound;
}
