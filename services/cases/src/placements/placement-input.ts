/**
 * Placements that do not come as a file: the mutation's claims, and the mapping a client chose,
 * turned into what the file path reads, so both go through one validator and one use case.
 */
import { targetFields, type ColumnMapping, type TargetField } from './column-mapping';
import type { SourceRecord } from './file-reading';

export type ApiClaim = Partial<Record<Exclude<TargetField, 'interestClause' | 'damagesClause' | 'brand'>, string | null>> & {
  interestClause?: boolean;
  damagesClause?: boolean;
};

const apiFields = targetFields.filter((f) => f !== 'brand');

/** The header and mapping of a placement by API: one column per field, named as the field. */
export const apiHeader: readonly string[] = apiFields;
export const apiMapping: ColumnMapping = { columns: Object.fromEntries(apiFields.map((f) => [f, f])), decimalSeparator: '.' };

/** Each claim as a record; claims[i] is reported as line i + 1. */
export function apiRecords(claims: readonly ApiClaim[]): SourceRecord[] {
  return claims.map((claim, i) => ({
    line: i + 1,
    values: apiFields.map((field) => {
      const value = (claim as Record<string, unknown>)[field];
      if (typeof value === 'boolean') return value ? 'yes' : 'no';
      return typeof value === 'string' ? value : '';
    }),
  }));
}

export interface MappingWire {
  columns: { field: string; column: string }[];
  decimalSeparator?: string | null;
  defaultCurrency?: string | null;
  defaultCountry?: string | null;
  defaultKind?: string | null;
  defaultLanguage?: string | null;
}

export function mappingFromWire(w: MappingWire): ColumnMapping {
  const defaults = {
    ...(w.defaultCurrency ? { currency: w.defaultCurrency.toUpperCase() } : {}),
    ...(w.defaultCountry ? { country: w.defaultCountry.toUpperCase() } : {}),
    ...(w.defaultKind ? { kind: w.defaultKind as 'consumer' | 'business' } : {}),
    ...(w.defaultLanguage ? { language: w.defaultLanguage.toLowerCase() } : {}),
  };
  return {
    columns: Object.fromEntries(w.columns.map((c) => [c.field, c.column])),
    ...(w.decimalSeparator ? { decimalSeparator: w.decimalSeparator as ',' | '.' } : {}),
    ...(Object.keys(defaults).length ? { defaults } : {}),
  };
}

export function mappingToWire(m: ColumnMapping): Required<MappingWire> {
  return {
    columns: targetFields.filter((f) => m.columns[f] !== undefined).map((field) => ({ field, column: m.columns[field] as string })),
    decimalSeparator: m.decimalSeparator ?? null,
    defaultCurrency: m.defaults?.currency ?? null,
    defaultCountry: m.defaults?.country ?? null,
    defaultKind: m.defaults?.kind ?? null,
    defaultLanguage: m.defaults?.language ?? null,
  };
}

export type MappingSource = 'given' | 'saved' | 'suggested';

/** The mapping a file is read with: the one given, else the client's saved one, else the suggestion. */
export function chooseMapping(
  given: ColumnMapping | null,
  saved: ColumnMapping | null,
  suggested: ColumnMapping,
): { mapping: ColumnMapping; source: MappingSource } {
  if (given) return { mapping: given, source: 'given' };
  if (saved) return { mapping: saved, source: 'saved' };
  return { mapping: suggested, source: 'suggested' };
}
