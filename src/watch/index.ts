/** Channel watch: the service behind `/pipeline watch | unwatch | list`, and the poller that keeps cards live. */
export { type MonotonicClock, performanceClock } from './monotonic-clock.js';
export type { CardRenderer } from './observed-run.js';
export { createPoller, type Poller, type PollerDeps, type TickStats, type WakeResult } from './poller.js';
export type { WatchSlack } from './slack-delivery.js';
export {
  createWatchService,
  type UnwatchRequest,
  type WatchRequest,
  type WatchService,
  type WatchServiceDeps,
} from './watch-service.js';
