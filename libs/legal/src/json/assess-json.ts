/**
 * The JSON-facing entry point: validate, assess (one step or all), build the statement, and
 * return plain JSON (money as minor units in a string plus the formatted amount).
 */
import type { Money } from '@amicus/money';
import { moneyText } from '../core/money-text';
import { answerCase } from '../assess';
import type { LegalOptionsInput } from '../options';
import { validateCaseJson, type FieldProblem } from './case-json';

export type AssessJsonResult = { ok: true; result: Record<string, unknown> } | { ok: false; errors: FieldProblem[] };

type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

function isMoney(v: unknown): v is Money {
  return typeof v === 'object' && v !== null && typeof (v as Money).amountMinor === 'bigint' && typeof (v as Money).currency === 'string';
}

/** bigints and Money made JSON-safe; undefined fields left out. (Loops rather than Object.entries: it runs on every field of every answer.) */
export function toJson(v: unknown): JsonValue {
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? v.toString() : ((v ?? null) as JsonValue);
  if (isMoney(v)) return { amountMinor: v.amountMinor.toString(), currency: v.currency, formatted: moneyText(v) };
  if (Array.isArray(v)) {
    const list: JsonValue[] = new Array<JsonValue>(v.length);
    for (let i = 0; i < v.length; i++) list[i] = toJson(v[i]);
    return list;
  }
  const o = v as Record<string, unknown>;
  const out: { [k: string]: JsonValue } = {};
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const x = o[keys[i]];
    if (x !== undefined) out[keys[i]] = toJson(x);
  }
  return out;
}

export function assessJson(input: unknown, options: LegalOptionsInput = {}): AssessJsonResult {
  const v = validateCaseJson(input);
  if (!v.ok) return { ok: false, errors: v.problems };
  const req = v.value;
  try {
    const answer = answerCase(
      req.case,
      { now: req.now, timeZone: req.timeZone, step: req.step, channel: req.channel, asOf: req.asOf },
      options,
    );
    return { ok: true, result: toJson(answer) as Record<string, unknown> };
  } catch (e) {
    return { ok: false, errors: [{ field: '(case)', reason: (e as Error).message }] };
  }
}
