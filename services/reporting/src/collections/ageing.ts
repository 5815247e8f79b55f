import { dayNumber, type CalendarDate } from '@amicus/calendar';

/**
 * Ageing of the open cases: each open case falls in the bucket of its days past due, counted
 * from the oldest due date of its claims still open (not taken back, principal not all paid or
 * credited) to today in the agency's calendar. A claim not yet due counts as 0 days. The amount
 * of a bucket is the principal still open on those claims.
 */
export const AGEING_BUCKETS = [
  { bucket: 'DAYS_0_30', minDays: 0, maxDays: 30 },
  { bucket: 'DAYS_31_60', minDays: 31, maxDays: 60 },
  { bucket: 'DAYS_61_90', minDays: 61, maxDays: 90 },
  { bucket: 'DAYS_91_180', minDays: 91, maxDays: 180 },
  { bucket: 'OVER_180', minDays: 181, maxDays: null },
] as const;

export type AgeingBucketName = (typeof AGEING_BUCKETS)[number]['bucket'];

/** An open case as ageing sees it. */
export interface OpenCaseAge {
  clientId: string;
  currency: string;
  oldestDueOn: CalendarDate;
  openMinor: bigint;
}

export interface AgeingBucket {
  bucket: AgeingBucketName;
  minDays: number;
  maxDays: number | null;
  openCases: number;
  openMinor: bigint;
}

/** A client's open cases in one currency, in the five buckets (empty ones included). */
export interface ClientAgeing {
  clientId: string;
  currency: string;
  buckets: AgeingBucket[];
}

export function daysPastDue(oldestDueOn: CalendarDate, today: CalendarDate): number {
  return Math.max(0, dayNumber(today) - dayNumber(oldestDueOn));
}

export function bucketOf(days: number): AgeingBucketName {
  return AGEING_BUCKETS.find((b) => b.maxDays === null || days <= b.maxDays)!.bucket;
}

/** Counted buckets per client and currency, each with all five buckets in order. */
export function ageingOf(
  counted: { clientId: string; currency: string; bucket: AgeingBucketName; openCases: number; openMinor: bigint }[],
): ClientAgeing[] {
  const out = new Map<string, ClientAgeing>();
  for (const c of counted) {
    const key = `${c.clientId} ${c.currency}`;
    const row = out.get(key) ?? {
      clientId: c.clientId,
      currency: c.currency,
      buckets: AGEING_BUCKETS.map((b) => ({ ...b, openCases: 0, openMinor: 0n })),
    };
    const b = row.buckets.find((x) => x.bucket === c.bucket)!;
    b.openCases += c.openCases;
    b.openMinor += c.openMinor;
    out.set(key, row);
  }
  return [...out.values()].sort((a, b) => (a.clientId + a.currency < b.clientId + b.currency ? -1 : 1));
}

/** The ageing of open cases, computed from each case (the rule the service's SQL follows; a test proves they agree). */
export function ageing(cases: OpenCaseAge[], today: CalendarDate): ClientAgeing[] {
  return ageingOf(
    cases.filter((c) => c.openMinor > 0n).map((c) => ({ ...c, bucket: bucketOf(daysPastDue(c.oldestDueOn, today)), openCases: 1 })),
  );
}
