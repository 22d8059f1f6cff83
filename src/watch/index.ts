/** Channel watch: the service behind `/pipeline watch | unwatch | list`, and the poller that keeps cards live. */
export { createPoller, type Poller, type PollerDeps, realScheduler, type Scheduler, type TickStats } from './poller.js';
export type { WatchSlack } from './slack-delivery.js';
export type { CardRenderer } from './watch-cycle.js';
export {
  createWatchService,
  type UnwatchRequest,
  type WatchRequest,
  type WatchService,
  type WatchServiceDeps,
} from './watch-service.js';
