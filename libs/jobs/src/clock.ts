import { Injectable } from '@nestjs/common';

/**
 * The server's idea of now, for deadlines and timers. Tests of time-dependent rules move it with
 * `advance()` instead of sleeping; production never does.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves this process's clock forward (tests only). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
