/** A clock the test moves by hand (src/store/clock.ts): time passes only when the test says so. */
import type { Clock } from '../../src/store/clock';

export class ManualClock implements Clock {
  constructor(private t = 0) {}
  now(): number {
    return this.t;
  }
  /** Moves time forward by ms milliseconds. */
  advance(ms: number): void {
    this.t += ms;
  }
}
