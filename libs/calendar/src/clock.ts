import type { CalendarDate } from './calendar';
import { calendarDateIn } from './zoned-time';

/**
 * A service's one clock (house style: injected, never `new Date()` in a use case, so tests can
 * set "now"), with the zone whose calendar its days are counted in.
 */
export class Clock {
  private offsetMs = 0;

  constructor(readonly timeZone: string) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** The calendar date of an instant (default: now) in the clock's zone. */
  today(at: Date = this.now()): CalendarDate {
    return calendarDateIn(at, this.timeZone);
  }

  /** Tests only: move "now" forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
