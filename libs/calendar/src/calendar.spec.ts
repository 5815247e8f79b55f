import fc from 'fast-check';
import { addDays, dayNumber, daysBetween, describeDate, fromDayNumber, isCalendarDate, isoWeekday } from './calendar';

/**
 * The straightforward versions the fast ones replaced (a RegExp and a `Date` per call): every
 * answer, and every error, must stay theirs.
 */
const DAY_MS = 86_400_000;
const reference = {
  isCalendarDate(text: unknown): boolean {
    if (typeof text !== 'string') return false;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return false;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  },
  dayNumber(date: string): number {
    if (!reference.isCalendarDate(date)) throw new RangeError(`not a calendar date: "${date}"`);
    const [y, m, d] = date.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  },
  fromDayNumber: (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10),
  isoWeekday(date: string): number {
    const js = new Date(reference.dayNumber(date) * DAY_MS).getUTCDay();
    return js === 0 ? 7 : js;
  },
  describeDate(date: string): string {
    const [y, m, d] = date.split('-').map(Number);
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1];
    return `${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][reference.isoWeekday(date) - 1]} ${d} ${month} ${y}`;
  },
};

/** The answer, or the error's class and message. */
const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Date-shaped text: mostly real days, often an impossible month or day, years 0000–9999. */
const dateTextArb = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`),
  fc.integer({ min: -719_528, max: 2_932_896 }).map(reference.fromDayNumber),
  fc.constantFrom(
    '2024-02-29',
    '2023-02-29',
    '1900-02-29',
    '2000-02-29',
    '2100-02-29',
    '0099-12-31',
    '0100-01-01',
    '0100-02-29',
    '9999-12-31',
    '0000-01-01',
    ' 2024-01-01',
    '2024-01-01\n',
    '2024-1-01',
    '2024/01/01',
    '+02024-01-01',
    '２０２４-01-01',
    '2024-01-0a',
    '',
  ),
  fc.string({ maxLength: 11 }),
);

describe('calendar dates read by character codes', () => {
  it('answers as the RegExp-and-Date versions on any text, errors included', () => {
    fc.assert(
      fc.property(dateTextArb, fc.integer({ min: -1000, max: 1000 }), (text, days) => {
        expect(isCalendarDate(text)).toBe(reference.isCalendarDate(text));
        expect(outcome(() => dayNumber(text))).toEqual(outcome(() => reference.dayNumber(text)));
        expect(outcome(() => isoWeekday(text))).toEqual(outcome(() => reference.isoWeekday(text)));
        expect(outcome(() => describeDate(text))).toEqual(outcome(() => reference.describeDate(text)));
        expect(outcome(() => addDays(text, days))).toEqual(outcome(() => reference.fromDayNumber(reference.dayNumber(text) + days)));
      }),
      { numRuns: 5000 },
    );
  });

  it('refuses what is not a string like the RegExp version did', () => {
    for (const v of [undefined, null, 20240101, {}, ['2024-01-01']]) {
      expect(isCalendarDate(v)).toBe(false);
      expect(outcome(() => dayNumber(v as string))).toEqual(outcome(() => reference.dayNumber(v as string)));
      expect(outcome(() => describeDate(v as string))).toEqual(outcome(() => reference.describeDate(v as string)));
    }
  });

  it('writes day numbers as toISOString does, fractions and years past 9999 included', () => {
    const dayArb = fc.oneof(
      fc.integer({ min: -800_000, max: 3_000_000 }),
      fc.double({ min: -1e9, max: 1e9 }),
      fc.constantFrom(-719_529, -719_528, -719_468, -1, -0, 0, 0.5, -0.5, 2_932_896, 2_932_897, 1e12, NaN, Infinity),
    );
    fc.assert(
      fc.property(dayArb, (n) => {
        expect(outcome(() => fromDayNumber(n))).toEqual(outcome(() => reference.fromDayNumber(n)));
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips every day of 0100–9999 through its day number', () => {
    const last = dayNumber('9999-12-31');
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('0100-01-01'), max: last }), (n) => {
        expect(dayNumber(fromDayNumber(n))).toBe(n);
        // The day after the last one is in year 10000, outside the calendar dates (YYYY-MM-DD).
        if (n < last) expect(daysBetween(fromDayNumber(n), fromDayNumber(n + 1))).toBe(1);
      }),
    );
    expect(() => dayNumber(fromDayNumber(last + 1))).toThrow(RangeError);
  });

  it('names weekdays and months for people', () => {
    expect(describeDate('2025-01-09')).toBe('Thu 9 Jan 2025');
    expect(describeDate('2024-02-29')).toBe('Thu 29 Feb 2024');
    expect(describeDate('0100-03-01')).toBe('Mon 1 Mar 100');
    expect(isoWeekday('1969-12-28')).toBe(7);
  });
});
