/** What a watch posts in the card's thread: state changes, only failures, or changes with the result broadcast. */
export type WatchFilter = 'changes' | 'failures' | 'all';

export const WATCH_FILTERS: readonly WatchFilter[] = ['changes', 'failures', 'all'];

/** `value` when it names a filter (case-insensitive), else `null`. */
export function readWatchFilter(value: string): WatchFilter | null {
  const lower = value.toLowerCase();
  return WATCH_FILTERS.find((f) => f === lower) ?? null;
}
