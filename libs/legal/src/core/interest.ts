/**
 * Interest: simple, per day, actual/365, split at every rate change (and, by the statement, at
 * every payment). Each segment is one statement line, rounded half-up once at its end.
 */
import { fromMinorRatio, minRatio, type Money, type Ratio } from '@amicus/money';
import { rateOn, type RateTable } from '../rates';
import type { CalendarDate } from '../types';
import { addDays, daysBetween, describeDate, minDate } from '@amicus/calendar';
import { decimalOf, moneyText, percentText } from './money-text';

/** Where a claim's rate comes from. */
export type RateSpec =
  | { kind: 'table'; table: RateTable }
  | { kind: 'contract'; ratePercent: string }
  /** BE-C-5: the contract rate, but never above the reference rate of the period. */
  | { kind: 'contract_capped'; ratePercent: string; table: RateTable };

export interface InterestLine {
  claimId: string;
  from: CalendarDate;
  /** Last day included. */
  through: CalendarDate;
  days: number;
  base: Money;
  ratePercent: string;
  amount: Money;
  rule: string;
  source: string;
  rateSource: string;
  explanation: string;
}

export interface AccrualResult {
  lines: InterestLine[];
  /** Set when a day of the interval has no known rate: nothing is charged from that day on. */
  missingRateFrom?: CalendarDate;
  missingRateTable?: string;
}

interface RateSegment {
  from: CalendarDate;
  through: CalendarDate;
  rate: Ratio;
  rateSource: string;
}

function segments(spec: RateSpec, from: CalendarDate, until: CalendarDate): { segs: RateSegment[]; missing?: CalendarDate } {
  const last = addDays(until, -1);
  if (spec.kind === 'contract') return { segs: [{ from, through: last, rate: decimalOf(spec.ratePercent), rateSource: 'contract' }] };
  const segs: RateSegment[] = [];
  let d = from;
  while (d <= last) {
    const period = rateOn(spec.table, d);
    if (!period) return { segs, missing: d };
    const through = minDate(period.to, last);
    const reference = decimalOf(period.ratePercent);
    const rate = spec.kind === 'table' ? reference : minRatio(decimalOf(spec.ratePercent), reference);
    const rateSource =
      spec.kind === 'table' ? period.source : `contract ${spec.ratePercent}% capped at reference ${period.ratePercent}% (${period.source})`;
    segs.push({ from: d, through, rate, rateSource });
    d = addDays(through, 1);
  }
  return { segs };
}

/** Interest on a constant `base` for the days `from` … `until − 1`. */
export function accrue(
  claimId: string,
  base: Money,
  spec: RateSpec,
  from: CalendarDate,
  until: CalendarDate,
  rule: string,
  source: string,
): AccrualResult {
  if (until <= from || base.amountMinor <= 0n) return { lines: [] };
  const { segs, missing } = segments(spec, from, until);
  const lines = segs.map((s): InterestLine => {
    const days = daysBetween(s.from, s.through) + 1;
    // base × rate/100 × days/365, exact, in minor units; rounded once for the line. Left
    // unreduced (no gcd): rounding half-up reads the same value from any num/den with den > 0.
    const exact: Ratio = { num: base.amountMinor * s.rate.num * BigInt(days), den: s.rate.den * 36500n };
    const amount = fromMinorRatio(exact, base.currency);
    const pct = percentText(s.rate);
    return {
      claimId,
      from: s.from,
      through: s.through,
      days,
      base,
      ratePercent: pct,
      amount,
      rule,
      source,
      rateSource: s.rateSource,
      explanation: `${moneyText(base)} × ${pct}% × ${days}/365 (${describeDate(s.from)} – ${describeDate(s.through)})`,
    };
  });
  return { lines, missingRateFrom: missing, missingRateTable: missing && spec.kind !== 'contract' ? spec.table.id : undefined };
}
