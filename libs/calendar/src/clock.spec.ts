import { Clock } from './clock';

describe('Clock', () => {
  it('counts days in its zone: 23:30 UTC on 31 Dec is already 1 Jan in Brussels', () => {
    const clock = new Clock('Europe/Brussels');
    expect(clock.today(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(new Clock('UTC').today(new Date('2024-12-31T23:30:00Z'))).toBe('2024-12-31');
  });

  it('moves "now" when a test advances it', () => {
    const clock = new Clock('UTC');
    const before = clock.now().getTime();
    clock.advance(86_400_000);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(clock.now().getTime() - before).toBeLessThan(86_400_000 + 60_000);
  });
});
