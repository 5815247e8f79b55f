import { Injectable } from '@nestjs/common';

/** The one clock of the service (house style: injected, so tests can set "now"). */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: move "now" forward (or back) by `ms`. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
