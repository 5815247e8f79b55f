import type { Decision } from '../types';
import type { CalendarDate, Instant } from '../types';
import { instantAt } from '@amicus/calendar';

export const allow = (rule: string, source: string, reason: string, extra: Partial<Decision> = {}): Decision => ({
  allowed: true,
  rule,
  source,
  reason,
  ...extra,
});

export const refuse = (rule: string, source: string, reason: string, earliestAt?: Instant, extra: Partial<Decision> = {}): Decision => ({
  allowed: false,
  rule,
  source,
  reason,
  ...(earliestAt ? { earliestAt } : {}),
  ...extra,
});

/** Start of a local day in the debtor's zone, as an instant. */
export const startOfDay = (date: CalendarDate, timeZone: string): Instant => instantAt(date, 0, timeZone);
