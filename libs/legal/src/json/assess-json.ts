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

/** bigints and Money made JSON-safe. */
export function toJson(v: unknown): JsonValue {
  if (isMoney(v)) return { amountMinor: v.amountMinor.toString(), currency: v.currency, formatted: moneyText(v) };
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return (v ?? null) as JsonValue;
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
