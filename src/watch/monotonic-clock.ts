/** Time passing inside a cycle, apart from the wall-clock `now` a cycle is run for. */

/** A monotonic clock in ms (only differences are used): real in production; tests pass `{ now: () => 0 }`. */
export interface MonotonicClock {
  now(): number;
}

/** `performance.now()`: the process's monotonic clock. */
export const performanceClock: MonotonicClock = { now: () => performance.now() };
