/**
 * A first-in, first-out bound on requests in flight: the Huawei account's rate limits are shared by every call a
 * backend client makes (reads, logins, reviews, all through its one transport, ./http.ts), so a flood of lookups
 * waits here instead of pushing the account into 429s.
 */

/** Hands out at most `max` slots at once; the rest wait in arrival order. */
export interface RequestSlots {
  /** Runs `work` once a slot is free, and frees the slot when it settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Requests holding a slot now, and waiting for one (for tests and logs). */
  load(): { active: number; waiting: number };
}

/** Slots for `max` concurrent requests (a whole number ≥ 1). */
export function createRequestSlots(max: number): RequestSlots {
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError('max concurrent requests must be a whole number ≥ 1');
  let active = 0;
  const waiting: (() => void)[] = [];
  // The queue is read from its head without shifting on each release: a flood of thousands stays O(1) each.
  let head = 0;

  const acquire = (): Promise<void> => {
    if (active < max) {
      active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };

  const release = (): void => {
    const next = waiting[head];
    if (next === undefined) {
      active -= 1;
      return;
    }
    // The slot passes straight to the next in line, so `active` never dips and a newcomer cannot jump the queue.
    waiting[head] = undefined as unknown as () => void;
    head += 1;
    if (head > 1024 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    next();
  };

  return {
    async run(work) {
      await acquire();
      try {
        return await work();
      } finally {
        release();
      }
    },
    load: () => ({ active, waiting: waiting.length - head }),
  };
}
