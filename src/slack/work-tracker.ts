/**
 * Work a listener does after `ack()`: Bolt's `app.stop()` only closes the server, so a graceful shutdown waits
 * here for what users were already promised (Heroku sends SIGKILL 30 s after SIGTERM).
 */

/** Tracks in-flight promises and waits for them at shutdown. */
export interface WorkTracker {
  /** Registers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  /** How many tracked promises are still running. */
  pending(): number;
  /** Resolves `true` when all tracked work settled, `false` if `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Creates an empty tracker. */
export function createWorkTracker(): WorkTracker {
  const running = new Set<Promise<unknown>>();
  return {
    track(work) {
      const settled = work.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return work;
    },
    pending: () => running.size,
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      // New work can start while we wait (a listener's own follow-up), so loop until the set is empty.
      const all = (async () => {
        while (running.size > 0) await Promise.all([...running]);
        return true as const;
      })();
      const done = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return done;
    },
  };
}
