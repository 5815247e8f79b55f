/**
 * Wall time in an IANA zone, through Intl only (no hand-written DST tables).
 */
import { dayNumber, type CalendarDate } from './calendar';

/** ISO 8601 instant, e.g. `2025-01-09T07:00:00.000Z`. */
export type Instant = string;

export interface WallTime {
  date: CalendarDate;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export function isInstant(text: unknown): text is Instant {
  return (
    typeof text === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) &&
    !Number.isNaN(Date.parse(text))
  );
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function partsOf(ms: number, timeZone: string): Parts {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

/**
 * Memo caches of what Intl answered: formatToParts costs microseconds, and the engine asks about
 * the same instants and days over and over ("now", the sending times of a case's letters, the
 * first instant of a term's days). An entry depends only on its key (and the zone, one cache
 * per zone), so a cache changes no answer; each is bounded by being emptied when full.
 */
class Memo<K, V> {
  private readonly entries = new Map<K, V>();
  constructor(private readonly max = 20_000) {}
  get(key: K): V | undefined {
    return this.entries.get(key);
  }
  set(key: K, value: V): V {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

interface ZoneMemo {
  /** Wall-clock parts by epoch ms. */
  parts: Memo<number, Parts>;
  /** Wall time by instant text (saves the Date.parse too). */
  wall: Memo<string, WallTime>;
  /** `instantAt` by its target wall time (as if UTC, in ms). */
  instants: Memo<number, Instant>;
}

const zoneMemos = new Map<string, ZoneMemo>();

function memoOf(timeZone: string): ZoneMemo {
  let z = zoneMemos.get(timeZone);
  if (!z) {
    formatter(timeZone); // an unknown zone throws here, before it gets a cache
    z = { parts: new Memo(), wall: new Memo(), instants: new Memo() };
    zoneMemos.set(timeZone, z);
  }
  return z;
}

function parts(ms: number, timeZone: string): Parts {
  const memo = memoOf(timeZone).parts;
  return memo.get(ms) ?? memo.set(ms, partsOf(ms, timeZone));
}

export function wallTime(instant: Instant, timeZone: string): WallTime {
  const memo = memoOf(timeZone).wall;
  // A copy: callers may keep or change what they get.
  const known = memo.get(instant);
  if (known) return { date: known.date, minutes: known.minutes };
  const p = parts(Date.parse(instant), timeZone);
  const date = `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
  memo.set(instant, { date, minutes: p.h * 60 + p.mi });
  return { date, minutes: p.h * 60 + p.mi };
}

export const localDate = (instant: Instant, timeZone: string): CalendarDate => {
  const known = memoOf(timeZone).wall.get(instant);
  return known ? known.date : wallTime(instant, timeZone).date;
};

/** The calendar date an instant falls on in a zone: "today" for a debtor, a client or the agency. */
export const calendarDateIn = (at: Date | Instant, timeZone: string): CalendarDate =>
  localDate(typeof at === 'string' ? at : at.toISOString(), timeZone);

/** Offset of the zone from UTC at an instant, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The first instant whose wall time in `timeZone` is at or after `date` + `minutes`. A wall time
 * skipped by a DST change resolves to the first instant after the gap.
 */
export function instantAt(date: CalendarDate, minutes: number, timeZone: string): Instant {
  const target = dayNumber(date) * 86_400_000 + minutes * 60_000;
  const memo = memoOf(timeZone).instants;
  return memo.get(target) ?? memo.set(target, firstInstantAt(target, timeZone));
}

function firstInstantAt(target: number, timeZone: string): Instant {
  let guess = target - offsetAt(target, timeZone);
  guess = target - offsetAt(guess, timeZone);
  const reached = (ms: number): boolean => {
    const p = parts(ms, timeZone);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) >= target;
  };
  // Two candidates around a DST change; pick the earliest that reaches the target wall time.
  const candidates = [guess - 3_600_000, guess, guess + 3_600_000].filter(reached);
  let best = Math.min(...candidates);
  // Inside a DST gap the target wall time does not exist: walk back to the first instant after the gap.
  while (reached(best - 60_000)) best -= 60_000;
  return new Date(best).toISOString();
}

export function parseHhMm(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m || +m[1] > 24 || +m[2] > 59) throw new RangeError(`not a time of day (HH:MM): "${text}"`);
  return +m[1] * 60 + +m[2];
}
