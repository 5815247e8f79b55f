import { Type, type StringOptions, type TSchema, type TUnsafe } from '@sinclair/typebox';

// TypeBox builders for what TypeBox spells differently from the landed contracts. TypeBox writes
// an enum as anyOf of consts and `T | null` as anyOf; the v1 schemas say `enum: [...]` and
// `type: ['string', 'null']`, and the snapshot keeps them as they landed.

/** `string | null`, as `type: ['string', 'null']`; the options (minLength, format …) apply to the string. */
export function StringOrNull(options: StringOptions = {}): TUnsafe<string | null> {
  return Type.Unsafe<string | null>({ ...options, type: ['string', 'null'] });
}

/** One of the given values, as `enum: [...]` in their order. */
export function EnumOf<const T extends readonly (string | null)[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ enum: [...values] });
}

/** The JSON a schema stands for: TypeBox marks its schemas with symbol keys, a contract is plain JSON. */
export function jsonSchemaOf(schema: TSchema): object {
  return JSON.parse(JSON.stringify(schema)) as object;
}
