/**
 * Concurrent loads of one key share a single promise, and a success is kept for `ttlMs`, so a burst of clicks on
 * one pipeline makes one request. Failures are never kept: the next caller tries again.
 */

export interface SingleFlightCache<T> {
  /** The cached value, the pending load, or a new `load()`. Callers share the result: treat it as read-only. */
  get(key: string, load: () => Promise<T>): Promise<T>;
  /** Drops what is kept for `key` (after a change the next `get` must see); a load in flight is not kept. */
  forget(key: string): void;
  /** `forget` for every key `test` accepts (kept or in flight). */
  forgetWhere(test: (key: string) => boolean): void;
}

export interface SingleFlightCacheOptions {
  /** How long a success is served without a request; `0` turns caching off (loads are still shared). */
  ttlMs: number;
  now: () => number;
  /** Bound on kept entries; expired ones go first. */
  maxEntries?: number;
}

/** Creates an empty cache. */
export function createSingleFlightCache<T>(options: SingleFlightCacheOptions): SingleFlightCache<T> {
  const maxEntries = options.maxEntries ?? 500;
  const values = new Map<string, { value: T; expiresAt: number }>();
  const pending = new Map<string, Promise<T>>();

  const remember = (key: string, value: T): void => {
    if (options.ttlMs <= 0) return;
    const now = options.now();
    // Maps iterate in insertion order and every entry lives ttlMs (a key set again moves to the end), so the
    // expired entries are the first ones: stop at the first live one instead of scanning them all on each insert.
    for (const [k, entry] of values) {
      if (entry.expiresAt > now) break;
      values.delete(k);
    }
    while (values.size >= maxEntries) values.delete(values.keys().next().value as string);
    values.delete(key);
    values.set(key, { value, expiresAt: now + options.ttlMs });
  };

  return {
    get(key, load) {
      const hit = values.get(key);
      if (hit && options.now() < hit.expiresAt) return Promise.resolve(hit.value);
      const running = pending.get(key);
      if (running) return running;
      const promise: Promise<T> = load()
        .then((value) => {
          // A load `forget` let go of must not bring back what it forgot.
          if (pending.get(key) === promise) remember(key, value);
          return value;
        })
        .finally(() => {
          if (pending.get(key) === promise) pending.delete(key);
        });
      pending.set(key, promise);
      return promise;
    },
    forget(key) {
      values.delete(key);
      pending.delete(key);
    },
    forgetWhere(test) {
      for (const key of [...values.keys(), ...pending.keys()]) {
        if (!test(key)) continue;
        values.delete(key);
        pending.delete(key);
      }
    },
  };
}
