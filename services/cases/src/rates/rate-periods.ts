/**
 * Reference rates as data the agency admin maintains: the engine's three tables (their name and
 * legal basis stay with the law in @amicus/legal), and the periods, which the cases service
 * stores. A table grows at its end only — a new period starts the day after the last one ends
 * (no gap, no overlap) — so a value the engine used is never rewritten. A table without a
 * period for a day stays without one: the engine refuses interest for it (rule RATES).
 */
import { addDays, daysBetween, isCalendarDate, type CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import { DEFAULT_OPTIONS, knownUntil, type RatePeriod, type RateTable } from '@amicus/legal';

export type RateTableId = RateTable['id'];

/** The engine's tables as shipped: their names, legal basis, and the periods the database is seeded with. */
export const SHIPPED_RATE_TABLES: readonly RateTable[] = Object.values(DEFAULT_OPTIONS.rateTables);
export const RATE_TABLE_IDS: readonly RateTableId[] = SHIPPED_RATE_TABLES.map((t) => t.id);

/** A period as the admin enters it; `through` defaults to the end of the half-year `from` starts. */
export interface NewRatePeriodWire {
  tableId: string;
  from: string;
  through?: string | null;
  ratePercent: string;
  source: string;
}

export interface NewRatePeriod extends RatePeriod {
  tableId: RateTableId;
}

/** A warning shows from this many days before a table's last known day. */
export const WARNING_DAYS = 30;
const MAX_RATE_PERCENT = 25;
const MAX_SOURCE = 500;
const RATE = /^\d{1,2}(\.\d{1,3})?$/;

export function isRateTableId(id: string): id is RateTableId {
  return (RATE_TABLE_IDS as readonly string[]).includes(id);
}

/** The last day of the calendar half-year a date is in: each of the three rates is fixed per half-year by its law. */
export function halfYearEnd(date: CalendarDate): CalendarDate {
  return `${date.slice(0, 4)}-${date.slice(5, 7) <= '06' ? '06-30' : '12-31'}`;
}

/** "10.5" → "10.50": the shipped tables' form, at least two decimals. */
function normalRate(text: string): string {
  const [whole, decimals = ''] = text.split('.');
  return `${Number(whole)}.${decimals.padEnd(2, '0')}`;
}

/** Where a table's next period must start, or null when it has none yet. */
export function nextStart(periods: readonly RatePeriod[]): CalendarDate | null {
  const end = periods.reduce<CalendarDate | null>((max, p) => (max === null || p.to > max ? p.to : max), null);
  return end === null ? null : addDays(end, 1);
}

function fromProblem(periods: readonly RatePeriod[], from: CalendarDate): string | null {
  const start = nextStart(periods);
  if (start === null || from === start) return null;
  if (from > start) return `leaves a gap from ${start} to ${addDays(from, -1)}: the next period starts on ${start}`;
  const hit = periods.find((p) => p.from <= from && from <= p.to);
  return hit
    ? `overlaps the period ${hit.from} – ${hit.to}: the next period starts on ${start}`
    : `is before the table's first period: the next period starts on ${start}`;
}

/** Reads a new period against its table's stored ones; every problem names its field. */
export function readNewPeriod(
  wire: NewRatePeriodWire,
  periodsOf: (id: RateTableId) => readonly RatePeriod[],
): { period: NewRatePeriod | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reason });
  const tableId = wire.tableId.trim();
  if (!isRateTableId(tableId)) add('tableId', `one of ${RATE_TABLE_IDS.join(', ')}`);
  const from = wire.from.trim();
  if (!isCalendarDate(from)) add('from', 'a date YYYY-MM-DD');
  else if (isRateTableId(tableId)) {
    const reason = fromProblem(periodsOf(tableId), from);
    if (reason) add('from', reason);
  }
  const given = wire.through?.trim() || null;
  const through = given ?? (isCalendarDate(from) ? halfYearEnd(from) : null);
  if (given !== null && !isCalendarDate(given)) add('through', 'a date YYYY-MM-DD');
  else if (through !== null && isCalendarDate(from) && through < from) add('through', `on or after from (${from})`);
  // A rate is published for a half-year: a longer period is a typing error, not a value the law knows yet.
  else if (through !== null && isCalendarDate(from) && daysBetween(from, through) > 365) add('through', 'at most one year after from');
  const rate = wire.ratePercent.trim();
  if (!RATE.test(rate)) add('ratePercent', 'a yearly percent as a decimal with a point, like 10.50');
  else if (Number(rate) > MAX_RATE_PERCENT) add('ratePercent', `at most ${MAX_RATE_PERCENT}`);
  const source = wire.source.trim();
  if (!source) add('source', 'where the value was published (e.g. the Belgian Official Gazette notice); required');
  else if (source.length > MAX_SOURCE) add('source', `at most ${MAX_SOURCE} characters`);
  if (problems.length || !isRateTableId(tableId) || through === null) return { period: null, problems };
  return { period: { tableId, from, to: through, ratePercent: normalRate(rate), source }, problems };
}

/** What an admin should know about a table today: that it ends soon, or has ended. */
export function tableWarning(table: RateTable, today: CalendarDate): string | null {
  const end = knownUntil(table);
  if (!end) return `${table.name}: no period known; interest on it is refused until one is added`;
  const left = daysBetween(today, end);
  if (left < 0) return `${table.name} ended on ${end}: interest from ${addDays(end, 1)} is refused until the next period is added`;
  if (left <= WARNING_DAYS) return `${table.name} ends on ${end} (in ${left} day${left === 1 ? '' : 's'}): add the next period`;
  return null;
}
