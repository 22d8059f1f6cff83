/**
 * The poller: every few seconds it claims the watches that are due, fetches each of their pipelines once, and
 * lets each watch's cycle edit its card and post its milestones. `tick(now)` is one such pass, with the clock
 * passed in, which is how tests and the benchmark drive it; `start()` runs it on a timer.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PipelineBackend } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import { asPipelineId } from '../domain/pipeline-id.js';
import { type Logger, silentLogger } from '../log.js';
import { renderPipelineMessage } from '../render/pipeline-card.js';
import { progressOf } from '../store/progress.js';
import type { SubscriptionStore, WatchProgress, WatchRecord } from '../store/types.js';
import { type ChannelPacerOptions, createChannelPacer } from './channel-pacer.js';
import { mapLimited } from './map-limited.js';
import { DEFAULT_SCHEDULE } from './schedule.js';
import type { DeliveryContext, SlackCounters, WatchSlack } from './slack-delivery.js';
import {
  type CardRenderer,
  type CycleSettings,
  cycleWithPipeline,
  cycleWithSwrError,
  type ObservedPipeline,
  observePipeline,
} from './watch-cycle.js';

/** Time passing inside a tick: real in production; tests pass `{ now: () => 0 }` so only `tick(now)` moves it. */
export interface Scheduler {
  /** A monotonic clock in ms (only differences are used). */
  now(): number;
}

export const realScheduler: Scheduler = { now: () => performance.now() };

export interface PollerDeps {
  store: SubscriptionStore;
  backend: PipelineBackend;
  /** A client made by `createWatchSlackClient` (no blind retries, 429s thrown). */
  slack: WatchSlack;
  /** `WATCH_INTERVAL_SECONDS`. */
  intervalSeconds: number;
  /** `REVIEW_REMINDER_MINUTES`. */
  reviewReminderMinutes: number;
  locale?: Locale;
  /** SWR user name → Slack user id. */
  mentions?: Record<string, string>;
  /** The card; `renderPipelineMessage` by default. */
  renderCard?: CardRenderer;
  /** This process's lease owner id; unique per process by default. */
  owner?: string;
  /** How long a claim holds; a dead replica's watches are taken over after it. Default max(60 s, 4 intervals). */
  leaseSeconds?: number;
  /** Pipelines fetched and processed at once. Default 16. */
  concurrency?: number;
  /** Due watches per claim. Default 500. */
  batchSize?: number;
  /** Waiting or in review: polled `slowFactor` times less often. Default 4. */
  slowFactor?: number;
  /** After a run ends, how often to look for the next one. Default 120 s. */
  newRunCheckSeconds?: number;
  /** Longest SWR back-off. Default 300 s. */
  maxBackoffSeconds?: number;
  /** An SWR outage this long is noted once in the thread. Default 120 s. */
  errorNoteAfterSeconds?: number;
  /** How often `start()` ticks. Default 2 s. */
  tickSeconds?: number;
  pacing?: ChannelPacerOptions;
  scheduler?: Scheduler;
  logger?: Logger;
}

/** What one `tick` did. */
export interface TickStats extends SlackCounters {
  claimed: number;
  pipelines: number;
  swrRequests: number;
  swrErrors: number;
  paused: number;
  durationMs: number;
}

export interface Poller {
  /** This poller's lease owner id. */
  readonly owner: string;
  start(): void;
  /** Stops the timer and waits for the tick in flight. */
  stop(): Promise<void>;
  /** One cycle at `now`: claim due watches, fetch each pipeline once, update cards and threads. */
  tick(now: Date): Promise<TickStats>;
}

/** Creates a poller; nothing runs until `start()` or `tick(now)`. */
export function createPoller(deps: PollerDeps): Poller {
  const logger = deps.logger ?? silentLogger;
  const scheduler = deps.scheduler ?? realScheduler;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const intervalMs = deps.intervalSeconds * 1000;
  const leaseMs = (deps.leaseSeconds ?? Math.max(60, deps.intervalSeconds * 4)) * 1000;
  const concurrency = deps.concurrency ?? 16;
  const batchSize = deps.batchSize ?? 500;
  const pacer = createChannelPacer(deps.pacing);
  const settings: CycleSettings = {
    intervalMs,
    slowFactor: deps.slowFactor ?? DEFAULT_SCHEDULE.slowFactor,
    newRunCheckMs:
      deps.newRunCheckSeconds !== undefined ? deps.newRunCheckSeconds * 1000 : DEFAULT_SCHEDULE.newRunCheckMs,
    maxBackoffMs: deps.maxBackoffSeconds !== undefined ? deps.maxBackoffSeconds * 1000 : DEFAULT_SCHEDULE.maxBackoffMs,
    errorNoteAfterMs: (deps.errorNoteAfterSeconds ?? 120) * 1000,
    reviewReminderMs: deps.reviewReminderMinutes * 60_000,
    locale: deps.locale ?? 'en',
    mentions: deps.mentions,
    backend: deps.backend.info.kind,
    renderCard: deps.renderCard ?? renderPipelineMessage,
    logger,
  };
  // A `sending` key may be in flight right now (another replica, or in this process the watch service posting a
  // new watch's first card while a tick claims that watch with its pipeline's siblings) until a lease has passed.
  // With SQLite one process owns the file, so a key written before this poller's first tick was left by a crash
  // and is taken over at once.
  let firstTickAt: number | null = null;
  const staleBefore = (now: Date): Date => {
    firstTickAt ??= now.getTime();
    const inFlightFloor = now.getTime() - leaseMs;
    return new Date(deps.store.dialect === 'sqlite' ? Math.max(inFlightFloor, firstTickAt - 1) : inFlightFloor);
  };

  async function processPipeline(
    ctx: DeliveryContext,
    stats: TickStats,
    pipelineId: string,
    watches: WatchRecord[],
  ): Promise<WatchProgress[]> {
    stats.swrRequests += 1;
    const out: WatchProgress[] = [];
    try {
      const pipeline = await deps.backend.getRun(asPipelineId(pipelineId));
      // Summarised (and its card rendered) once for all its watches; a failure there is each watch's, as below.
      let seen: ObservedPipeline | null = null;
      const observed = (): ObservedPipeline => {
        seen ??= observePipeline(pipeline, settings, ctx.now);
        return seen;
      };
      for (const w of watches) out.push(await safely(w, () => cycleWithPipeline(ctx, settings, w, observed())));
    } catch (error) {
      stats.swrErrors += 1;
      logger.warn('reading a watched pipeline failed', { pipelineId, error });
      for (const w of watches) out.push(await safely(w, () => cycleWithSwrError(ctx, settings, w, error)));
    }
    stats.paused += out.filter((p) => p.pausedReason !== null).length;
    return out;

    async function safely(w: WatchRecord, run: () => Promise<WatchProgress>): Promise<WatchProgress> {
      try {
        return await run();
      } catch (error) {
        // A store or rendering failure for one watch must not stop the others; it is tried again next interval.
        stats.errors += 1;
        logger.error('watch cycle failed', { watchId: w.id, error });
        const fresh = (await deps.store.getWatch(w.id).catch(() => null)) ?? w;
        return { ...progressOf(fresh), nextPollAt: new Date(ctx.now.getTime() + intervalMs) };
      }
    }
  }

  /** The next batch of due watches, by pipeline (no other reference to them is kept). */
  async function claimByPipeline(ctx: DeliveryContext, stats: TickStats): Promise<Map<string, WatchRecord[]>> {
    const byPipeline = new Map<string, WatchRecord[]>();
    const { now } = ctx;
    // Due-ness is judged at the tick's `now`, but a later batch's lease must run a whole lease from its claim.
    const elapsed = Math.max(0, ctx.clock() - now.getTime());
    const claimed = await deps.store.claimDue({ owner, now, leaseMs: leaseMs + elapsed, limit: batchSize });
    for (const w of claimed) {
      const siblings = byPipeline.get(w.pipelineId);
      if (siblings) siblings.push(w);
      else byPipeline.set(w.pipelineId, [w]);
    }
    stats.claimed += claimed.length;
    stats.pipelines += byPipeline.size;
    return byPipeline;
  }

  async function tick(now: Date): Promise<TickStats> {
    const started = scheduler.now();
    const stats: TickStats = {
      claimed: 0,
      pipelines: 0,
      swrRequests: 0,
      swrErrors: 0,
      slackCalls: 0,
      posts: 0,
      updates: 0,
      errors: 0,
      deferred: 0,
      paused: 0,
      durationMs: 0,
    };
    const ctx: DeliveryContext = {
      slack: deps.slack,
      store: deps.store,
      pacer,
      // Whole milliseconds: the stores keep epoch ms as integers (PostgreSQL bigint), and performance.now() is not.
      clock: () => now.getTime() + Math.round(scheduler.now() - started),
      staleBefore: staleBefore(now),
      now,
      counters: stats,
      logger,
    };
    for (;;) {
      const byPipeline = await claimByPipeline(ctx, stats);
      if (byPipeline.size === 0) break;
      // Each pipeline's watch records are let go once they are handled; only their progress waits for the save.
      const results = await mapLimited([...byPipeline.keys()], concurrency, (id) => {
        const watches = byPipeline.get(id) ?? [];
        byPipeline.delete(id);
        return processPipeline(ctx, stats, id, watches);
      });
      await deps.store.saveProgress(owner, results.flat());
    }
    stats.durationMs = scheduler.now() - started;
    if (stats.claimed > 0) logger.debug('watch tick', { ...stats });
    return stats;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  const loop = (): void => {
    if (stopped) return;
    running = tick(new Date())
      .catch((error: unknown) => logger.error('watch tick failed', { error }))
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(loop, (deps.tickSeconds ?? 2) * 1000);
      });
  };

  return {
    owner,
    start: () => {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
    tick,
  };
}
