import fc from 'fast-check';
import { dayNumber } from './calendar';
import { calendarDateIn, instantAt, localDate, wallTime } from './zoned-time';

/**
 * The cached wall times against the straightforward Intl versions they replaced (a fresh
 * formatToParts per question, nothing remembered): the same answers, DST days included, however
 * often a value is asked and after the caches have been emptied.
 */
const intl = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

function referenceParts(ms: number, timeZone: string) {
  const p: Record<string, number> = {};
  for (const part of intl(timeZone).formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second };
}

function referenceWallTime(instant: string, timeZone: string) {
  const p = referenceParts(Date.parse(instant), timeZone);
  return {
    date: `${String(p.y).padStart(4, '0')}-${String(p.mo).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`,
    minutes: p.h * 60 + p.mi,
  };
}

function referenceInstantAt(date: string, minutes: number, timeZone: string): string {
  const target = dayNumber(date) * 86_400_000 + minutes * 60_000;
  const offsetAt = (ms: number) => {
    const p = referenceParts(ms, timeZone);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  };
  let guess = target - offsetAt(target);
  guess = target - offsetAt(guess);
  const reached = (ms: number) => {
    const p = referenceParts(ms, timeZone);
    return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi) >= target;
  };
  let best = Math.min(...[guess - 3_600_000, guess, guess + 3_600_000].filter(reached));
  while (reached(best - 60_000)) best -= 60_000;
  return new Date(best).toISOString();
}

const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
};

/** Zones with DST, half-hour DST (Lord Howe), odd offsets, the southern hemisphere and none. */
const ZONES = [
  'Europe/Brussels',
  'Europe/Amsterdam',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Kolkata',
  'America/Santiago',
  'Africa/Casablanca',
  'UTC',
];
const zoneArb = fc.constantFrom(...ZONES);
/** Instants from 1900 to 2100, often within a few hours of a European DST change. */
const DST_CHANGES = ['2024-03-31T01:00:00Z', '2024-10-27T01:00:00Z', '2025-03-30T01:00:00Z', '2025-10-26T01:00:00Z'].map(Date.parse);
const msArb = fc.oneof(
  fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -4 * 3_600_000, max: 4 * 3_600_000 })).map(([t, d]) => t + d),
);
const dayArb = fc.oneof(
  fc
    .integer({ min: dayNumber('1950-01-01'), max: dayNumber('2090-12-31') })
    .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10)),
  fc.constantFrom('2024-03-31', '2024-10-27', '2025-03-30', '2025-10-26', '2025-04-06', '2025-09-28', '2025-11-02', '2025-03-09'),
);
const minutesArb = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 90, 120, 150, 180, 480));

describe('wall time with memo caches', () => {
  it('reads every instant as Intl does, in any zone, asked once or again', () => {
    fc.assert(
      fc.property(msArb, zoneArb, fc.boolean(), (ms, zone, millis) => {
        const instant = millis ? new Date(ms).toISOString() : new Date(ms).toISOString().replace('.000Z', 'Z');
        const expected = referenceWallTime(instant, zone);
        expect(wallTime(instant, zone)).toEqual(expected);
        expect(wallTime(instant, zone)).toEqual(expected);
        expect(localDate(instant, zone)).toBe(expected.date);
        expect(calendarDateIn(new Date(ms), zone)).toBe(expected.date);
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the first instant of a wall time as the uncached search does, gaps and repeats of DST included', () => {
    fc.assert(
      fc.property(dayArb, minutesArb, zoneArb, (date, minutes, zone) => {
        const expected = referenceInstantAt(date, minutes, zone);
        expect(instantAt(date, minutes, zone)).toBe(expected);
        expect(instantAt(date, minutes, zone)).toBe(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('fails as before on a bad date, instant or zone, and remembers nothing of it', () => {
    for (let i = 0; i < 2; i++) {
      expect(outcome(() => wallTime('not an instant', 'Europe/Brussels'))).toEqual(
        outcome(() => referenceWallTime('not an instant', 'Europe/Brussels')),
      );
      expect(outcome(() => wallTime('2025-01-01T00:00:00Z', 'Mars/Olympus'))).toEqual(
        outcome(() => referenceWallTime('2025-01-01T00:00:00Z', 'Mars/Olympus')),
      );
      expect(outcome(() => instantAt('2025-02-30', 0, 'Europe/Brussels'))).toEqual(
        outcome(() => referenceInstantAt('2025-02-30', 0, 'Europe/Brussels')),
      );
      expect(outcome(() => instantAt('2025-01-01', NaN, 'Europe/Brussels'))).toEqual(
        outcome(() => referenceInstantAt('2025-01-01', NaN, 'Europe/Brussels')),
      );
    }
  });

  it('hands out a copy: a caller changing its wall time changes nobody else’s', () => {
    const w = wallTime('2025-06-30T22:30:00Z', 'Europe/Amsterdam');
    w.date = 'changed';
    w.minutes = -1;
    expect(wallTime('2025-06-30T22:30:00Z', 'Europe/Amsterdam')).toEqual({ date: '2025-07-01', minutes: 30 });
  });

  it('stays right past the caches’ bound (they are emptied, not grown)', () => {
    const start = Date.parse('2025-10-25T00:00:00Z');
    // 30 000 distinct minutes (more than one cache holds), then the first ones again.
    for (let i = 0; i < 30_000; i++) wallTime(new Date(start + i * 60_000).toISOString(), 'Europe/Brussels');
    for (const i of [0, 59, 60, 120, 29_999]) {
      const instant = new Date(start + i * 60_000).toISOString();
      expect(wallTime(instant, 'Europe/Brussels')).toEqual(referenceWallTime(instant, 'Europe/Brussels'));
    }
  });
});
