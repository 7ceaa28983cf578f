/**
 * Time as the store's time-based rules see it (rate limits, floods, timeouts): a monotonic count of
 * milliseconds. Injected so tests drive time instead of racing the machine's speed (issue 12: a
 * slow loop let a wall-clock bucket refill and started a second "flood").
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes backwards. */
  now(): number;
}

/** The process's monotonic clock (performance.now: unaffected by changes of the wall clock). */
export const systemClock: Clock = { now: () => performance.now() };
