/**
 * When a watch is looked at next: often while its pipeline runs, less often while it waits (for a trigger or a
 * review), rarely once the run is over (only to notice a new run), and with a growing back-off while reads fail.
 */
import type { RunState } from '../domain/run-state.js';

/** The poll intervals a watch's schedule is made from. */
export interface ScheduleSettings {
  /** `WATCH_INTERVAL_SECONDS`: a running pipeline. */
  intervalMs: number;
  /** A waiting pipeline or one in review: `intervalMs × slowFactor`. */
  slowFactor: number;
  /** A finished run is not polled; the pipeline is checked this often for a new run. */
  newRunCheckMs: number;
  /** The back-off after failed reads never waits longer. */
  maxBackoffMs: number;
}

/** The defaults besides the interval: 4× slower while waiting, a new-run check every 2 min, back-off ≤ 5 min. */
export const DEFAULT_SCHEDULE: Omit<ScheduleSettings, 'intervalMs'> = {
  slowFactor: 4,
  newRunCheckMs: 120_000,
  maxBackoffMs: 300_000,
};

/** The wait before the next look at a pipeline in `state`. */
export function pollDelayMs(state: RunState, settings: ScheduleSettings): number {
  if (state.finished) return settings.newRunCheckMs;
  if (state.awaitingReview !== null || state.statusClass !== 'active') return settings.intervalMs * settings.slowFactor;
  return settings.intervalMs;
}

/** `baseMs` doubled once per failure in a row (the first already doubles it), up to `capMs`. */
function doubledMs(baseMs: number, failures: number, capMs: number): number {
  return Math.min(baseMs * 2 ** Math.min(Math.max(failures, 1), 20), capMs);
}

/** The wait after the `streak`-th failed read in a row: doubling from the interval, up to the maximum. */
export function backoffMs(streak: number, settings: ScheduleSettings, retryAfterMs = 0): number {
  const cap = settings.maxBackoffMs;
  return Math.max(doubledMs(settings.intervalMs, streak, cap), Math.min(retryAfterMs, cap));
}

/** How old the reviewer mentions (linked accounts) a tick's cycles use may be: read again at most this often. */
export const MENTIONS_REFRESH_MS = 30_000;

/** The longest wait between ticks while the database is unavailable: a restored database is noticed within it. */
export const MAX_STORE_BACKOFF_MS = 30_000;

/**
 * The wait before the next tick after the `failures`-th tick in a row that found the database unavailable:
 * doubling from the tick interval, up to `MAX_STORE_BACKOFF_MS` (a dead database is not hammered every 2 s).
 */
export function storeBackoffMs(failures: number, tickMs: number): number {
  return doubledMs(tickMs, failures, Math.max(MAX_STORE_BACKOFF_MS, tickMs));
}
