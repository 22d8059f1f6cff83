/**
 * One pipeline's share of a tick: read it once (or take the run a caller has just read), then plan and carry out
 * the cycle of each of its claimed watches. A failure of one watch's cycle (the store, rendering) is that watch's
 * alone: it is logged, and the watch is looked at again after one interval.
 */

import { mapLimited } from '../domain/map-limited.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { progressOf } from '../store/progress.js';
import type { WatchProgress, WatchRecord } from '../store/types.js';
import type { Observation, PlanSettings } from './cycle-actions.js';
import { type ExecutorContext, executePlan } from './cycle-executor.js';
import { planCycle } from './cycle-plan.js';
import { type CardSettings, type ObservedRun, observeRun } from './observed-run.js';
import type { SlackCounters } from './slack-delivery.js';

/** Watch cycles of one pipeline carried out at once (the poller runs 16 pipelines at once). */
const WATCHES_AT_ONCE = 8;

/** Everything a cycle reads its settings from. */
export interface CycleSettings extends PlanSettings, CardSettings {}

/** Counters of one tick. */
export interface TickStats extends SlackCounters {
  claimed: number;
  pipelines: number;
  /** Reads of a pipeline from the backend (one per pipeline per tick, however many watches it has). */
  backendReads: number;
  /** Those that failed. */
  backendErrors: number;
  /** Latest-status batch look-ups (one per claimed batch, where the backend has them: ./tick-reader.ts). */
  statusCalls: number;
  /** Those that failed (every pipeline of the batch was then read in full). */
  statusErrors: number;
  /** Pipelines whose unmoved digest let a remembered read stand in for a backend read. */
  digestHits: number;
  paused: number;
  durationMs: number;
}

/** A tick's counters, all zero. */
export function emptyStats(): TickStats {
  return {
    claimed: 0,
    pipelines: 0,
    backendReads: 0,
    backendErrors: 0,
    statusCalls: 0,
    statusErrors: 0,
    digestHits: 0,
    slackCalls: 0,
    posts: 0,
    updates: 0,
    errors: 0,
    deferred: 0,
    paused: 0,
    durationMs: 0,
  };
}

/** Runs the cycles of `watches` (all of `pipelineId`), after `read` gives the run or fails; their progress. */
export async function runPipelineCycles(
  ctx: ExecutorContext & { counters: TickStats },
  settings: CycleSettings,
  pipelineId: string,
  watches: readonly WatchRecord[],
  read: () => Promise<PipelineRun>,
): Promise<WatchProgress[]> {
  const stats = ctx.counters;
  let reading: { pipeline: PipelineRun } | { error: unknown };
  try {
    reading = { pipeline: await read() };
  } catch (error) {
    stats.backendErrors += 1;
    ctx.logger.warn('reading a watched pipeline failed', { pipelineId, error });
    reading = { error };
  }
  // Summarised once for all its watches, on first use, inside a watch's cycle: a failure there is that watch's.
  let observed: ObservedRun | null = null;
  const observe = (): Observation => {
    if ('error' in reading) return { kind: 'read_failed', error: reading.error };
    observed ??= observeRun(reading.pipeline, settings, ctx.now);
    return { kind: 'run', run: observed };
  };
  // A pipeline's watches are independent (each its own card, keys and lease), so a few run at once: with
  // PostgreSQL each post waits two round trips (its claim and its mark), which one after another added up per pipeline.
  const out = await mapLimited(watches, WATCHES_AT_ONCE, async (watch) => {
    try {
      return await executePlan(ctx, watch, planCycle(watch, observe(), ctx.now.getTime(), settings));
    } catch (error) {
      // A store or rendering failure for one watch must not stop the others; it is tried again next interval.
      stats.errors += 1;
      ctx.logger.error('watch cycle failed', { watchId: watch.id, error });
      const fresh = (await ctx.store.getWatch(watch.id).catch(() => null)) ?? watch;
      return { ...progressOf(fresh), nextPollAt: new Date(ctx.now.getTime() + ctx.intervalMs) };
    }
  });
  stats.paused += out.filter((progress) => progress.pausedReason !== null).length;
  return out;
}
