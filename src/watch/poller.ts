/**
 * The poller: the only code that posts or edits a watch card. `tick(now)` claims the watches that are due, reads
 * each of their pipelines once (CodeArts: only where its latest status moved, ./tick-reader.ts) and runs each
 * watch's cycle (a plan, then its execution); `start()` ticks on a timer. `runNow(watchId)` runs one watch's cycle
 * at once under the same lease — how a new watch gets its first card while the person who asked for it waits,
 * without a second writer of the card.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { PipelineBackend } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import { mapLimited } from '../domain/map-limited.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { asPipelineId } from '../domain/pipeline-id.js';
import { isStoreUnavailable } from '../domain/store-error.js';
import { type Logger, silentLogger } from '../log.js';
import { renderPipelineMessage } from '../render/pipeline-card.js';
import type { WatchProgress, WatchRecord, WatchStore } from '../store/types.js';
import { runBatches } from './batch-loop.js';
import { type ChannelPacerOptions, createChannelPacer } from './channel-pacer.js';
import type { ExecutorContext } from './cycle-executor.js';
import { type MonotonicClock, performanceClock } from './monotonic-clock.js';
import type { CardRenderer } from './observed-run.js';
import { type CycleSettings, emptyStats, runPipelineCycles, type TickStats } from './pipeline-cycles.js';
import { DEFAULT_SCHEDULE, MENTIONS_REFRESH_MS, storeBackoffMs } from './schedule.js';
import type { WatchSlack } from './slack-delivery.js';
import { createTickReader, DEFAULT_FULL_READ_SECONDS, DEFAULT_REMEMBERED_READS } from './tick-reader.js';

/** What a poller is made of: the store, the backend, Slack, and its settings. */
export interface PollerDeps {
  store: WatchStore;
  backend: PipelineBackend;
  /** The bot's Web API client (../slack-api/web-api.ts). */
  slack: WatchSlack;
  /** `WATCH_INTERVAL_SECONDS`. */
  intervalSeconds: number;
  /** `REVIEW_REMINDER_MINUTES`. */
  reviewReminderMinutes: number;
  locale?: Locale;
  /** Backend user name → Slack user id. */
  mentions?: Record<string, string>;
  /**
   * Read at the start of each cycle: the mentions as they are now (linked accounts over `mentions`); a failure
   * keeps the last ones.
   */
  currentMentions?: () => Promise<Record<string, string>>;
  /** The card; `renderPipelineMessage` by default. */
  renderCard?: CardRenderer;
  /** This process's lease owner id; unique per process by default. */
  owner?: string;
  /** How long a claim holds; a dead replica's watches are taken over after it. Default max(60 s, 4 intervals). */
  leaseSeconds?: number;
  /** Pipelines read and processed at once. Default 16. */
  concurrency?: number;
  /** Due watches per claim. Default 500. */
  batchSize?: number;
  /** Waiting or in review: polled `slowFactor` times less often. Default 4. */
  slowFactor?: number;
  /** After a run ends, how often to look for the next one. Default 120 s. */
  newRunCheckSeconds?: number;
  /** Longest back-off after failed reads. Default 300 s. */
  maxBackoffSeconds?: number;
  /** Failed reads lasting this long are noted once in the thread. Default 120 s. */
  errorNoteAfterSeconds?: number;
  /** `WATCH_FULL_READ_SECONDS`: how old a remembered read may be when an unmoved digest hands it out (./tick-reader.ts). */
  fullReadSeconds?: number;
  /** How many pipelines' last full reads are remembered for that. Default 5,000. */
  rememberedReads?: number;
  /** How often `start()` ticks. Default 2 s. */
  tickSeconds?: number;
  pacing?: ChannelPacerOptions;
  /** Time passing inside a tick: real by default; tests pass `{ now: () => 0 }` so only `tick(now)` moves it. */
  clock?: MonotonicClock;
  logger?: Logger;
}

export type { TickStats } from './pipeline-cycles.js';

/** What `runNow` came to: the watch's cycle ran (its saved progress), or another cycle holds the watch. */
export type WakeResult = { kind: 'ran'; progress: WatchProgress } | { kind: 'not_claimed' };

/** The watch poller (see the module comment). */
export interface Poller {
  /** This poller's lease owner id. */
  readonly owner: string;
  /** Ticks every `tickSeconds` until `stop()`. */
  start(): void;
  /** Stops the timer and waits for the tick and the `runNow` cycles in flight. */
  stop(): Promise<void>;
  /** One cycle at `now`: claim due watches, read each pipeline once, update cards and threads. */
  tick(now: Date): Promise<TickStats>;
  /**
   * Claims `watchId` (due or not) under the normal lease and runs its cycle at `now`; `pipeline`, a run the caller
   * has just read, saves a second read. `not_claimed`: paused, gone, or held by another cycle (a tick of this
   * process or a replica's), which then looks at it.
   */
  runNow(watchId: number, options: { now: Date; pipeline?: PipelineRun }): Promise<WakeResult>;
}

/** Creates a poller; nothing runs until `start()`, `tick(now)` or `runNow`. */
export function createPoller(deps: PollerDeps): Poller {
  const logger = deps.logger ?? silentLogger;
  const clock = deps.clock ?? performanceClock;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const intervalMs = deps.intervalSeconds * 1000;
  const leaseMs = (deps.leaseSeconds ?? Math.max(60, deps.intervalSeconds * 4)) * 1000;
  const concurrency = deps.concurrency ?? 16;
  const batchSize = deps.batchSize ?? 500;
  const pacer = createChannelPacer(deps.pacing);
  const reader = createTickReader({
    backend: deps.backend,
    fullReadMs: (deps.fullReadSeconds ?? DEFAULT_FULL_READ_SECONDS) * 1000,
    maxRemembered: deps.rememberedReads ?? DEFAULT_REMEMBERED_READS,
    logger,
  });
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
    simulated: deps.backend.info.simulated,
    renderCard: deps.renderCard ?? renderPipelineMessage,
  };

  // A `sending` key is in flight while the cycle that stamped it still runs; once none can be, it was left by a
  // crash and is posted again. With PostgreSQL a replica may be mid-post, and only its lease bounds how long: a key
  // is stale a lease after its stamp. With SQLite one process owns the file (for the same reason its claims void
  // another owner's lease at once), so a key stamped before this poller's first cycle was left by a process that is
  // gone and is taken over at once: after kill -9 a restart resumes within a tick, not a lease. A key stamped since
  // is this process's own, and its cycles hold a watch one at a time under the lease, so one is seen `sending` only
  // when the cycle posting it outlived its lease: the lease floor again.
  let firstCycleAt: number | null = null;
  const staleBefore = (now: Date): Date => {
    firstCycleAt ??= now.getTime();
    const inFlightFloor = now.getTime() - leaseMs;
    return new Date(deps.store.dialect === 'sqlite' ? Math.max(inFlightFloor, firstCycleAt - 1) : inFlightFloor);
  };

  function contextAt(now: Date, stats: TickStats): ExecutorContext & { counters: TickStats } {
    const started = clock.now();
    return {
      slack: deps.slack,
      store: deps.store,
      pacer,
      owner,
      intervalMs,
      maxBackoffMs: settings.maxBackoffMs,
      // Whole milliseconds: the stores keep epoch ms as integers (PostgreSQL bigint), and performance.now() is not.
      realNow: () => now.getTime() + Math.round(clock.now() - started),
      staleBefore: staleBefore(now),
      now,
      counters: stats,
      logger,
    };
  }

  /** Reads `pipelineId` from the backend, counted. */
  const readFor = (stats: TickStats, pipelineId: string) => (): Promise<PipelineRun> => {
    stats.backendReads += 1;
    return deps.backend.getRun(asPipelineId(pipelineId));
  };

  /** The next batch of due watches, by pipeline (no other reference to them is kept). */
  async function claimByPipeline(ctx: ExecutorContext, stats: TickStats): Promise<Map<string, WatchRecord[]>> {
    const byPipeline = new Map<string, WatchRecord[]>();
    const { now } = ctx;
    // Due-ness is judged at the tick's `now`, but a later batch's lease must run a whole lease from its claim.
    const elapsed = Math.max(0, ctx.realNow() - now.getTime());
    const claimed = await deps.store.claimDue({ owner, now, leaseMs: leaseMs + elapsed, limit: batchSize });
    for (const watch of claimed) {
      const siblings = byPipeline.get(watch.pipelineId);
      if (siblings) siblings.push(watch);
      else byPipeline.set(watch.pipelineId, [watch]);
    }
    stats.claimed += claimed.length;
    stats.pipelines += byPipeline.size;
    return byPipeline;
  }

  /**
   * Refreshes `settings.mentions` from `currentMentions` (people link and unlink between cycles): for a tick's
   * cycles at most every `MENTIONS_REFRESH_MS` (an idle tick reads nothing), for a person's `runNow` always. An
   * unavailable database is the tick loop's to report (once), not this read's.
   */
  let mentionsReadAt: number | null = null;
  async function refreshMentions(now: Date, always: boolean): Promise<void> {
    if (!deps.currentMentions) return;
    if (!always && mentionsReadAt !== null && now.getTime() - mentionsReadAt < MENTIONS_REFRESH_MS) return;
    mentionsReadAt = now.getTime();
    try {
      settings.mentions = await deps.currentMentions();
    } catch (error) {
      if (isStoreUnavailable(error)) return;
      logger.warn('reviewer mentions not refreshed', { error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  async function tick(now: Date): Promise<TickStats> {
    const started = clock.now();
    const stats = emptyStats();
    const ctx = contextAt(now, stats);
    await runBatches(
      {
        claim: async () => {
          const byPipeline = await claimByPipeline(ctx, stats);
          return byPipeline.size === 0 ? null : byPipeline;
        },
        run: async (byPipeline) => {
          await refreshMentions(now, false);
          const reads = await reader.batch([...byPipeline.keys()], now, stats);
          // Each pipeline's watch records are let go once they are handled; only their progress waits for the save.
          const results = await mapLimited([...byPipeline.keys()], concurrency, (id) => {
            const watches = byPipeline.get(id) ?? [];
            byPipeline.delete(id);
            return runPipelineCycles(ctx, settings, id, watches, reads.readFor(id, watches, readFor(stats, id)));
          });
          return results.flat();
        },
        save: (progress) => deps.store.saveProgress(owner, progress),
      },
      clock,
      leaseMs,
    );
    stats.durationMs = clock.now() - started;
    if (stats.claimed > 0) logger.debug('watch tick', { ...stats });
    return stats;
  }

  const inFlight = new Set<Promise<unknown>>();

  async function wake(watchId: number, now: Date, pipeline: PipelineRun | undefined): Promise<WakeResult> {
    const stats = emptyStats();
    const ctx = contextAt(now, stats);
    const watch = await deps.store.claimWatch({ owner, watchId, now, leaseMs });
    if (watch === null) return { kind: 'not_claimed' };
    await refreshMentions(now, true);
    stats.claimed = 1;
    stats.pipelines = 1;
    // Only this watch, not its pipeline's other watches as `claimDue` takes them: they come along to share one read,
    // and the caller has read the run already; taking them would have a person's command edit and post in other
    // channels while they wait for their answer.
    const read = pipeline === undefined ? readFor(stats, watch.pipelineId) : async () => pipeline;
    const [progress] = await runPipelineCycles(ctx, settings, watch.pipelineId, [watch], read);
    if (progress === undefined) throw new Error('a watch cycle returned no progress');
    await deps.store.saveProgress(owner, [progress]);
    logger.debug('watch woken', { watchId, ...stats });
    return { kind: 'ran', progress };
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  // Ticks in a row that found the database unavailable: the loop backs off, warns once, and says when it is back.
  let storeFailures = 0;
  const tickMs = (deps.tickSeconds ?? 2) * 1000;

  const loop = (): void => {
    if (stopped) return;
    let delayMs = tickMs;
    running = tick(new Date())
      .then(
        () => {
          if (storeFailures > 0) logger.info('the database is back: watching again', { failedTicks: storeFailures });
          storeFailures = 0;
        },
        (error: unknown) => {
          if (!isStoreUnavailable(error)) {
            logger.error('watch tick failed', { error });
            return;
          }
          storeFailures += 1;
          delayMs = storeBackoffMs(storeFailures, tickMs);
          if (storeFailures === 1) {
            logger.warn('the database is unavailable: watches wait, ticks back off until it is back', {
              error: error.message,
            });
          }
        },
      )
      .finally(() => {
        running = null;
        if (!stopped) timer = setTimeout(loop, delayMs);
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
      await Promise.allSettled([...inFlight]);
    },
    tick,
    runNow: (watchId, options) => {
      const cycle = wake(watchId, options.now, options.pipeline);
      inFlight.add(cycle);
      const forget = (): void => {
        inFlight.delete(cycle);
      };
      cycle.then(forget, forget);
      return cycle;
    },
  };
}
