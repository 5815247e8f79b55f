import { instantAt, localDate, wallTime } from './zoned-time';

describe('wall time through Intl', () => {
  it('converts local 08:00 in Brussels to UTC in winter and in summer', () => {
    expect(instantAt('2025-01-15', 8 * 60, 'Europe/Brussels')).toBe('2025-01-15T07:00:00.000Z');
    expect(instantAt('2025-07-15', 8 * 60, 'Europe/Brussels')).toBe('2025-07-15T06:00:00.000Z');
  });

  it('handles the days of the DST changes', () => {
    expect(instantAt('2025-03-30', 8 * 60, 'Europe/Brussels')).toBe('2025-03-30T06:00:00.000Z');
    expect(instantAt('2025-10-26', 8 * 60, 'Europe/Brussels')).toBe('2025-10-26T07:00:00.000Z');
  });

  it('resolves a wall time skipped by the spring change to the end of the gap', () => {
    expect(instantAt('2025-03-30', 2 * 60 + 30, 'Europe/Brussels')).toBe('2025-03-30T01:00:00.000Z');
  });

  it('takes the first of a repeated autumn wall time', () => {
    expect(instantAt('2025-10-26', 2 * 60 + 30, 'Europe/Brussels')).toBe('2025-10-26T00:30:00.000Z');
  });

  it('reads the local date and minutes', () => {
    expect(wallTime('2025-06-30T22:30:00Z', 'Europe/Amsterdam')).toEqual({ date: '2025-07-01', minutes: 30 });
    expect(localDate('2024-02-29T12:00:00Z', 'America/New_York')).toBe('2024-02-29');
  });
});
